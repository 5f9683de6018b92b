package org.huxin.gateway.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.huxin.engine.store.RosterEntry;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.gateway.testing.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Ten wrong codes lock a student until the school unlocks them; nobody else can unlock. */
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
  void login_lockedAfterTooManyWrongCodesUntilTheSchoolUnlocks() throws Exception {
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
    for (int i = 1; i < LoginGuard.STUDENT_FAILURES; i++) {
      assertEquals(401, gw.http.postJson("/api/student/login", wrongBody).statusCode(), "try " + i);
    }
    HttpResponse<String> last = gw.http.postJson("/api/student/login", wrongBody);
    assertEquals(423, last.statusCode(), last.body());
    assertEquals("locked", new JsonObject(last.body()).getString("error"));
    HttpResponse<String> rightButLocked =
        gw.http.postJson("/api/student/login", gw.loginBody(student));
    assertEquals(423, rightButLocked.statusCode(), "a locked student cannot go on guessing");

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
