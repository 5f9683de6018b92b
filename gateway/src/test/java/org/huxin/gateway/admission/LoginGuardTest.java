package org.huxin.gateway.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

/**
 * The back-offs of {@link LoginGuard} on a local ledger and a hand-moved clock: what a child's own
 * typos cost, what others' wrong codes cannot cost, the guess budget they leave, what a school
 * behind one address may type wrong, and the bound on the ledger under address rotation.
 */
class LoginGuardTest {
  private static final String SCHOOL_NAT = "203.0.113.7";
  private static final String ELSEWHERE = "198.51.100.20";

  private final MutableClock clock = new MutableClock(GatewayFixture.START);
  private final LocalLedger ledger = new LocalLedger(clock);
  private final LoginGuard guard = new LoginGuard(ledger);

  private long fail(long student, String address) {
    return guard.failed(LoginGuard.known(student), address).toCompletableFuture().join();
  }

  private long waitFor(long student, String address) {
    return guard.studentWaitFor(LoginGuard.known(student), address);
  }

  @Test
  void failed_fiveFreeThenWaitsDoubleToAMinute() {
    for (int i = 1; i <= LoginGuard.STUDENT.free(); i++) {
      assertEquals(0, fail(200, SCHOOL_NAT), "failure " + i + " is free");
    }
    long[] expected = {1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000};
    for (long wait : expected) {
      assertEquals(wait, fail(200, SCHOOL_NAT));
      assertEquals(wait, waitFor(200, SCHOOL_NAT));
    }
    clock.advance(Duration.ofSeconds(60));
    assertEquals(0, waitFor(200, SCHOOL_NAT), "the wait is over by itself");
  }

  @Test
  void failed_elsewhereNeverMakesAChildWait() {
    for (int i = 0; i < 500; i++) {
      fail(201, ELSEWHERE);
    }
    assertTrue(waitFor(201, ELSEWHERE) > 0);
    assertEquals(0, waitFor(201, SCHOOL_NAT), "the child at school is compared at once");
  }

  @Test
  void failed_countIsForgottenOneAMinute() {
    for (int i = 0; i < 7; i++) {
      fail(202, SCHOOL_NAT);
    }
    clock.advance(Duration.ofMinutes(2)); // seven failures, two forgotten: five, free again
    assertEquals(1_000, fail(202, SCHOOL_NAT), "the sixth failure waits again");
    clock.advance(Duration.ofMinutes(10));
    assertEquals(0, fail(202, SCHOOL_NAT), "ten minutes later all is forgotten");
  }

  /**
   * A guesser who sends a wrong code the instant each wait ends, for three hours: the figures in
   * {@link LoginGuard}'s class comment.
   */
  @Test
  void guessBudget_71InTheFirstHourThen60() {
    int[] perHour = new int[3];
    long end = clock.millis() + Duration.ofHours(3).toMillis();
    long start = clock.millis();
    while (clock.millis() < end) {
      long wait = waitFor(203, ELSEWHERE);
      if (wait > 0) {
        clock.advance(Duration.ofMillis(wait));
        continue;
      }
      perHour[(int) ((clock.millis() - start) / 3_600_000)]++;
      fail(203, ELSEWHERE);
      clock.advance(Duration.ofMillis(1));
    }
    assertEquals(71, perHour[0]);
    assertEquals(60, perHour[1]);
    assertEquals(60, perHour[2]);
  }

