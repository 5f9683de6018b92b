package org.huxin.loadtest.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.gateway.testing.Http;
import org.huxin.gateway.testing.Nginx;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.Eventually;
import org.huxin.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * The release as ops receive it: {@code gateway/target/huxin-<version>.tar.gz} (built by the
 * gateway module's package phase, {@code ./huxin dist}) is unpacked in an empty folder outside the
 * repository and run with a {@code PATH} that holds a Java runtime and a few shell tools and
 * nothing else (no Maven). Its systemd unit passes {@code systemd-analyze verify}; its shipped
 * settings file, filled in as its comments ask, starts a two-node cluster on a PostgreSQL named by
 * {@code PG_URL}; its nginx site serves the demo over TLS (a student signs in, answers and submits;
 * a psychologist signs in and reads the window's progress); each node's management port answers
 * {@code /health/ready} and {@code /metrics} with both members. Its rules, dashboard and site file
 * are the ones in {@code gateway/deploy}, which {@code PrometheusRulesTest}, {@code
 * GrafanaDashboardTest} and {@code NginxProxyTest} check.
 */
@DatabaseTest
class DistributionTest {
  private static final Path GATEWAY =
      Paths.get(System.getProperty("basedir", "."), "..", "gateway");
  private static final Duration START_WITHIN = Duration.ofSeconds(120);

  @Test
  void tarball_unpackedAlone_runsATwoNodeClusterBehindNginx() throws Exception {
    Path tarball = tarball();
    Path root = Files.createTempDirectory("huxin-release");
    run(root, List.of("tar", "xzf", tarball.toString(), "-C", root.toString()));
    Path release;
    try (Stream<Path> unpacked = Files.list(root)) {
      release = unpacked.filter(Files::isDirectory).findFirst().orElseThrow();
    }
    String version = Files.readString(release.resolve("VERSION")).strip();
    assertEquals(
        tarball.getFileName().toString(), "huxin-" + version + ".tar.gz", "VERSION filled in");
    for (String part :
        List.of(
            "README.md",
            "huxin.env.example",
            "lib/huxin-gateway.jar",
            "systemd/huxin.service",
            "nginx/huxin.conf",
            "prometheus/huxin-rules.yml",
            "prometheus/huxin-rules.test.yml",
            "prometheus/prometheus.yml",
            "grafana/huxin-dashboard.json")) {
      assertTrue(Files.isRegularFile(release.resolve(part)), "the release holds " + part);
    }
    for (String shipped :
        List.of(
            "systemd/huxin.service",
            "nginx/huxin.conf",
            "prometheus/huxin-rules.yml",
            "prometheus/huxin-rules.test.yml",
            "grafana/huxin-dashboard.json")) {
      assertEquals(
          Files.readString(GATEWAY.resolve("deploy").resolve(shipped)),
          Files.readString(release.resolve(shipped)),
          shipped + " is the tested one in gateway/deploy");
    }
    Path launcher = release.resolve("bin/huxin");
    assertTrue(Files.isExecutable(launcher), "bin/huxin is executable");
    assertFalse(Files.readString(launcher).contains("mvn"), "the launcher never calls Maven");

    Path tools = jreAndShellOnly(root.resolve("path"));
    Map<String, String> base = Map.of("PATH", tools.toString(), "HOME", root.toString());
    assertEquals(version, output(release, base, launcher.toString(), "version").strip());
    Path badEnv = root.resolve("bad.env");
    Files.writeString(badEnv, "export HUXIN_HTTP_PORT=1\n");
    Map<String, String> withBadEnv = new LinkedHashMap<>(base);
    withBadEnv.put("HUXIN_ENV_FILE", badEnv.toString());
    Finished refused = finish(release, withBadEnv, launcher.toString(), "version");
    assertEquals(2, refused.exit(), "a settings line that is not KEY=value stops the launcher");
    assertTrue(refused.output().contains("not a KEY=value line"), refused.output());

    verifyUnit(release, root);

    try (TestDatabase db = TestDatabase.create(DistributionTest.class)) {
      runCluster(release, root, base, db);
    }
    deleteTree(root); // kept when the test failed, for its logs
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** The two nodes, nginx in front, and what a student, a psychologist and Prometheus see. */
  private static void runCluster(Path release, Path root, Map<String, String> base, TestDatabase db)
      throws Exception {
    int httpsPort = GatewayFixture.freePort();
    String publicUrl = "https://" + Nginx.SERVER_NAME + ":" + httpsPort;
    int[] http = {GatewayFixture.freePort(), GatewayFixture.freePort()};
    int[] cluster = {GatewayFixture.freePort(), GatewayFixture.freePort()};
    int[] bus = {GatewayFixture.freePort(), GatewayFixture.freePort()};
    int[] management = {GatewayFixture.freePort(), GatewayFixture.freePort()};
    Path envFile =
        settingsFile(
            release, root, db, publicUrl, "127.0.0.1:" + cluster[0] + ",127.0.0.1:" + cluster[1]);
    List<Process> nodes = new ArrayList<>();
    Nginx nginx = null;
    try {
      for (int i = 0; i < 2; i++) {
        Path home = Files.createDirectories(root.resolve("var/node-" + i));
        Map<String, String> env = new LinkedHashMap<>(base);
        env.put("HUXIN_ENV_FILE", envFile.toString());
        env.put("HUXIN_HOME", home.toString());
        env.put("HUXIN_NODE_NAME", "node-" + i);
        env.put("HUXIN_HTTP_HOST", "127.0.0.1");
        env.put("HUXIN_HTTP_PORT", Integer.toString(http[i]));
        env.put("HUXIN_CLUSTER_PORT", Integer.toString(cluster[i]));
        env.put("HUXIN_EVENTBUS_PORT", Integer.toString(bus[i]));
        env.put("HUXIN_MANAGEMENT_PORT", Integer.toString(management[i]));
        env.put("JAVA_OPTS", "-Xms128m -Xmx512m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError");
        // The first node seeds the demo city and prints its codes and logins; the second joins.
        Path log = root.resolve("node-" + i + ".log");
        nodes.add(
            start(
                home,
                env,
                log,
                release.resolve("bin/huxin").toString(),
                i == 0 ? "demo" : "serve"));
        int node = i;
        Http managementPort = new Http(management[i]);
        Eventually.await(
            "node-" + i + " ready on its management port (log: " + log + ")",
            START_WITHIN,
            () -> {
              if (!nodes.get(node).isAlive()) {
                throw new AssertionError("node-" + node + " exited: " + tail(log));
              }
              return ready(managementPort);
            });
      }
      for (int port : management) {
        String metrics = new Http(port).get("/metrics").body();
        assertTrue(
            Pattern.compile("(?m)^huxin_cluster_members(\\{[^}]*})? 2\\.0$")
                .matcher(metrics)
                .find(),
            "each node sees both members");
      }
      // Printed just after the node turned ready.
      Path printout = root.resolve("node-0.log");
      Demo demo =
          Eventually.await(
              "the demo's printout in " + printout,
              Duration.ofSeconds(30),
              () -> Demo.parse(read(printout)));

      nginx =
          Nginx.start(release.resolve("nginx/huxin.conf"), httpsPort, List.of(http[0], http[1]));
      Http student = new Http("https://127.0.0.1:" + httpsPort, trusting(nginx.certificate()));
      GatewayFixture.submitAnswers(
          student,
          GatewayFixture.loginBody(demo.school(), demo.number(), demo.code()),
          Instant.now(),
          (scale, item) -> 1);

      Http staff = new Http("https://127.0.0.1:" + httpsPort, trusting(nginx.certificate()));
      HttpResponse<String> signedIn =
          staff.postJson(
              "/api/staff/login",
              new JsonObject()
                  .put("username", "psychologist")
                  .put("password", demo.staff().get("psychologist"))
                  .encode(),
              "Origin",
              publicUrl);
      assertEquals(200, signedIn.statusCode(), signedIn.body());
      HttpResponse<String> progress =
          staff.get("/api/staff/windows/" + demo.window() + "/progress", "Origin", publicUrl);
      assertEquals(200, progress.statusCode(), progress.body());
      // The jar leaves out what a Linux server never loads; the console's chart library stays.
      HttpResponse<String> charts = staff.get("/webjars/echarts/5.5.0/echarts.min.js");
      assertEquals(200, charts.statusCode());
      assertTrue(charts.body().length() > 500_000, "echarts.min.js: " + charts.body().length());

      List<String> accessLog = nginx.accessLog();
      assertFalse(accessLog.isEmpty(), "the requests went through nginx");
      String code = demo.code();
      String codeBare = code.replace("-", "");
      for (String line : accessLog) {
        assertFalse(
            line.contains(code) || line.contains(codeBare) || line.contains("Bearer"),
            "the access log holds no access code or token: " + line);
      }
    } finally {
      if (nginx != null) {
        nginx.close();
      }
      for (Process node : nodes) {
        stop(node);
      }
    }
  }

  /** The settings file ops write: the shipped example with its [required] lines filled in. */
  private static Path settingsFile(
      Path release, Path root, TestDatabase db, String publicUrl, String members)
      throws IOException {
    Map<String, String> pg = db.env();
    Path appPassword = root.resolve("pg-app.password");
    Path ownerPassword = root.resolve("pg-owner.password");
    Files.writeString(appPassword, pg.get("PG_PASSWORD") + "\n");
    Files.writeString(ownerPassword, pg.get("PG_OWNER_PASSWORD") + "\n");
    Map<String, String> filled = new LinkedHashMap<>();
    filled.put("HUXIN_TOKEN_SECRET", secret());
    filled.put("HUXIN_DATA_KEY", secret());
    filled.put("HUXIN_ARCHIVE_KEY", secret());
    filled.put("PG_URL", pg.get("PG_URL"));
    filled.put("PG_USER", pg.get("PG_USER"));
    filled.put("PG_PASSWORD_FILE", appPassword.toString());
    filled.put("PG_OWNER_USER", pg.get("PG_OWNER_USER"));
    filled.put("PG_OWNER_PASSWORD_FILE", ownerPassword.toString());
    filled.put("HUXIN_PUBLIC_URL", publicUrl);
    filled.put("HUXIN_TRUSTED_PROXIES", "127.0.0.1/32");
    filled.put("HUXIN_CLUSTER_MEMBERS", members);
    filled.put("HUXIN_CLUSTER_HOST", "127.0.0.1");
    filled.put("HUXIN_MANAGEMENT_HOST", "127.0.0.1");
    StringBuilder out = new StringBuilder();
    for (String line : Files.readAllLines(release.resolve("huxin.env.example"))) {
      int eq = line.indexOf('=');
      String key = line.startsWith("#") || eq < 0 ? null : line.substring(0, eq);
      out.append(key != null && filled.containsKey(key) ? key + "=" + filled.remove(key) : line)
          .append('\n');
    }
    assertTrue(filled.isEmpty(), "the example has a line for each of " + filled.keySet());
    Path file = root.resolve("huxin.env");
    Files.writeString(file, out);
    return file;
  }

  /** The unit as installed, its ExecStart pointing at this folder's launcher, verified clean. */
  private static void verifyUnit(Path release, Path root) throws Exception {
    String unit = Files.readString(release.resolve("systemd/huxin.service"));
    assertTrue(unit.contains("ExecStart=/opt/huxin/bin/huxin serve"), unit);
    assertTrue(unit.contains("Restart=on-failure"), "a node that exits on failure comes back");
    Path copy = root.resolve("huxin.service");
    Files.writeString(
        copy, unit.replace("/opt/huxin/bin/huxin", release.resolve("bin/huxin").toString()));
    Finished verified =
        finish(root, Map.of("PATH", "/usr/bin:/bin"), "systemd-analyze", "verify", copy.toString());
    assertEquals(0, verified.exit(), verified.output());
    assertEquals("", verified.output().strip(), "systemd-analyze has nothing to say");
  }

  private static Path tarball() throws IOException {
    Path target = GATEWAY.resolve("target");
    try (Stream<Path> files = Files.list(target)) {
      List<Path> found =
          files.filter(p -> p.getFileName().toString().matches("huxin-.+\\.tar\\.gz")).toList();
      assertEquals(
          1, found.size(), "one release tarball in " + target + " (./huxin dist builds it)");
      return found.get(0);
    }
  }

  /** A folder of links to the Java runtime and the shell tools the launcher uses, nothing else. */
  private static Path jreAndShellOnly(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.createSymbolicLink(
        dir.resolve("java"), Paths.get(System.getProperty("java.home"), "bin", "java"));
    for (String tool : List.of("bash", "dirname", "readlink", "cat")) {
      Path found = Paths.get("/usr/bin", tool);
      Files.createSymbolicLink(
          dir.resolve(tool), Files.exists(found) ? found : Paths.get("/bin", tool));
    }
    return dir;
  }

  private static boolean ready(Http managementPort) {
    try {
      return managementPort.get("/health/ready").statusCode() == 200;
    } catch (RuntimeException notListening) {
      return false;
    }
  }

  private static SSLContext trusting(Path certificate) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(certificate)) {
      store.setCertificateEntry(
          "nginx", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, trust.getTrustManagers(), new SecureRandom());
    return tls;
  }

  private static String secret() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  private static Process start(Path dir, Map<String, String> env, Path log, String... command)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().clear();
    builder.environment().putAll(env);
    return builder.start();
  }

  /** SIGTERM, as systemd stops a node; killed if it has not drained within 60 s. */
  private static void stop(Process node) throws InterruptedException {
    node.destroy();
    if (!node.waitFor(60, TimeUnit.SECONDS)) {
      node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private record Finished(int exit, String output) {}

  private static Finished finish(Path dir, Map<String, String> env, String... command)
      throws Exception {
    Path log = Files.createTempFile("huxin-release", ".log");
    Process p = start(dir, env, log, command);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish in 60 s");
    }
    return new Finished(p.exitValue(), Files.readString(log));
  }

  private static String output(Path dir, Map<String, String> env, String... command)
      throws Exception {
    Finished f = finish(dir, env, command);
    assertEquals(0, f.exit(), String.join(" ", command) + ": " + f.output());
    return f.output();
  }

  private static void run(Path dir, List<String> command) throws Exception {
    output(dir, Map.of("PATH", "/usr/bin:/bin"), command.toArray(String[]::new));
  }

  private static String read(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** What {@code bin/huxin demo} printed: one student's login, the staff logins, the window. */
  private record Demo(
      String school, String number, String code, Map<String, String> staff, long window) {
    /** The demo's printout in {@code log}, once it is all there. */
    static Optional<Demo> parse(String log) {
      Matcher student =
          Pattern.compile(
                  "Student logins [^\\n]*\\n\\s+(\\S+)\\s+(\\S+)\\s+([A-Z0-9]{5}-[A-Z0-9]{5})")
              .matcher(log);
      Matcher window = Pattern.compile("Window:.*\\(id (\\d+),").matcher(log);
      Matcher logins =
          Pattern.compile("Staff logins [^\\n]*\\n((?:  \\S+ +\\S+\\n)+)Progress:").matcher(log);
      if (!student.find() || !window.find() || !logins.find()) {
        return Optional.empty();
      }
      Map<String, String> staff = new LinkedHashMap<>();
      for (String line : logins.group(1).split("\n")) {
        String[] parts = line.trim().split("\\s+");
        staff.put(parts[0], parts[1]);
      }
      return Optional.of(
          new Demo(
              student.group(1),
              student.group(2),
              student.group(3),
              staff,
              Long.parseLong(window.group(1))));
    }
  }
}
