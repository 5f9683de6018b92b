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
import org.huxin.engine.store.RosterEntry;
import org.huxin.gateway.admission.LoginGuard;
import org.huxin.gateway.testing.GatewayFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How many access codes an attacker may try, measured from outside over a simulated hour. A guess
 * "counts" when the gateway compares it with the real code: the test puts the right code at guess
 * number N and sees whether it is let in. {@code LoginLockTest} covers the school's unlock; this
 * class pins the figures and the per-address limit across many students.
 */
class BruteForceTest {
  /** Guesses one student's code gets per hour, from any number of addresses. */
  static final int GUESSES_PER_STUDENT_PER_HOUR = 10;

  /** Wrong codes one source address may send per ten minutes, over all students. */
  static final int WRONG_CODES_PER_ADDRESS_PER_TEN_MINUTES = 300;

  /** The same limit over an hour: six ten-minute blocks. */
  static final int WRONG_CODES_PER_ADDRESS_PER_HOUR = 1_800;

  private static final String LOGIN = "/api/student/login";

  /** The student whose right code tests a blocked address. */
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

  /** Every test starts after all earlier counters and locks have run out. */
  @BeforeEach
  void forgetEarlierFailures() {
    gw.clock.advance(LoginGuard.STUDENT_WINDOW.plusMinutes(1));
  }

  @Test
  void login_studentGetsTenGuessesPerHour() {
    assertEquals(GUESSES_PER_STUDENT_PER_HOUR, LoginGuard.STUDENT_FAILURES);
    RosterEntry lastGuessRight = gw.secondaryStudent(1);
    for (int i = 1; i < GUESSES_PER_STUDENT_PER_HOUR; i++) {
      assertEquals(401, login(wrongBody(lastGuessRight)).statusCode(), "guess " + i);
    }
    assertEquals(
        200,
        login(gw.loginBody(lastGuessRight)).statusCode(),
        "guess " + GUESSES_PER_STUDENT_PER_HOUR + " is still compared with the code");

    RosterEntry target = gw.secondaryStudent(2);
    for (int i = 1; i <= GUESSES_PER_STUDENT_PER_HOUR; i++) {
      int expected = i < GUESSES_PER_STUDENT_PER_HOUR ? 401 : 423;
      assertEquals(expected, login(wrongBody(target)).statusCode(), "guess " + i);
    }
    for (int minute = 7; minute < 60; minute += 7) {
      gw.clock.advance(Duration.ofMinutes(7));
      HttpResponse<String> right = login(gw.loginBody(target));
      assertEquals(423, right.statusCode(), "the right code at minute " + minute + " of the lock");
    }
    gw.clock.advance(Duration.ofMinutes(5)); // the hour since the lock is over
    for (int i = 1; i < GUESSES_PER_STUDENT_PER_HOUR; i++) {
      assertEquals(401, login(wrongBody(target)).statusCode(), "next hour, guess " + i);
    }
    assertEquals(
        423, login(wrongBody(target)).statusCode(), "the next hour ends after as many guesses");
  }

  @Test
  void login_oneAddressBlockedAcrossManyStudents() {
    assertEquals(WRONG_CODES_PER_ADDRESS_PER_TEN_MINUTES, LoginGuard.ADDRESS_FAILURES);
    List<RosterEntry> students = students(400);
    int[] tried = new int[students.size()];
    int next = 0;
    int wrongAnswered = 0;
    int blocked = 0;
    RosterEntry fresh = gw.secondaryStudent(FRESH);
    // One simulated hour, a minute at a time: send wrong codes until refused, then wait a minute.
    for (int minute = 0; minute < 60; minute++) {
      while (true) {
        int s = next++ % students.size();
        assertTrue(tried[s] < LoginGuard.STUDENT_FAILURES - 1, "no student is locked here");
        tried[s]++;
        HttpResponse<String> r = login(wrongBody(students.get(s)));
        if (r.statusCode() == 429) {
          blocked++;
          assertTrue(r.headers().firstValue("retry-after").isPresent(), "says when to retry");
          HttpResponse<String> right = login(gw.loginBody(fresh));
          assertEquals(429, right.statusCode(), "a blocked address gets no answer to any code");
          break;
        }
        assertEquals(401, r.statusCode(), r.body());
        wrongAnswered++;
      }
      gw.clock.advance(Duration.ofMinutes(1));
    }
    assertEquals(WRONG_CODES_PER_ADDRESS_PER_HOUR, wrongAnswered, "wrong codes answered per hour");
    assertTrue(blocked >= 6, "blocked at least once per ten minutes: " + blocked);
    int studentsTried = 0;
    for (int n : tried) {
      studentsTried += n > 0 ? 1 : 0;
    }
    assertTrue(studentsTried > 200, "spread over " + studentsTried + " students");
    gw.clock.advance(LoginGuard.ADDRESS_WINDOW);
    assertEquals(200, login(gw.loginBody(fresh)).statusCode(), "the block lifts by itself");
  }

  @Test
  void login_rightCodeOfALockedStudentRefused() {
    RosterEntry target = gw.secondaryStudent(3);
    for (int i = 0; i < GUESSES_PER_STUDENT_PER_HOUR; i++) {
      login(wrongBody(target));
    }
    HttpResponse<String> right = login(gw.loginBody(target));
    assertEquals(423, right.statusCode(), right.body());
    assertFalse(right.body().contains("token"), "no token for a locked student: " + right.body());
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
