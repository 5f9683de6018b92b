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
 * The ledger of a cluster: failure counts in a partitioned map (updated by an entry processor on
 * the key's owner, each entry living only until its count is forgotten, and the map bounded per
 * member by its eviction config in {@code Cluster}), waits and marks in a replicated map so that
 * every node answers "must this attempt wait?" from its own memory. Every replicated entry carries
 * a time to live of at most its wait (a minute for a student, seconds for an address) or its mark,
 * so that map holds only what is in force now.
 */
public final class HazelcastLedger implements Ledger {
  private final IMap<String, long[]> failures;
  private final ReplicatedMap<String, Long> waits;
  private final Clock clock;

  public HazelcastLedger(
      IMap<String, long[]> failures, ReplicatedMap<String, Long> waits, Clock clock) {
    this.failures = failures;
    this.waits = waits;
    this.clock = clock;
  }

  @Override
  public CompletionStage<Long> fail(String key, Backoff rule) {
    long now = clock.millis();
    return failures
        .submitToKey(key, new Fail(now, rule))
        .thenApply(
            wait -> {
              if (wait > 0) {
                waits.put(key, now + wait, wait, TimeUnit.MILLISECONDS);
              }
              return wait;
            });
  }

  @Override
  public long waitMillis(String key) {
    Long until = waits.get(key);
    return until == null ? 0 : Math.max(0, until - clock.millis());
  }

  @Override
  public CompletionStage<Integer> clear(String key) {
    waits.remove(key);
    long now = clock.millis();
    return failures
        .removeAsync(key)
        .thenApply(old -> old == null || old[2] <= now ? 0 : Backoff.failures(old[0]));
  }

  @Override
  public long mark(String key) {
    Long value = waits.get(key);
    return value == null ? 0 : value;
  }

  @Override
  public void setMark(String key, long value, Duration ttl) {
    waits.put(key, value, ttl.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Adds one failure to {@code {milli, updatedAtMillis, diesAtMillis}} by the rule and answers the
   * wait it imposes; the entry expires once its count is forgotten (kept explicitly, since a plain
   * set would not carry a time to live).
   */
  static final class Fail implements EntryProcessor<String, long[], Long>, Serializable {
    private static final long serialVersionUID = 2L;
    private final long nowMillis;
    private final int free;
    private final long forgetEveryMillis;
    private final long firstMillis;
    private final long longestMillis;

    Fail(long nowMillis, Backoff rule) {
      this.nowMillis = nowMillis;
      this.free = rule.free();
      this.forgetEveryMillis = rule.forgetEvery().toMillis();
      this.firstMillis = rule.first().toMillis();
      this.longestMillis = rule.longest().toMillis();
    }

    @Override
    public Long process(Map.Entry<String, long[]> entry) {
      Backoff rule =
          new Backoff(
              free,
              Duration.ofMillis(forgetEveryMillis),
              Duration.ofMillis(firstMillis),
              Duration.ofMillis(longestMillis));
      long[] old = entry.getValue();
      boolean alive = old != null && old.length == 3 && old[2] > nowMillis;
      long milli =
          alive ? rule.afterFailure(old[0], old[1], nowMillis) : rule.afterFailure(0, 0, nowMillis);
      long wait = rule.waitMillis(Backoff.failures(milli));
      long life = Math.max(wait, rule.lifeMillis(milli));
      ((ExtendedMapEntry<String, long[]>) entry)
          .setValue(new long[] {milli, nowMillis, nowMillis + life}, life, TimeUnit.MILLISECONDS);
      return wait;
    }
  }
}
