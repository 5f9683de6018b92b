package org.huxin.loadtest.chaos.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherTest {
  @TempDir Path out;

  private final Launcher launcher =
      new Launcher(System.getProperty("java.class.path"), Map.of("HUXIN_CHAOS_TEST", "exported"));

  /** A program that says it started and then waits to be stopped. */
  public static final class Sleeper {
    public static void main(String[] args) throws InterruptedException {
      System.out.println("started " + System.getenv("HUXIN_CHAOS_TEST") + " " + args[0]);
      Thread.sleep(60_000);
    }
  }

  @Test
  void run_appendsOutputAndErrorsToTheLog_withTheRunsEnvironment() throws Exception {
    Path log = out.resolve("cmd.log");
    Files.writeString(log, "before\n");

    int status =
        launcher.run(List.of("sh", "-c", "echo \"$HUXIN_CHAOS_TEST\"; echo oops >&2; exit 3"), log);

    assertEquals(3, status);
    assertEquals(List.of("before", "exported", "oops"), Files.readAllLines(log));
  }

  @Test
  void stopAll_stopsTheJvmsStillRunning() throws Exception {
    Path log = out.resolve("sleeper.log");
    Process node =
        launcher
            .java("-Xmx32m")
            .main(Sleeper.class, "node-0")
            .env("UNUSED", 1)
            .log(log)
            .start(Launcher.Tier.NODE);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.readString(log).contains("started") && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(50);
    }

    launcher.stopAll();

    assertFalse(node.isAlive());
    assertTrue(Files.readString(log).startsWith("started exported node-0"), Files.readString(log));
  }
}