  /**
   * A school of 2,000 behind one NAT address signs in within ten minutes and types 1,600 codes
   * wrong, a thousand of them in the first minute: nobody there waits. Beyond, the address waits
   * seconds, never minutes.
   */
  @Test
  void addressRule_aSchoolBehindOneAddressTypesWrongWithoutWaiting() {
    for (int i = 0; i < 1_000; i++) {
      fail(10_000 + i, SCHOOL_NAT);
      assertEquals(0, guard.addressWaitFor(SCHOOL_NAT), "wrong code " + i);
      clock.advance(Duration.ofMillis(60));
    }
    for (int i = 0; i < 600; i++) {
      clock.advance(Duration.ofSeconds(1));
      fail(20_000 + i, SCHOOL_NAT);
      assertEquals(0, guard.addressWaitFor(SCHOOL_NAT), "steady wrong code " + i);
    }
    long worst = 0;
    for (int i = 0; i < 100; i++) {
      fail(30_000 + i, SCHOOL_NAT);
      worst = Math.max(worst, guard.addressWaitFor(SCHOOL_NAT));
    }
    assertTrue(worst > 0, "a flood beyond the allowance waits");
    assertEquals(LoginGuard.ADDRESS.longest().toMillis(), worst, "seconds, not minutes");
    assertEquals(0, guard.addressWaitFor(ELSEWHERE));
  }

  @Test
  void unknownStudent_countedLikeAKnownOne() {
    String nobody = LoginGuard.unknown("S999", "0000");
    for (int i = 0; i < 6; i++) {
      guard.failed(nobody, SCHOOL_NAT);
    }
    assertEquals(1_000, guard.studentWaitFor(nobody, SCHOOL_NAT));
  }

  @Test
  void unlock_liftsTheBackOffFromEveryAddress() {
    for (int i = 0; i < 8; i++) {
      fail(204, SCHOOL_NAT);
      fail(204, ELSEWHERE);
    }
    assertTrue(waitFor(204, SCHOOL_NAT) > 0 && waitFor(204, ELSEWHERE) > 0);
    assertTrue(guard.unlock(204).toCompletableFuture().join(), "there was something to lift");
    assertEquals(0, waitFor(204, SCHOOL_NAT));
    assertEquals(0, waitFor(204, ELSEWHERE));
    assertEquals(0, fail(204, SCHOOL_NAT), "counting starts again from free");
    assertEquals(false, guard.unlock(205).toCompletableFuture().join());
  }

  @Test
  void succeeded_forgetsOnlyThatAddress() {
    for (int i = 0; i < 8; i++) {
      fail(206, SCHOOL_NAT);
      fail(206, ELSEWHERE);
    }
    clock.advance(Duration.ofMinutes(1));
    guard.succeeded(206, SCHOOL_NAT);
    assertEquals(0, fail(206, SCHOOL_NAT), "the child's own count starts again");
    assertTrue(fail(206, ELSEWHERE) > 0, "the guesser's count stays");
  }

  /** A million wrong codes from a million rotating addresses: the ledger stays within its bound. */
  @Test
  void addressRotation_ledgerStaysWithinItsBound() {
    int bound = LocalLedger.MAX_KEYS;
    int max = 0;
    for (int i = 0; i < 1_000_000; i++) {
      String address = "10." + (i >>> 16 & 0xff) + "." + (i >>> 8 & 0xff) + "." + (i & 0xff);
      guard.failed(LoginGuard.unknown("S1", Integer.toString(i % 5_000)), address);
      if ((i & 0xfff) == 0) {
        max = Math.max(max, ledger.size());
      }
    }
    max = Math.max(max, ledger.size());
    assertTrue(max <= bound, "held " + max + " keys, bound " + bound);
    assertTrue(max > bound / 2, "the bound, not something else, limited it: " + max);
  }

  /** Keys whose counts are forgotten leave on later writes, without reaching the bound. */
  @Test
  void forgottenKeys_leaveWithoutTheBound() {
    LocalLedger small = new LocalLedger(clock, 1_000);
    for (int i = 0; i < 500; i++) {
      small.fail("a:" + i, LoginGuard.ADDRESS);
    }
    clock.advance(Duration.ofSeconds(2));
    for (int i = 0; i < 500; i++) {
      small.fail("b:" + i, LoginGuard.ADDRESS);
    }
    assertEquals(500, small.size(), "the first 500 were forgotten and dropped");
  }
}
