package org.huxin.gateway.admission;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Failed login attempts under keys, the waits they impose, and small marks. Counting is
 * asynchronous (a cluster map); reading a wait or a mark is a local memory read, because every
 * login asks. A ledger holds a bounded number of keys: address rotation cannot grow it without
 * limit.
 */
public interface Ledger {
  /**
   * Counts a failure under {@code key} by {@code rule}; completes with the wait it imposed on the
   * key's next attempt in milliseconds (0 for none), which {@link #waitMillis} reads from then on.
   */
  CompletionStage<Long> fail(String key, Backoff rule);

  /** Milliseconds the next attempt under {@code key} must still wait, 0 when it may go ahead. */
  long waitMillis(String key);

  /** Forgets the failures and the wait under {@code key}; completes with the failures it had. */
  CompletionStage<Integer> clear(String key);

  /** The mark under {@code key}, 0 when there is none or it expired. A local read. */
  long mark(String key);

  /** Sets the mark under {@code key} for {@code ttl}, on every node. */
  void setMark(String key, long value, Duration ttl);
}
