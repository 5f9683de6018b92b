package org.huxin.gateway.admission;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** The ledger of a single, unclustered node. */
public final class LocalLedger implements Ledger {
  private record Count(int n, long resetsAt) {}

  private final ConcurrentHashMap<String, Count> failures = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Long> locks = new ConcurrentHashMap<>();
  private final Clock clock;

  public LocalLedger(Clock clock) {
    this.clock = clock;
  }

  @Override
  public CompletionStage<Integer> countFailure(String key, Duration window) {
    long now = clock.millis();
    Count c =
        failures.compute(
            key,
            (k, old) ->
                old == null || old.resetsAt <= now
                    ? new Count(1, now + window.toMillis())
                    : new Count(old.n + 1, old.resetsAt));
    return CompletableFuture.completedFuture(c.n);
  }

  @Override
  public CompletionStage<Void> clearFailures(String key) {
    failures.remove(key);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void lock(String key, Duration duration) {
    locks.put(key, clock.millis() + duration.toMillis());
  }

  @Override
  public boolean unlock(String key) {
    return locks.remove(key) != null;
  }

  @Override
  public long lockedForMillis(String key) {
    Long until = locks.get(key);
    if (until == null) {
      return 0;
    }
    long left = until - clock.millis();
    if (left <= 0) {
      locks.remove(key, until);
      return 0;
    }
    return left;
  }
}
