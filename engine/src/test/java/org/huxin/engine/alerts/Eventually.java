package org.huxin.engine.alerts;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or a generous deadline passes; never a fixed sleep. */
final class Eventually {

  static final Duration DEADLINE = Duration.ofSeconds(30);

  private Eventually() {}

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out after " + DEADLINE.toSeconds() + " s waiting for: " + what);
      }
      Thread.sleep(10);
    }
  }
}
