package org.huxin.gateway.admission;

import java.time.Duration;

/**
 * A rule on failed attempts under one key: the first {@code free} failures cost nothing; each
 * further one makes the next attempt under the key wait, {@code first} after the first of them and
 * twice as long after each next one, never longer than {@code longest}. The count forgets one
 * failure every {@code forgetEvery}, continuously, so it falls back to free by itself. Counts are
 * kept in thousandths of a failure, so that forgetting needs no timer.
 *
 * @param free failures that impose no wait
 * @param forgetEvery the count drops by one failure per this much time
 * @param first the wait imposed by the first failure beyond {@code free}
 * @param longest no failure imposes a longer wait
 */
public record Backoff(int free, Duration forgetEvery, Duration first, Duration longest) {
  public Backoff {
    if (free < 0 || forgetEvery.toMillis() < 1 || first.toMillis() < 1) {
      throw new IllegalArgumentException("a back-off needs free >= 0 and positive times");
    }
    if (longest.compareTo(first) < 0) {
      throw new IllegalArgumentException("the longest wait is shorter than the first");
    }
  }

  /** One failure, in the thousandths counts are kept in. */
  static final long ONE = 1000;

  /** The wait imposed by a failure that brought the count to {@code failures}, in milliseconds. */
  public long waitMillis(int failures) {
    if (failures <= free) {
      return 0;
    }
    int doublings = failures - free - 1;
    long cap = longest.toMillis();
    return doublings >= 31 ? cap : Math.min(cap, first.toMillis() << doublings);
  }

  /** The count {@code milli} after {@code elapsedMillis} of forgetting. */
  long forget(long milli, long elapsedMillis) {
    if (elapsedMillis <= 0) {
      return milli;
    }
    long forgotten = elapsedMillis >= Long.MAX_VALUE / ONE ? Long.MAX_VALUE : elapsedMillis * ONE;
    return Math.max(0, milli - forgotten / forgetEvery.toMillis());
  }

  /** Whole failures in a count: a part-forgotten failure still counts. */
  static int failures(long milli) {
    return (int) Math.min(Integer.MAX_VALUE, (milli + ONE - 1) / ONE);
  }

  /**
   * How long until a count of {@code milli} is forgotten entirely, in milliseconds (at least 1).
   */
  long lifeMillis(long milli) {
    return Math.max(1, (milli * forgetEvery.toMillis() + ONE - 1) / ONE);
  }

  /**
   * The count after one more failure at {@code now}, given the count {@code milli} last written at
   * {@code updatedAt}.
   */
  long afterFailure(long milli, long updatedAt, long now) {
    return forget(milli, now - updatedAt) + ONE;
  }
}
