package org.huxin.gateway.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.testsupport.DatabaseTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An attempt to lock a whole school out: from 120 loopback addresses, wrong codes for every student
 * of one school, enough to have locked each of them for an hour under the old rule (seven per
 * student from each address, 840 per student). Then every student of that school signs in with the
 * right code: from an address of their own at once, and from an address the attacker used (the same
 * NAT) after at most a minute.
 */
@DatabaseTest
class LockoutAttemptTest {
  private static final int ATTACKERS = 120;
  private static final int WRONG_PER_STUDENT_PER_ADDRESS = 3;
  private static final String LOGIN = "/api/student/login";

  private static GatewayFixture gw;
  private static Sources attackers;
  private static final String OWN_ADDRESS = "127.7.0.1";

  @BeforeAll
  static void start() {
    gw = Gateways.start(LockoutAttemptTest.class);
    attackers = new Sources(gw.app.port(), 6, ATTACKERS);
  }

  @AfterAll
  static void stop() {
    attackers.close();
    gw.close();
  }

  @Test
  void manyAddressesAgainstASchool_everyStudentSignsInWithinAMinute() {
    List<RosterEntry> school = aSchool();
    assertTrue(school.size() >= 20, "a school of " + school.size());
    assertTrue(school.stream().allMatch(s -> s.id() > 127), "ids above 127");

    AtomicInteger compared = new AtomicInteger();
    AtomicInteger waited = new AtomicInteger();
    AtomicInteger longestWait = new AtomicInteger();
    AtomicInteger other = new AtomicInteger();
    long t0 = System.nanoTime();
    List<Future<Void>> chains = new ArrayList<>();
    for (int a = 0; a < ATTACKERS; a++) {
      chains.add(attack(a, school, 0, compared, waited, longestWait, other));
    }
    Sources.await(Future.all(chains), Duration.ofMinutes(3));
    long attackMs = (System.nanoTime() - t0) / 1_000_000;
    int sent = ATTACKERS * school.size() * WRONG_PER_STUDENT_PER_ADDRESS;
    assertEquals(sent, compared.get() + waited.get() + other.get());
    assertEquals(0, other.get(), "every answer was 401 or 429");
    assertTrue(longestWait.get() <= 60, "no wait beyond a minute: " + longestWait.get());
    System.out.printf(
        "lockout attempt: %d wrong codes from %d addresses against %d students in %d ms;"
            + " %d compared, %d told to wait (longest %d s)%n",
        sent, ATTACKERS, school.size(), attackMs, compared.get(), waited.get(), longestWait.get());

    long t1 = System.nanoTime();
    long slowest = 0;
    for (RosterEntry s : school) {
      long start = System.nanoTime();
      Sources.Answer own = Sources.postOnce(gw.app.port(), OWN_ADDRESS, LOGIN, gw.loginBody(s));
      slowest = Math.max(slowest, (System.nanoTime() - start) / 1_000_000);
      assertEquals(200, own.status(), "student " + s.id() + " from their own address: " + own);
    }
    long allMs = (System.nanoTime() - t1) / 1_000_000;
    assertTrue(allMs < 60_000, "the whole school signed in within a minute: " + allMs + " ms");
    System.out.printf(
        "lockout attempt: all %d students signed in from their own address in %d ms"
            + " (slowest %d ms)%n",
        school.size(), allMs, slowest);

    // Behind an attacker's address (the same school network): the attacker pushes one student to
    // the longest wait; a minute at most, by the clock.
    String sameNat = attackers.address(0);
    RosterEntry pushed = school.get(0);
    int wait = 0;
    while (wait < 60) {
      Sources.Answer r = Sources.postOnce(gw.app.port(), sameNat, LOGIN, wrongBody(pushed));
      if (r.status() == 429) {
        wait = r.retryAfterSeconds();
        gw.clock.advance(Duration.ofSeconds(wait));
      } else {
        assertEquals(401, r.status(), r.toString());
      }
    }
    Sources.postOnce(gw.app.port(), sameNat, LOGIN, wrongBody(pushed));
    Sources.Answer waiting = Sources.postOnce(gw.app.port(), sameNat, LOGIN, gw.loginBody(pushed));
    assertEquals(429, waiting.status(), waiting.toString());
    assertEquals(60, waiting.retryAfterSeconds(), "the longest wait: " + waiting);
    gw.clock.advance(Duration.ofSeconds(waiting.retryAfterSeconds()));
    for (RosterEntry s : school) {
      Sources.Answer r = Sources.postOnce(gw.app.port(), sameNat, LOGIN, gw.loginBody(s));
      assertEquals(200, r.status(), "student " + s.id() + " behind the attacker's address: " + r);
    }
  }

  /** Address {@code a}'s wrong codes, one after another, from student {@code i} on. */
  private static Future<Void> attack(
      int a,
      List<RosterEntry> school,
      int i,
      AtomicInteger compared,
      AtomicInteger waited,
      AtomicInteger longestWait,
      AtomicInteger other) {
    if (i == school.size() * WRONG_PER_STUDENT_PER_ADDRESS) {
      return Future.succeededFuture();
    }
    RosterEntry target = school.get(i / WRONG_PER_STUDENT_PER_ADDRESS);
    return attackers
        .post(a, LOGIN, wrongBody(target))
        .compose(
            r -> {
              if (r.status() == 401) {
                compared.incrementAndGet();
              } else if (r.status() == 429) {
                waited.incrementAndGet();
                longestWait.accumulateAndGet(r.retryAfterSeconds(), Math::max);
              } else {
                other.incrementAndGet();
              }
              return attack(a, school, i + 1, compared, waited, longestWait, other);
            });
  }

  /**
   * The consenting students in the window's scope of the smallest school that has at least 30 of
   * them (the attack's requests grow with the school).
   */
  private static List<RosterEntry> aSchool() {
    Map<Long, List<RosterEntry>> bySchool =
        gw.roster.stream()
            .filter(e -> e.consent() && gw.window.inScope(e.districtId(), e.schoolId(), e.grade()))
            .collect(Collectors.groupingBy(RosterEntry::schoolId));
    return bySchool.values().stream()
        .filter(l -> l.size() >= 30)
        .min(Comparator.comparingInt(List::size))
        .orElseThrow();
  }

  private static String wrongBody(RosterEntry student) {
    String right = gw.codeOf(student);
    String wrong = right.substring(0, right.length() - 1) + (right.endsWith("Z") ? "Y" : "Z");
    return GatewayFixture.loginBody(student.schoolCode(), student.studentNo(), wrong);
  }
}
