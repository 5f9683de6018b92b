package org.huxin.loadtest.chaos.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The three gateway nodes, a Hazelcast cluster on loopback, each signing in to PostgreSQL through
 * the delaying proxy as the ordinary role {@code huxin_gw} (so a REVOKE can take the alert relay
 * down). Node i is {@code node-i}; its output is appended to {@code gateway-i.log} across restarts,
 * its GC to {@code gc-gateway-i.log}.
 */
public final class GatewayNodes {
  public static final int COUNT = 3;
  public static final int HEAP_MB = 512;

  /**
   * Three nodes, PostgreSQL and the driver share two cores. Parallel GC's young pauses ran to 485
   * ms here (its threads wait on each other while descheduled), serial GC's to about 210 ms.
   * Metaspace starts large, or its first growths each cost a full GC (350-480 ms seen, mid-run).
   */
  static final List<String> JVM_OPTIONS =
      List.of(
          "-Xms" + HEAP_MB + "m",
          "-Xmx" + HEAP_MB + "m",
          "-XX:+UseSerialGC",
          "-XX:MetaspaceSize=128m",
          "-XX:+ExitOnOutOfMemoryError");

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(2);

  private final Launcher launcher;
  private final RunFolder folder;
  private final Ports ports;
  private final Waits waits;
  private final Map<String, String> env;
  private final Process[] processes = new Process[COUNT];
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(READY_TIMEOUT)
          .build();

  /**
   * @param gatewayPassword the password of {@code huxin_gw}
   * @param runEnv the environment this run was started with, for the admission settings
   */
  GatewayNodes(
      Launcher launcher,
      RunFolder folder,
      Ports ports,
      Waits waits,
      String gatewayPassword,
      Map<String, String> runEnv) {
    this.launcher = launcher;
    this.folder = folder;
    this.ports = ports;
    this.waits = waits;
    Map<String, String> e = new LinkedHashMap<>();
    e.put("PG_URL", "jdbc:postgresql://127.0.0.1:" + ports.proxy() + "/huxin");
    e.put("PG_USER", "huxin_gw");
    e.put("PG_PASSWORD", gatewayPassword);
    e.put("HUXIN_HTTP_HOST", "127.0.0.1");
    e.put("HUXIN_ALERT_SINK_ALLOW_HTTP", "true");
    // Low on purpose: the waiting room must engage at the load this box can offer. The lag bound
    // is half the default too: here the driver shares the two cores with three nodes and
    // PostgreSQL, and at 100 ms admitted students' p99 under overload ran 0.9-1.8 s; at 50 ms,
    // 0.34 s.
    e.put("HUXIN_ADMISSION_LIMIT", orDefault(runEnv, "HUXIN_ADMISSION_LIMIT", "12"));
    e.put("HUXIN_ADMISSION_MAX_LAG_MS", orDefault(runEnv, "HUXIN_ADMISSION_MAX_LAG_MS", "50"));
    this.env = Map.copyOf(e);
  }

  private static String orDefault(Map<String, String> env, String name, String fallback) {
    String v = env.get(name);
    return v == null || v.isEmpty() ? fallback : v;
  }

  public int count() {
    return COUNT;
  }

  public String base(int i) {
    return "http://127.0.0.1:" + ports.node(i);
  }

  /** Every node's base URL, comma-separated. */
  public String bases() {
    return IntStream.range(0, COUNT).mapToObj(this::base).collect(Collectors.joining(","));
  }

  private String members() {
    return IntStream.range(0, COUNT)
        .mapToObj(i -> "127.0.0.1:" + ports.clusterNode(i))
        .collect(Collectors.joining(","));
  }

  public void start(int i) throws IOException {
    JavaCommand node =
        launcher
            .java(JVM_OPTIONS.toArray(String[]::new))
            .args("-Xlog:gc:file=" + folder.file("gc-gateway-" + i + ".log") + ":time,uptime")
            .jar(
                folder.gatewayJar(),
                "serve",
                "--http-port",
                ports.node(i),
                "--cluster",
                "--cluster-port",
                ports.clusterNode(i),
                "--members",
                members())
            .appendLog(folder.file("gateway-" + i + ".log"));
    env.forEach(node::env);
    node.env("HUXIN_NODE_NAME", "node-" + i).env("HUXIN_PUBLIC_URL", base(i));
    processes[i] = node.start(Launcher.Tier.NODE);
  }

  /** {@code kill -9}, and waits until it is gone. */
  public void kill(int i) throws InterruptedException {
    processes[i].destroyForcibly();
    processes[i].waitFor();
  }

  public boolean alive(int i) {
    return processes[i] != null && processes[i].isAlive();
  }

  /** Whether {@code /health/ready} answers below 400 within 2 s. */
  public boolean ready(int i) throws InterruptedException {
    HttpRequest get =
        HttpRequest.newBuilder(URI.create(base(i) + "/health/ready"))
            .timeout(READY_TIMEOUT)
            .build();
    try {
      return http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() < 400;
    } catch (IOException e) {
      return false;
    }
  }

  /** Polls readiness for up to 180 s; false (and a line naming {@code what}) when never ready. */
  public boolean awaitReady(int i, String what) throws InterruptedException {
    return waits.until(180, what, () -> ready(i));
  }
}
