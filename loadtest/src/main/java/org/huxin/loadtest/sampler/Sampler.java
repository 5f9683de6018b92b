package org.huxin.loadtest.sampler;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Samples a rehearsal once a second until SIGTERM, one JSON object per line ({@link Sample}).
 *
 * <pre>
 * java -cp loadtest/target/classes org.huxin.loadtest.sampler.Sampler OUT.jsonl \
 *     --nodes 18300,18301 --pids 123,456 [--generator-pattern io.gatling.app.Gatling]
 * java -cp loadtest/target/classes org.huxin.loadtest.sampler.Sampler --once --nodes 18300,18301
 * </pre>
 *
 * <p>Each line holds the epoch ms, the machine's CPU ticks (all cores, total and idle), the gateway
 * processes' user+system ticks summed, the load generator's (the youngest process whose command
 * line holds the pattern, i.e. Gatling's forked JVM), and from every node's {@code /metrics}
 * (scraped locally): heap used and committed, drafts held, result rows inserted, requests in
 * flight. A node that does not answer in time is left out of that sample's sums and counted in
 * {@code missing}. {@code --once} prints one scrape of the nodes' sums and exits.
 */
public final class Sampler {
  private static final int SCRAPE_TIMEOUT_MS = 800;
  private static final long PERIOD_MS = 1000;
  private static final long SHORTEST_PAUSE_MS = 50;

  private final List<Integer> ports;
  private final List<Long> gatewayPids;
  private final String generatorPattern;
  private Long generator;

  Sampler(List<Integer> ports, List<Long> gatewayPids, String generatorPattern) {
    this.ports = List.copyOf(ports);
    this.gatewayPids = List.copyOf(gatewayPids);
    this.generatorPattern = generatorPattern;
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length > 0 && args[0].equals("--once")) {
      Map<String, String> opts = options(args, 1);
      Sampler sampler = new Sampler(ports(opts), List.of(), "");
      System.out.println(Sample.figuresJson(sampler.scrapeAll().figures()));
      return;
    }
    if (args.length == 0 || args[0].startsWith("--")) {
      System.err.println(
          "usage: Sampler OUT.jsonl --nodes P,... --pids PID,... [--generator-pattern TEXT]\n"
              + "       Sampler --once --nodes P,...");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    Map<String, String> opts = options(args, 1);
    List<Long> pids = new ArrayList<>();
    for (String p : opts.getOrDefault("--pids", "").split(",")) {
      if (!p.isEmpty()) {
        pids.add(Long.parseLong(p));
      }
    }
    Sampler sampler =
        new Sampler(
            ports(opts), pids, opts.getOrDefault("--generator-pattern", "io.gatling.app.Gatling"));
    CountDownLatch stop = new CountDownLatch(1);
    Thread loop = Thread.currentThread();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stop.countDown();
                  try {
                    loop.join(5000); // the sample in progress is written whole
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "sampler-stop"));
    try (BufferedWriter lines =
        Files.newBufferedWriter(
            out, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      while (stop.getCount() > 0) {
        long started = System.currentTimeMillis();
        lines.write(sampler.sample(started).toJson());
        lines.newLine();
        lines.flush();
        long elapsed = System.currentTimeMillis() - started;
        stop.await(Math.max(SHORTEST_PAUSE_MS, PERIOD_MS - elapsed), TimeUnit.MILLISECONDS);
      }
    }
  }

  /** One sample, taken now. */
  Sample sample(long startedMs) throws IOException {
    if (generator == null || ProcTicks.ofProcess(generator) == null) {
      generator = generatorPid(generatorPattern);
    }
    ProcTicks.Machine machine = ProcTicks.ofMachine();
    long gateways = 0;
    for (long pid : gatewayPids) {
      Long ticks = ProcTicks.ofProcess(pid);
      gateways += ticks == null ? 0 : ticks;
    }
    Scrape nodes = scrapeAll();
    return new Sample(
        startedMs,
        machine.total(),
        machine.idle(),
        gateways,
        generator,
        generator != null ? ProcTicks.ofProcess(generator) : null,
        nodes.missing(),
        nodes.figures());
  }

  /** The figures summed over the nodes that answered, and how many did not. */
  private record Scrape(Map<NodeMetrics, Double> figures, int missing) {}

  private Scrape scrapeAll() {
    Map<NodeMetrics, Double> sums = new EnumMap<>(NodeMetrics.class);
    for (NodeMetrics m : NodeMetrics.values()) {
      sums.put(m, 0.0);
    }
    int missing = 0;
    for (int port : ports) {
      Map<NodeMetrics, Double> got = NodeMetrics.scrape(port, SCRAPE_TIMEOUT_MS);
      if (got == null) {
        missing++;
        continue;
      }
      got.forEach((m, v) -> sums.merge(m, v, Double::sum));
    }
    return new Scrape(sums, missing);
  }

  /**
   * The youngest (highest) pid whose command line holds {@code pattern}, leaving out this sampler,
   * whose own command line holds the pattern, and Maven's launcher; null when there is none.
   */
  static Long generatorPid(String pattern) {
    Long best = null;
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : (Iterable<Path>) procs::iterator) {
        String name = p.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        String cmd;
        try {
          cmd = commandLine(Files.readAllBytes(p.resolve("cmdline")));
        } catch (IOException gone) {
          continue;
        }
        if (isGenerator(cmd, pattern)) {
          long pid = Long.parseLong(name);
          best = best == null || pid > best ? pid : best;
        }
      }
    } catch (IOException e) {
      return null;
    }
    return best;
  }

  static boolean isGenerator(String commandLine, String pattern) {
    return commandLine.contains(pattern)
        && !commandLine.contains(Sampler.class.getName())
        && !commandLine.contains("org.codehaus.plexus");
  }

  /** A {@code /proc/<pid>/cmdline}: arguments separated (and ended) by NUL, read as spaces. */
  static String commandLine(byte[] cmdline) {
    return new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' ');
  }

  private static Map<String, String> options(String[] args, int from) {
    Map<String, String> opts = new HashMap<>();
    for (int i = from; i + 1 < args.length; i += 2) {
      opts.put(args[i], args[i + 1]);
    }
    return opts;
  }

  private static List<Integer> ports(Map<String, String> opts) {
    List<Integer> ports = new ArrayList<>();
    for (String p : opts.getOrDefault("--nodes", "").split(",")) {
      if (!p.isEmpty()) {
        ports.add(Integer.parseInt(p));
      }
    }
    return ports;
  }
}
