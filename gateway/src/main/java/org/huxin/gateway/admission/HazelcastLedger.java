package org.huxin.gateway.admission;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
import com.hazelcast.replicatedmap.ReplicatedMap;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The ledger of a cluster: failure counts in a partitioned map (incremented by an entry processor
 * on the key's owner, expiring with their window), locks in a replicated map so that every node
 * answers "is this student locked?" from its own memory.
 */
public final class HazelcastLedger implements Ledger {
  private final IMap<String, long[]> failures;
  private final ReplicatedMap<String, Long> locks;
  private final Clock clock;

  public HazelcastLedger(
      IMap<String, long[]> failures, ReplicatedMap<String, Long> locks, Clock clock) {
    this.failures = failures;
    this.locks = locks;
    this.clock = clock;
  }

  @Override
  public CompletionStage<Integer> countFailure(String key, Duration window) {
    return failures.submitToKey(key, new Increment(clock.millis(), window.toMillis()));
  }

  @Override
  public CompletionStage<Void> clearFailures(String key) {
    return failures.removeAsync(key).thenApply(old -> null);
  }

  @Override
  public void lock(String key, Duration duration) {
    locks.put(
        key, clock.millis() + duration.toMillis(), duration.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public boolean unlock(String key) {
    return locks.remove(key) != null;
  }

  @Override
  public long lockedForMillis(String key) {
    Long until = locks.get(key);
    return until == null ? 0 : Math.max(0, until - clock.millis());
  }

  /**
   * Adds one to {@code {count, resetsAtMillis}}; the entry expires when its window ends (kept
   * explicitly, since a plain set would not carry the remaining time over).
   */
  static final class Increment implements EntryProcessor<String, long[], Integer>, Serializable {
    private static final long serialVersionUID = 1L;
    private final long nowMillis;
    private final long windowMillis;

    Increment(long nowMillis, long windowMillis) {
      this.nowMillis = nowMillis;
      this.windowMillis = windowMillis;
    }

    @Override
    public Integer process(Map.Entry<String, long[]> entry) {
      long[] old = entry.getValue();
      long[] next =
          old == null || old[1] <= nowMillis
              ? new long[] {1, nowMillis + windowMillis}
              : new long[] {old[0] + 1, old[1]};
      ((ExtendedMapEntry<String, long[]>) entry)
          .setValue(next, Math.max(1, next[1] - nowMillis), TimeUnit.MILLISECONDS);
      return (int) next[0];
    }
  }
}
