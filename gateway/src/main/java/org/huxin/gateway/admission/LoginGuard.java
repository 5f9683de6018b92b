package org.huxin.gateway.admission;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * The rules on wrong access codes: back-offs that slow guessing down and never lock anyone out.
 *
 * <p><b>Per student and address.</b> Wrong codes for one student from one address ({@link
 * org.huxin.gateway.http.ClientAddress#limitKey the real address}, an IPv6 /64) are counted
 * together: the first {@link #STUDENT} {@code free} (5) cost nothing; each further one makes the
 * next attempt for that student from that address wait 1 s, 2 s, 4 s … and never more than 60 s. An
 * attempt during the wait is not compared with the code, not counted, and answered 429 with {@code
 * Retry-After} (at most 60 s); the student page waits and tries again by itself. The count forgets
 * one failure a minute. Wrong codes sent from elsewhere never make a child wait: an attacker
 * anywhere else cannot keep a child with the right code out for even a second, and a child's own
 * typos keep them out for at most 60 s. Only someone behind the same address (a classmate on the
 * school's network) who sends a wrong code for that very child the instant each wait ends can keep
 * them waiting longer; the school lifting the back-off ({@link #unlock}) helps until that person's
 * next wrong code.
 *
 * <p><b>Per address.</b> Wrong codes from one address over all students: the first {@link #ADDRESS}
 * {@code free} (1,000) cost nothing and one is forgotten every second; beyond that each one makes
 * the next attempt from the address wait 1 s, doubling to at most 10 s. Sized for a school of 2,000
 * behind one NAT address signing in within ten minutes: 1,000 wrong codes at once plus one a
 * second, 1,600 in those ten minutes, before anyone there waits, and then seconds, not the old
 * ten-minute block.
 *
 * <p><b>The guess budget.</b> A guesser who sends a wrong code for one student the moment each wait
 * ends makes 5 free guesses, a few more while the wait doubles up to a minute, then one a minute:
 * at most 71 guesses per student per address in the first hour and 60 in each hour after ({@code
 * BruteForceTest} counts them). Against a 50-bit code (2^50 ≈ 1.1e15) that is a chance of 5e-14 per
 * address and hour; a thousand addresses need on average 2^49 / 60,000 hours, about a million
 * years, for one chosen student. Over a whole school each address is bounded by the address rule,
 * 4,600 wrong codes in the first hour and 3,600 in each hour after over all students, so M
 * addresses find some student's code in 2^49 / (3,600 M) hours on average, whatever the school's
 * size: 18,000 years for M = 1,000. A burst of concurrent guesses is compared before the wait it
 * earns lands (one cluster-map round trip); the address rule and the per-address connection cap
 * bound such bursts.
 *
 * <p>The school's unlock moves the student to a new generation of keys (a replicated mark), so
 * every address's back-off for that student is forgotten at once; a per-student count across all
 * addresses, which never imposes a wait, tells the school whether there was anything to lift.
 */
public final class LoginGuard {
  /** Wrong codes for one student from one address. */
  public static final Backoff STUDENT =
      new Backoff(5, Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofSeconds(60));

  /** Wrong codes from one address over all students. */
  public static final Backoff ADDRESS =
      new Backoff(1_000, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(10));

  /** Wrong codes for one student over all addresses: counted for the school, never a wait. */
  static final Backoff STUDENT_ANYWHERE =
      new Backoff(
          Integer.MAX_VALUE, Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofSeconds(1));

  /** How long an unlock's new generation is remembered: longer than any count lives. */
  static final Duration GENERATION_TTL = Duration.ofHours(2);

  private final Ledger ledger;

  public LoginGuard(Ledger ledger) {
    this.ledger = ledger;
  }

  /** Milliseconds the address must still wait before a code from it is compared. A local read. */
  public long addressWaitFor(String address) {
    return ledger.waitMillis(addressKey(address));
  }

  /** Who a login names, when the roster has that student. */
  public static String known(long studentId) {
    return Long.toString(studentId);
  }

  /**
   * Who a login names, when the roster has no such student: counted like a real one, so that the
   * answers never tell whether a school code and student number exist.
   */
  public static String unknown(String schoolCode, String studentNo) {
    return "?" + schoolCode + "/" + studentNo;
  }

  /**
   * Milliseconds before a code for {@code who} ({@link #known} or {@link #unknown}) from this
   * address is compared, 0 when it may be compared now. A local read.
   */
  public long studentWaitFor(String who, String address) {
    return ledger.waitMillis(pairKey(who, address));
  }

  /**
   * Counts a wrong code for the address and for {@code who} from that address. Completes with the
   * wait imposed on the next attempt for {@code who} from there (ms).
   */
  public CompletionStage<Long> failed(String who, String address) {
    ledger.fail(addressKey(address), ADDRESS);
    ledger.fail(studentKey(who), STUDENT_ANYWHERE);
    return ledger.fail(pairKey(who, address), STUDENT);
  }

  /**
   * A right code: the student's failures from this address no longer count. Other addresses' counts
   * stay: a right code proves nothing about who sent those.
   */
  public void succeeded(long studentId, String address) {
    ledger.clear(pairKey(known(studentId), address));
  }

  /**
   * The school lifts the student's back-off from every address at once. Completes with whether the
   * student had wrong codes within the last minutes.
   */
  public CompletionStage<Boolean> unlock(long studentId) {
    String who = known(studentId);
    long next = ledger.mark(generationKey(who)) + 1;
    ledger.setMark(generationKey(who), next, GENERATION_TTL);
    return ledger.clear(studentKey(who)).thenApply(n -> n > 0);
  }

  private static String studentKey(String who) {
    return "s:" + who;
  }

  private String pairKey(String who, String address) {
    return "p:" + who + "#" + ledger.mark(generationKey(who)) + "@" + address;
  }

  private static String generationKey(String who) {
    return "g:" + who;
  }

  private static String addressKey(String address) {
    return "a:" + address;
  }
}
