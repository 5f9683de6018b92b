package org.huxin.gateway.drafts;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Where drafts live. Every operation is asynchronous and safe from any thread. */
public interface DraftStore {
  /**
   * Keeps {@code payload} as the draft under {@code key} unless the draft there has the same or a
   * higher sequence number; the entry expires after {@code ttl}.
   */
  CompletionStage<Saved> save(String key, long seq, byte[] payload, Duration ttl);

  /**
   * Marks the form under {@code key} as submitted: a draft that no later save can replace (its
   * sequence number is the largest there is), so a late save from another device cannot bring
   * answers back after the submit.
   */
  default CompletionStage<Saved> markSubmitted(String key, Duration ttl) {
    return save(key, SUBMITTED, new byte[0], ttl);
  }

  /** The sequence number of a submitted form's marker. */
  long SUBMITTED = Long.MAX_VALUE;

  /** The draft under {@code key}, if any and not expired. */
  CompletionStage<Optional<Draft>> load(String key);

  /** Forgets the draft under {@code key} (after its submit was stored). */
  CompletionStage<Void> remove(String key);

  /** How many drafts this store holds (this node's share on a cluster). */
  long size();

  /** A stored draft; {@link #submitted()} when it is the marker of a submitted form. */
  record Draft(long seq, byte[] payload) {
    public boolean submitted() {
      return seq == SUBMITTED;
    }
  }

  /** The outcome of a save: whether it was stored, and the sequence number kept either way. */
  record Saved(long seq, boolean stored) {}
}
