package org.huxin.loadtest.chaos;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.huxin.loadtest.chaos.harness.ChaosContext;
import org.huxin.loadtest.chaos.harness.Checks;
import org.huxin.loadtest.chaos.harness.Launcher;
import org.huxin.loadtest.chaos.harness.Log;
import org.huxin.loadtest.chaos.harness.Ports;
import org.huxin.loadtest.chaos.harness.Programs;
import org.huxin.loadtest.chaos.harness.RunFolder;
import org.huxin.loadtest.chaos.harness.RunSettings;
import org.huxin.loadtest.chaos.harness.RunStopped;
import org.huxin.loadtest.chaos.harness.Startup;
import org.huxin.loadtest.chaos.scenario.Scenario;
import org.huxin.loadtest.chaos.scenario.Scenarios;

/**
 * The fault runs ({@code ./huxin chaos}, through {@code scripts/chaos.sh}, from the repository
 * root): seeds a synthetic city, starts PostgreSQL, the delaying proxy in front of it and three
 * gateway nodes as a Hazelcast cluster ({@link Startup}), then runs each scenario between two
 * steady-state checks while {@link ChaosDriver} plays students, and has {@link ChaosCheck} account
 * every acknowledged submit against PostgreSQL. Prints the table (scenario, requests, acknowledged,
 * lost, duplicated, ok), writes {@code loadtest/target/chaos/latest/summary.json}, and exits 1 when
 * a row lost or duplicated anything, failed a steady-state check or broke a limit (2 on a wrong
 * option).
 *
 * <pre>
 * java -cp loadtest/target/classes:gateway/target/huxin-gateway.jar \
 *     org.huxin.loadtest.chaos.ChaosRun [--short] [--scenarios kill-gateway,stop-postgres,...]
 * </pre>
 *
 * <p>Environment: {@code PORT} (19300; node i listens on PORT+i), {@code CLUSTER_PORT} (6801),
 * {@code HUXIN_PG_PORT} (56329; the proxy listens on +1, its control port is +2), {@code
 * HUXIN_ADMISSION_LIMIT} (12) and {@code HUXIN_ADMISSION_MAX_LAG_MS} (50) for the nodes.
 */
public final class ChaosRun {
  private static final Programs PROGRAMS =
      new Programs(
          ChaosDriver.class,
          ChaosCheck.class,
          DelayProxy.class,
          WebhookReceiver.class,
          ConsoleWatch.class);

  private ChaosRun() {}

  public static void main(String[] args) throws Exception {
    boolean shortRun = false;
    String wanted = Scenarios.names();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--short")) {
        shortRun = true;
      } else if (args[i].equals("--scenarios") && i + 1 < args.length) {
        wanted = args[++i];
      } else {
        usage();
      }
    }
    List<Scenario> scenarios = new ArrayList<>();
    for (String name : wanted.split(",")) {
      Optional<Scenario> s = Scenarios.named(name);
      if (s.isEmpty()) {
        Log.info("unknown scenario " + name);
        System.exit(2);
      }
      scenarios.add(s.get());
    }
    System.exit(run(RunSettings.of(shortRun), scenarios));
  }

  private static int run(RunSettings settings, List<Scenario> scenarios) throws Exception {
    long started = System.currentTimeMillis();
    Map<String, String> env = System.getenv();
    Ports ports = Ports.fromEnv(env);
    RunFolder folder = new RunFolder(Path.of(""));
    folder.fresh();
    Launcher launcher =
        new Launcher(
            folder.classpath(),
            Map.of(
                "HUXIN_HOME",
                folder.home().toString(),
                "HUXIN_PG_PORT",
                String.valueOf(ports.postgres()),
                // Every node must sign and accept the same tokens: a throw-away secret.
                "HUXIN_TOKEN_SECRET",
                Startup.randomBase64(32)));
    Runtime.getRuntime().addShutdownHook(new Thread(launcher::stopAll, "chaos-stop"));
    try {
      ChaosContext context = Startup.start(settings, ports, folder, PROGRAMS, launcher, env);
      for (Scenario s : scenarios) {
        context.checks().account(s.run(context));
      }
    } catch (RunStopped e) {
      Log.info(e.getMessage() + "; the run stops");
      launcher.stopAll();
      return 1;
    }
    launcher.stopAll();
    int status =
        Checks.summary(
            launcher, folder, PROGRAMS.check(), scenarios.stream().map(Scenario::name).toList());
    System.err.printf(
        "summary: %s  logs: %s  (%d s)%n",
        folder.file("summary.json"), folder.out(), (System.currentTimeMillis() - started) / 1000);
    return status;
  }

  private static void usage() {
    System.err.println(
        "  loadtest/scripts/chaos.sh [--short] [--scenarios " + Scenarios.names() + "]");
    System.exit(2);
  }
}
