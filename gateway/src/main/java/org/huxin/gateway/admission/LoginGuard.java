package org.huxin.gateway.admission;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * The rules on failed access-code attempts. A student whose code was wrong {@link
 * #STUDENT_FAILURES} times within an hour is locked for an hour, or until the school unlocks them;
 * a network address with {@link #ADDRESS_FAILURES} failures within ten minutes is refused for ten.
 * A whole school often shares one address, so that limit is wide; a student's limit is what stops
 * guessing (10 tries an hour against a 50-bit code).
 */
public final class LoginGuard {
  /** Failed attempts a student may make within {@link #STUDENT_WINDOW}. */
  public static final int STUDENT_FAILURES = 10;

  public static final Duration STUDENT_WINDOW = Duration.ofHours(1);

  /** Failed attempts one source address may make within {@link #ADDRESS_WINDOW}. */
  public static final int ADDRESS_FAILURES = 300;

  public static final Duration ADDRESS_WINDOW = Duration.ofMinutes(10);

  private final Ledger ledger;

  public LoginGuard(Ledger ledger) {
    this.ledger = ledger;
  }

  /** Milliseconds the student must still wait, 0 when not locked. A local read. */
  public long studentLockedFor(long studentId) {
    return ledger.lockedForMillis(studentKey(studentId));
  }

  /** Milliseconds the address must still wait, 0 when not blocked. A local read. */
  public long addressBlockedFor(String address) {
    return ledger.lockedForMillis(addressKey(address));
  }

  /**
   * Counts a failed attempt for the address and, when the student exists, for the student; locks
   * whichever reached its limit. Completes with whether the student is now locked.
   */
  public CompletionStage<Boolean> failed(Long studentId, String address) {
    CompletionStage<Integer> byAddress = ledger.countFailure(addressKey(address), ADDRESS_WINDOW);
    byAddress.thenAccept(
        n -> {
          if (n >= ADDRESS_FAILURES) {
            ledger.lock(addressKey(address), ADDRESS_WINDOW);
          }
        });
    if (studentId == null) {
      return byAddress.thenApply(n -> false);
    }
    return ledger
        .countFailure(studentKey(studentId), STUDENT_WINDOW)
        .thenApply(
            n -> {
              if (n >= STUDENT_FAILURES) {
                ledger.lock(studentKey(studentId), STUDENT_WINDOW);
                return true;
              }
              return false;
            });
  }

  /** A right code: the student's earlier failures no longer count. */
  public void succeeded(long studentId) {
    ledger.clearFailures(studentKey(studentId));
  }

  /** The school lifts a student's lock; returns whether they were locked. */
  public boolean unlock(long studentId) {
    ledger.clearFailures(studentKey(studentId));
    return ledger.unlock(studentKey(studentId));
  }

  private static String studentKey(long studentId) {
    return "s:" + studentId;
  }

  private static String addressKey(String address) {
    return "a:" + address;
  }
}
