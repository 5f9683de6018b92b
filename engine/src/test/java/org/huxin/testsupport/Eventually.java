package org.huxin.testsupport;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for something another thread does (a relay, a sweep, a stream, a pool reconnecting),
 * failing after a bound; the one polling helper of the tests, never a fixed sleep.
 */
public final class Eventually {
  /**
   * The bound of {@link #await(String, BooleanSupplier)}: generous, for a busy two-core machine.
   */
  public static final Duration DEFAULT_BOUND = Duration.ofSeconds(30);

  private Eventually() {}

  /** Polls {@code probe} every 20 ms until it answers a value, for at most {@code within}. */
  public static <T> T await(String what, Duration within, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + " did not happen within " + within.toMillis() + " ms");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  /** Polls {@code condition} until it holds, for at most {@code within}. */
  public static void await(String what, Duration within, BooleanSupplier condition) {
    await(what, within, () -> condition.getAsBoolean() ? Optional.of(true) : Optional.empty());
  }

  /** Polls {@code condition} until it holds, for at most {@link #DEFAULT_BOUND}. */
  public static void await(String what, BooleanSupplier condition) {
    await(what, DEFAULT_BOUND, condition);
  }
}
