package org.huxin.gateway.admission;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Counters of failed login attempts, and the locks they lead to. Counting is asynchronous (a
 * cluster map); reading a lock is a local memory read, because every login asks.
 */
public interface Ledger {
  /** Adds a failure under {@code key}; the count restarts {@code window} after the first one. */
  CompletionStage<Integer> countFailure(String key, Duration window);

  /** Forgets the failures under {@code key}. */
  CompletionStage<Void> clearFailures(String key);

  /** Locks {@code key} for {@code duration}. */
  void lock(String key, Duration duration);

  /** Lifts the lock on {@code key}; returns whether there was one. */
  boolean unlock(String key);

  /** Milliseconds until the lock on {@code key} lifts, or 0 when it is not locked. */
  long lockedForMillis(String key);
}
