package org.huxin.gateway.student;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.windows.NewWindow;
import org.huxin.engine.windows.Window;
import org.huxin.engine.windows.WindowStatus;
import org.huxin.engine.windows.WindowStore;
import org.huxin.gateway.auth.AccessCodes;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.testsupport.DatabaseTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A window scores with the tier rule set it names: PHQ-9 = 10 is key attention under the default
 * rules (10–14) but routine in a window using the adolescent cut-off of 11.
 */
@DatabaseTest
class WindowRuleSetTest {
  private static GatewayFixture gw;
  private static Window adolescent;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(WindowRuleSetTest.class);
    RosterEntry b = gw.secondaryStudent(1);
    Window created =
        new WindowStore(gw.store.dataSource())
            .create(
                new NewWindow(
                    "adolescent cut-off window",
                    List.of(),
                    List.of(b.schoolId()),
                    7,
                    12,
                    GatewayFixture.BATTERIES,
                    GatewayFixture.START.minus(Duration.ofHours(1)),
                    GatewayFixture.START.plus(Duration.ofDays(7)),
                    null,
                    4,
                    "adolescent-phq9-11"));
    adolescent = new WindowStore(gw.store.dataSource()).setStatus(created.id(), WindowStatus.OPEN);
    gw.reloadWindows();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void submit_scoredWithTheWindowsRuleSet() throws Exception {
    RosterEntry a = gw.secondaryStudent(0);
    RosterEntry b = gw.secondaryStudent(1);
    assertEquals(1, tierOf(a, gw.window), "default rules: PHQ-9 = 10 is key attention");
    assertEquals(0, tierOf(b, adolescent), "cut-off 11: PHQ-9 = 10 stays routine");
  }

  private static int tierOf(RosterEntry student, Window window) throws Exception {
    String code = AccessCodes.code(window.codeSecret(), window.id(), student.id());
    HttpResponse<String> login =
        gw.http.postJson(
            "/api/student/login",
            GatewayFixture.loginBody(student.schoolCode(), student.studentNo(), code));
    assertEquals(200, login.statusCode(), login.body());
    JsonObject session = new JsonObject(login.body());
    assertEquals(window.id(), session.getJsonObject("window").getLong("id"));
    JsonObject questionnaire =
        new JsonObject(gw.http.get(session.getString("questionnaire")).body());
    // PHQ-9 items 1–5 at 2 = 10; everything else as a student doing well.
    JsonObject answers =
        StudentPathTest.answers(
            questionnaire,
            (scale, item) ->
                scale.equals("phq9")
                    ? (item <= 5 ? 2 : 0)
                    : StudentPathTest.ROUTINE.apply(scale, item));
    JsonObject body =
        new JsonObject()
            .put("idempotencyKey", UUID.randomUUID().toString())
            .put("answers", answers);
    HttpResponse<String> submit =
        gw.http.postJson(
            "/api/student/submit",
            body.encode(),
            "Authorization",
            "Bearer " + session.getString("token"));
    assertEquals(200, submit.statusCode(), submit.body());
    try (Connection c = gw.db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT tier FROM result WHERE window_id = ? AND student_id = ?")) {
      ps.setLong(1, window.id());
      ps.setLong(2, student.id());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
