package org.huxin.gateway.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.gateway.testing.Http;
import org.huxin.testsupport.DatabaseTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A child's own wrong codes make the next attempt wait, a minute at most; the school lifts the wait
 * at once, and nobody outside the child's scope can. (This was a lock of an hour that only the
 * school could lift; it is now a back-off that the school may shorten.)
 */
@DatabaseTest
class LoginLockTest {
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(LoginLockTest.class);
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void login_wrongCodesWaitAtMostAMinuteOrUntilTheSchoolLiftsIt() throws Exception {
    RosterEntry a = gw.studentA();
    RosterEntry student =
        gw.roster.stream()
            .filter(e -> e.consent() && e.schoolId() == a.schoolId() && e.classId() != a.classId())
            .filter(e -> gw.window.inScope(e.districtId(), e.schoolId(), e.grade()))
            .findFirst()
            .orElseThrow(); // the psychologist's school, not the head teacher's class
    String right = gw.codeOf(student);
    String wrong = right.substring(0, 10) + (right.endsWith("Z") ? "Y" : "Z");
    String wrongBody = GatewayFixture.loginBody(student.schoolCode(), student.studentNo(), wrong);
    int waited = 0;
    for (int i = 1; waited < 60; i++) {
      HttpResponse<String> r = gw.http.postJson("/api/student/login", wrongBody);
      if (r.statusCode() == 429) {
        assertEquals("too_many_attempts", new JsonObject(r.body()).getString("error"));
        waited = Integer.parseInt(r.headers().firstValue("retry-after").orElseThrow());
        assertTrue(waited <= 60, "never more than a minute: " + waited);
        gw.clock.advance(Duration.ofSeconds(waited));
      } else {
        assertEquals(401, r.statusCode(), "try " + i);
      }
    }
    assertEquals(401, gw.http.postJson("/api/student/login", wrongBody).statusCode());
    HttpResponse<String> rightButWaiting =
        gw.http.postJson("/api/student/login", gw.loginBody(student));
    assertEquals(429, rightButWaiting.statusCode(), "no code is compared during the wait");
    assertEquals("60", rightButWaiting.headers().firstValue("retry-after").orElseThrow());

    Http otherClass = gw.staffSession("teacher"); // head teacher of another class
    RosterEntry unlockTarget = student;
    HttpResponse<String> refused =
        otherClass.postJson("/api/staff/students/" + unlockTarget.id() + "/unlock", "{}");
    assertEquals(404, refused.statusCode(), refused.body());
    assertEquals(1, audited(unlockTarget.id(), false));

    Http psychologist = gw.staffSession("psy");
    HttpResponse<String> unlocked =
        psychologist.postJson("/api/staff/students/" + unlockTarget.id() + "/unlock", "{}");
    assertEquals(200, unlocked.statusCode(), unlocked.body());
    assertEquals(true, new JsonObject(unlocked.body()).getBoolean("wasLocked"));
    assertEquals(1, audited(unlockTarget.id(), true));
    assertEquals(200, gw.http.postJson("/api/student/login", gw.loginBody(student)).statusCode());
  }

  @Test
  void login_rightCodeAfterTheWaitIsLetInWithoutTheSchool() {
    RosterEntry student = gw.secondaryStudent(7);
    String right = gw.codeOf(student);
    String wrong = right.substring(0, 10) + (right.endsWith("Z") ? "Y" : "Z");
    String wrongBody = GatewayFixture.loginBody(student.schoolCode(), student.studentNo(), wrong);
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> r = gw.http.postJson("/api/student/login", wrongBody);
      if (r.statusCode() == 429) {
        gw.clock.advance(
            Duration.ofSeconds(
                Long.parseLong(r.headers().firstValue("retry-after").orElseThrow())));
      }
    }
    HttpResponse<String> waiting = gw.http.postJson("/api/student/login", gw.loginBody(student));
    assertEquals(429, waiting.statusCode(), waiting.body());
    gw.clock.advance(Duration.ofSeconds(60));
    assertEquals(200, gw.http.postJson("/api/student/login", gw.loginBody(student)).statusCode());
  }

  private static int audited(long studentId, boolean ok) throws Exception {
    try (Connection c = gw.db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM audit WHERE action = 'unlock_student_login'"
                    + " AND subject_student_id = ? AND ok = ?")) {
      ps.setLong(1, studentId);
      ps.setBoolean(2, ok);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
