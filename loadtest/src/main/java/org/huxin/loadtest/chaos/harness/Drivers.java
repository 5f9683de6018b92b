package org.huxin.loadtest.chaos.harness;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Students for the scenarios: each driver run takes the next unused rows of the feeder, so no
 * student is played twice, and runs the driver program in its own JVM ({@code <name>.log}, GC in
 * {@code gc-driver-<name>.log}), writing {@code <name>.acks.csv} and {@code <name>.driver.json}.
 */
public final class Drivers {
  private static final String[] JVM_OPTIONS = {"-Xmx384m", "-XX:+UseSerialGC"};

  private final Launcher launcher;
  private final RunFolder folder;
  private final Class<?> driver;
  private final String bases;
  private final long seed;
  private int offset;

  Drivers(Launcher launcher, RunFolder folder, Class<?> driver, String bases, long seed) {
    this.launcher = launcher;
    this.folder = folder;
    this.driver = driver;
    this.bases = bases;
    this.seed = seed;
  }

  /**
   * Plays the next {@code count} students at {@code rate} a second (0: all at once, as many at a
   * time as {@code --concurrency} allows) and waits for the driver; its exit status, 0 when every
   * student was acknowledged.
   */
  public int run(String name, int count, int rate, Object... flags)
      throws IOException, InterruptedException {
    return command(name, count, rate, flags).run();
  }

  /** As {@link #run}, without waiting. */
  public Process start(String name, int count, int rate, Object... flags) throws IOException {
    return command(name, count, rate, flags).start(Launcher.Tier.HELPER);
  }

  private JavaCommand command(String name, int count, int rate, Object... flags) {
    int from = offset;
    offset += count;
    Path out = folder.out();
    return launcher
        .java(JVM_OPTIONS)
        .args("-Xlog:gc:file=" + out.resolve("gc-driver-" + name + ".log") + ":time,uptime")
        .main(
            driver,
            "--feeder",
            out.resolve("students.csv"),
            "--from",
            from,
            "--count",
            count,
            "--bases",
            bases,
            "--rate",
            rate,
            "--seed",
            seed,
            "--out",
            out.resolve(name))
        .args(flags)
        .log(out.resolve(name + ".log"));
  }
}
