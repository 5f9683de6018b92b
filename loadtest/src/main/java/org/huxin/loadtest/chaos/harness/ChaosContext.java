package org.huxin.loadtest.chaos.harness;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What a scenario works with: the run's size and folder, the nodes, the database, the proxy's
 * delay, the students, the checks, and the seeded window and staff account.
 */
public final class ChaosContext {
  private final RunSettings settings;
  private final RunFolder folder;
  private final Launcher launcher;
  private final Programs programs;
  private final Waits waits;
  private final GatewayNodes nodes;
  private final Postgres postgres;
  private final DelayControl delay;
  private final Drivers drivers;
  private final Checks checks;
  private final long window;
  private final StaffLogin staff;

  /** The staff account the seed made: the consoles and the alert robots sign in with it. */
  public record StaffLogin(String username, String password) {}

  ChaosContext(
      RunSettings settings,
      RunFolder folder,
      Launcher launcher,
      Programs programs,
      Waits waits,
      GatewayNodes nodes,
      Postgres postgres,
      DelayControl delay,
      Drivers drivers,
      Checks checks,
      long window,
      StaffLogin staff) {
    this.settings = settings;
    this.folder = folder;
    this.launcher = launcher;
    this.programs = programs;
    this.waits = waits;
    this.nodes = nodes;
    this.postgres = postgres;
    this.delay = delay;
    this.drivers = drivers;
    this.checks = checks;
    this.window = window;
    this.staff = staff;
  }

  public RunSettings settings() {
    return settings;
  }

  /** A file of the run's folder. */
  public Path file(String name) {
    return folder.file(name);
  }

  public Path out() {
    return folder.out();
  }

  public Waits waits() {
    return waits;
  }

  public GatewayNodes nodes() {
    return nodes;
  }

  public Postgres postgres() {
    return postgres;
  }

  /** The delaying proxy between the nodes and PostgreSQL. */
  public DelayControl delay() {
    return delay;
  }

  public Drivers drivers() {
    return drivers;
  }

  public Checks checks() {
    return checks;
  }

  /** The seeded city-wide window. */
  public long window() {
    return window;
  }

  public StaffLogin staff() {
    return staff;
  }

  /**
   * The steady-state check: every node ready, and a probe of {@link RunSettings#PROBE} students
   * (ten at a time, 60 s, 5 s a request) all acknowledged.
   */
  public boolean steady(String name) throws IOException, InterruptedException {
    for (int i = 0; i < nodes.count(); i++) {
      if (!nodes.ready(i)) {
        Log.info("steady-state " + name + ": node " + i + " is not ready");
        return false;
      }
    }
    int status =
        drivers.run(
            name,
            RunSettings.PROBE,
            0,
            "--concurrency",
            10,
            "--deadline-s",
            60,
            "--timeout-ms",
            5000);
    if (status != 0) {
      Log.info(
          "steady-state "
              + name
              + ": not every probe student was acknowledged; see "
              + folder.file(name + ".log"));
      return false;
    }
    return true;
  }

  /**
   * Staff consoles on the crisis feed, one per node, writing {@code <name>-console-<i>.log} until
   * {@code stopFile} exists.
   */
  public Process startConsoles(String name, Path stopFile) throws IOException {
    return launcher
        .java("-Xmx128m", "-XX:+UseSerialGC")
        .main(
            programs.consoles(),
            "--bases",
            nodes.bases(),
            "--consoles",
            nodes.count(),
            "--username",
            staff.username(),
            "--password",
            staff.password(),
            "--out",
            folder.file(name + "-console"),
            "--stop-file",
            stopFile)
        .log(folder.file(name + "-console.out"))
        .start(Launcher.Tier.HELPER);
  }
}
