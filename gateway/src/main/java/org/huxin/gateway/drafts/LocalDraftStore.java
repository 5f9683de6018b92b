package org.huxin.gateway.drafts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Drafts of a single, unclustered node, in memory; expired entries go on read or {@link #sweep}.
 */
public final class LocalDraftStore implements DraftStore {
  private record Entry(byte[] stored, Instant expires) {}

  private final ConcurrentHashMap<String, Entry> drafts = new ConcurrentHashMap<>();
  private final Clock clock;

  public LocalDraftStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public CompletionStage<Saved> save(String key, long seq, byte[] payload, Duration ttl) {
    Instant now = clock.instant();
    Entry fresh = new Entry(DraftBytes.of(seq, payload), now.plus(ttl));
    Entry after =
        drafts.compute(
            key,
            (k, old) ->
                old != null && old.expires.isAfter(now) && DraftBytes.seq(old.stored) >= seq
                    ? old
                    : fresh);
    return CompletableFuture.completedFuture(
        new Saved(DraftBytes.seq(after.stored), after == fresh));
  }

  @Override
  public CompletionStage<Optional<Draft>> load(String key) {
    Entry e = drafts.get(key);
    if (e != null && !e.expires.isAfter(clock.instant())) {
      drafts.remove(key, e);
      e = null;
    }
    return CompletableFuture.completedFuture(
        e == null ? Optional.empty() : Optional.of(DraftBytes.read(e.stored)));
  }

  @Override
  public CompletionStage<Void> remove(String key) {
    drafts.remove(key);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public long size() {
    return drafts.size();
  }

  /** Drops every expired draft. */
  public void sweep() {
    Instant now = clock.instant();
    drafts.entrySet().removeIf(e -> !e.getValue().expires.isAfter(now));
  }
}
