package org.huxin.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

/**
 * The staff sign-in budget, by the injected clock: how many passwords of one username an attacker
 * gets checked per hour, how long its holder can be kept waiting, what one address may send, and
 * that the ledgers stay bounded under address rotation.
 */
class SignInThrottleTest {
  private final MutableClock clock = new MutableClock(GatewayFixture.START);
  private final SignInThrottle throttle = new SignInThrottle(clock);

  /** Tries one wrong password now from a fresh address; returns whether it was checked. */
  private boolean wrong(String username, int address) {
    SignInThrottle.Verdict v =
        throttle.admit("10.0." + address / 250 + "." + address % 250, username, false, false);
    if (v.allowed()) {
      throttle.finished("10.0." + address / 250 + "." + address % 250, username, false, false);
    }
    return v.allowed();
  }

  @Test
  void username_floodedFromEverywhere_getsAboutSixtyChecksAnHour_andWaitsAtMostAMinute() {
    int checked = 0;
    long longestWait = 0;
    for (int second = 0; second < 3600; second++) {
      for (int attempt = 0; attempt < 10; attempt++) {
        int address = second * 10 + attempt;
        SignInThrottle.Verdict v =
            throttle.admit(
                "10.1." + address / 250 % 250 + "." + address % 250, "city", false, false);
        if (v.allowed()) {
          checked++;
          throttle.finished(
              "10.1." + address / 250 % 250 + "." + address % 250, "city", false, false);
        } else {
          longestWait = Math.max(longestWait, v.retryAfterSeconds());
        }
      }
      clock.advance(Duration.ofSeconds(1));
    }
    System.out.printf(
        "36,000 wrong passwords in an hour against one username: %d checked, longest wait %d s%n",
        checked, longestWait);
    assertTrue(
        checked <= 5 + 6 + 60, "at most the free five, the ramp and one a minute: " + checked);
    assertTrue(checked >= 50, "the back-off is no lock: " + checked);
    assertTrue(longestWait <= 60, "its holder waits at most a minute: " + longestWait);
  }

  @Test
  void username_knownDevice_neverWaits_andItsRightPasswordForgivesNothing() {
    for (int i = 0; i < 12; i++) {
      wrong("psy", i);
    }
    assertFalse(throttle.admit("192.0.2.1", "psy", false, false).allowed(), "a stranger waits");
    SignInThrottle.Verdict device = throttle.admit("192.0.2.1", "psy", true, false);
    assertTrue(device.allowed(), "her own browser does not");
    throttle.finished("192.0.2.1", "psy", true, true);
    assertFalse(throttle.admit("192.0.2.2", "psy", false, false).allowed(), "still backed off");
    clock.advance(SignInThrottle.USERNAME_MAX_DELAY);
    assertTrue(throttle.admit("192.0.2.2", "psy", false, false).allowed(), "after a minute");
  }

  @Test
  void address_twentyAtOnceThenOnePerSixSeconds_rightPasswordsRefunded() {
    String office = "203.0.113.5";
    for (int i = 0; i < SignInThrottle.ADDRESS_BURST; i++) {
      SignInThrottle.Verdict v = throttle.admit(office, "user-" + i, false, false);
      assertTrue(v.allowed(), "attempt " + i);
      throttle.finished(office, "user-" + i, false, false);
    }
    SignInThrottle.Verdict over = throttle.admit(office, "user-x", false, false);
    assertFalse(over.allowed());
    assertEquals(6, over.retryAfterSeconds());
    clock.advance(SignInThrottle.ADDRESS_LEAK);
    assertTrue(throttle.admit(office, "user-y", false, false).allowed());
    throttle.finished(office, "user-y", false, true);
    assertTrue(throttle.admit(office, "user-z", false, false).allowed(), "a right one refunded");
  }

  @Test
  void inFlight_limitedOnlyWhileChecksQueue() {
    String office = "198.51.100.1";
    for (int i = 0; i < 5; i++) {
      assertTrue(throttle.admit(office, "staff-" + i, false, false).allowed(), "no queue: " + i);
    }
    assertFalse(throttle.admit(office, "staff-9", false, true).allowed(), "a queue: two at most");
  }

  @Test
  void ledgers_boundedUnderAddressRotation() {
    for (int i = 0; i < SignInThrottle.MAX_KEYS * 2; i++) {
      String address = "2001:db8:" + Integer.toHexString(i) + "::1";
      throttle.admit(address, "u" + i, false, false);
      throttle.finished(address, "u" + i, false, false);
    }
    assertTrue(throttle.size() <= 2 * SignInThrottle.MAX_KEYS, "size " + throttle.size());
  }
}
