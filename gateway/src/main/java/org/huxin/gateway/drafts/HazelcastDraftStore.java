package org.huxin.gateway.drafts;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Drafts in a Hazelcast map with one synchronous backup. "Last sequence wins" runs as an entry
 * processor on the key's owner (and the same on its backup), so two nodes saving the same draft at
 * once cannot interleave. The map holds only what {@link DraftSeal} makes of a draft: a hashed key
 * and an encrypted payload.
 */
public final class HazelcastDraftStore implements DraftStore {
  private final IMap<String, byte[]> map;
  private final DraftSeal seal;

  public HazelcastDraftStore(IMap<String, byte[]> map, DraftSeal seal) {
    this.map = map;
    this.seal = seal;
  }

  @Override
  public CompletionStage<Saved> save(String key, long seq, byte[] payload, Duration ttl) {
    String mapKey = seal.mapKey(key);
    return map.submitToKey(
            mapKey, new SaveIfNewer(seq, seal.seal(mapKey, seq, payload), ttl.toMillis()))
        .thenApply(r -> r >= 0 ? new Saved(r, true) : new Saved(-r - 1, false));
  }

  @Override
  public CompletionStage<Optional<Draft>> load(String key) {
    String mapKey = seal.mapKey(key);
    return map.getAsync(mapKey)
        .thenApply(stored -> stored == null ? Optional.empty() : seal.open(mapKey, stored));
  }

  @Override
  public CompletionStage<Void> remove(String key) {
    return map.removeAsync(seal.mapKey(key)).thenApply(old -> null);
  }

  @Override
  public long size() {
    return map.getLocalMapStats().getOwnedEntryCount();
  }

  /**
   * Sets the draft unless a newer or equal one is there. Returns {@code seq} when it stored it, and
   * {@code -(kept + 1)} when it kept the one there, so one round trip says both.
   */
  static final class SaveIfNewer implements EntryProcessor<String, byte[], Long>, Serializable {
    private static final long serialVersionUID = 1L;

    private final long seq;
    private final byte[] stored;
    private final long ttlMillis;

    SaveIfNewer(long seq, byte[] stored, long ttlMillis) {
      this.seq = seq;
      this.stored = stored;
      this.ttlMillis = ttlMillis;
    }

    @Override
    public Long process(Map.Entry<String, byte[]> entry) {
      byte[] old = entry.getValue();
      if (old != null && DraftBytes.seq(old) >= seq) {
        return -DraftBytes.seq(old) - 1;
      }
      ((ExtendedMapEntry<String, byte[]>) entry).setValue(stored, ttlMillis, TimeUnit.MILLISECONDS);
      return seq;
    }
  }
}
