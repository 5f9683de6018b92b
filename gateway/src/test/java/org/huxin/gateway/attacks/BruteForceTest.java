package org.huxin.gateway.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.gateway.admission.LoginGuard;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.testsupport.DatabaseTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How many access codes an attacker may try, measured from outside over simulated hours. A guess
 * "counts" when the gateway compares it with the real code (401, or 200 for the right one); an
 * attempt answered 429 was not compared. {@code LoginLockTest} covers the school's unlock and
 * {@code LockoutAttemptTest} many addresses at once; this class pins the figures of one address.
 *
 * <p>The rule changed from a hard lock (ten wrong codes locked a student for an hour, 300 an
 * address for ten minutes) to back-offs that never keep a child out for more than a minute; the
 * figures below changed with it.
 */
@DatabaseTest
class BruteForceTest {
  /** Guesses one student's code gets from one address in the first hour, at most. */
  static final int GUESSES_PER_STUDENT_FIRST_HOUR = 71;

  /** ... and in every later hour. */
  static final int GUESSES_PER_STUDENT_PER_HOUR = 60;

  /** Wrong codes one address may send at once over all students before it waits. */
  static final int WRONG_CODES_PER_ADDRESS_AT_ONCE = 1_000;

  /** The longest any attempt is told to wait, in seconds. */
  static final int LONGEST_WAIT_SECONDS = 60;

  private static final String LOGIN = "/api/student/login";

  /** The student whose right code tests a waiting address. */
  private static final int FRESH = 40;

  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = Gateways.start(BruteForceTest.class);
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  /** Every test starts after all earlier counts and waits are forgotten. */
  @BeforeEach
  void forgetEarlierFailures() {
    gw.clock.advance(Duration.ofHours(2));
  }

  @Test
  void login_studentGetsSixtyGuessesAnHourFromOneAddress() {
    assertEquals(
        LONGEST_WAIT_SECONDS * 1000L,
        LoginGuard.STUDENT.longest().toMillis(),
        "the figures below assume a minute at most");
    RosterEntry target = gw.secondaryStudent(2);
    int[] compared = new int[2];
    long start = gw.clock.millis();
    while (gw.clock.millis() - start < Duration.ofHours(2).toMillis()) {
      HttpResponse<String> r = login(wrongBody(target));
      if (r.statusCode() == 429) {
        int wait = Integer.parseInt(r.headers().firstValue("retry-after").orElseThrow());
        assertTrue(wait >= 1 && wait <= LONGEST_WAIT_SECONDS, "wait " + wait);
        assertFalse(r.body().contains("token"), r.body());
        gw.clock.advance(Duration.ofSeconds(wait));
        continue;
      }
      assertEquals(401, r.statusCode(), r.body());
      compared[(int) ((gw.clock.millis() - start) / 3_600_000)]++;
    }
    assertTrue(
        compared[0] <= GUESSES_PER_STUDENT_FIRST_HOUR
            && compared[0] >= GUESSES_PER_STUDENT_PER_HOUR,
        "first hour: " + compared[0]);
    assertEquals(GUESSES_PER_STUDENT_PER_HOUR, compared[1], "second hour");

    while (login(wrongBody(target)).statusCode() != 429) {
      // one more wrong code, so that a wait is in force
    }
    HttpResponse<String> waiting = login(gw.loginBody(target));
    assertEquals(429, waiting.statusCode(), "the right code waits like any other");
    int wait = Integer.parseInt(waiting.headers().firstValue("retry-after").orElseThrow());
    assertTrue(wait <= LONGEST_WAIT_SECONDS, "wait " + wait);
    gw.clock.advance(Duration.ofSeconds(wait));
    assertEquals(200, login(gw.loginBody(target)).statusCode(), "then it is let in");
  }

  @Test
  void login_sixthWrongCodeIsStillComparedAndTheRightOneLetIn() {
    RosterEntry lastGuessRight = gw.secondaryStudent(1);
    for (int i = 1; i <= LoginGuard.STUDENT.free(); i++) {
      assertEquals(401, login(wrongBody(lastGuessRight)).statusCode(), "guess " + i);
    }
    assertEquals(
        200,
        login(gw.loginBody(lastGuessRight)).statusCode(),
        "guess " + (LoginGuard.STUDENT.free() + 1) + " is still compared with the code");
  }

  @Test
  void login_oneAddressWaitsSecondsAfterAThousandWrongCodes() {
    List<RosterEntry> students = students(400);
    RosterEntry fresh = gw.secondaryStudent(FRESH);
    int wrongAnswered = 0;
    HttpResponse<String> r;
    for (int n = 0; ; n++) {
      RosterEntry s = students.get(n % students.size());
      r = login(wrongBody(s));
      if (r.statusCode() != 401) {
        break;
      }
      wrongAnswered++;
      assertTrue(wrongAnswered <= WRONG_CODES_PER_ADDRESS_AT_ONCE + 1, "never waits");
    }
    assertTrue(
        wrongAnswered >= WRONG_CODES_PER_ADDRESS_AT_ONCE,
        "answered before a wait: " + wrongAnswered);
    assertEquals(429, r.statusCode(), r.body());
    int wait = Integer.parseInt(r.headers().firstValue("retry-after").orElseThrow());
    assertTrue(wait <= LoginGuard.ADDRESS.longest().toSeconds(), "seconds, not minutes: " + wait);
    assertEquals(
        429, login(gw.loginBody(fresh)).statusCode(), "a waiting address gets no code compared");
    gw.clock.advance(Duration.ofSeconds(wait));
    assertEquals(200, login(gw.loginBody(fresh)).statusCode(), "the wait lifts by itself");
  }

  @Test
  void login_unknownStudentWaitsLikeAKnownOne() {
    RosterEntry real = gw.secondaryStudent(3);
    String ghost = GatewayFixture.loginBody(real.schoolCode(), "no-such-number", "ABCDEFGHJK");
    for (int i = 0; i <= LoginGuard.STUDENT.free(); i++) {
      assertEquals(401, login(ghost).statusCode());
      assertEquals(401, login(wrongBody(real)).statusCode());
    }
    HttpResponse<String> ghostWaits = login(ghost);
    HttpResponse<String> realWaits = login(wrongBody(real));
    assertEquals(429, ghostWaits.statusCode());
    assertEquals(realWaits.statusCode(), ghostWaits.statusCode());
    assertEquals(realWaits.body(), ghostWaits.body(), "the answers do not tell who exists");
  }

  /** {@code n} students of the city, none of those the other tests sign in. */
  private static List<RosterEntry> students(int n) {
    Set<Long> used = new HashSet<>();
    for (int i : new int[] {1, 2, 3, FRESH}) {
      used.add(gw.secondaryStudent(i).id());
    }
    List<RosterEntry> out = new ArrayList<>();
    for (RosterEntry e : gw.roster) {
      if (out.size() < n && !used.contains(e.id())) {
        out.add(e);
      }
    }
    return out;
  }

  private static HttpResponse<String> login(String body) {
    return gw.http.postJson(LOGIN, body);
  }

  private static String wrongBody(RosterEntry student) {
    String right = gw.codeOf(student);
    String wrong = right.substring(0, right.length() - 1) + (right.endsWith("Z") ? "Y" : "Z");
    return GatewayFixture.loginBody(student.schoolCode(), student.studentNo(), wrong);
  }
}
