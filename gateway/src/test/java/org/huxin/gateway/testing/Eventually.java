package org.huxin.gateway.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for something another thread does (a relay, a sweep, a stream), failing after a bound. */
public final class Eventually {
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
}
