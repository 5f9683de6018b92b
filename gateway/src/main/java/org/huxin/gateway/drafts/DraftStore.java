package org.huxin.gateway.drafts;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Where drafts live. Every operation is asynchronous and safe from any thread. */
public interface DraftStore {
  /**
   * Keeps {@code payload} as the draft under {@code key} unless the draft there has the same or a
   * higher sequence number; the entry expires after {@code ttl}.
   *
   * @return the sequence number stored afterwards: {@code seq} if this save won, the higher one
   *     already there if it was stale
   */
  CompletionStage<Long> save(String key, long seq, byte[] payload, Duration ttl);

  /** The draft under {@code key}, if any and not expired. */
  CompletionStage<Optional<Draft>> load(String key);

  /** Forgets the draft under {@code key} (after its submit was stored). */
  CompletionStage<Void> remove(String key);

  /** How many drafts this store holds (this node's share on a cluster). */
  long size();

  /** A stored draft. */
  record Draft(long seq, byte[] payload) {}
}
