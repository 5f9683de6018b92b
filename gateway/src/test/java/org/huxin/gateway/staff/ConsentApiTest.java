package org.huxin.gateway.staff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.gateway.testing.Http;
import org.huxin.testsupport.DatabaseTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Recording a guardian's consent or its withdrawal in the console's API, within scope. */
@DatabaseTest
class ConsentApiTest {
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(ConsentApiTest.class);
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void record_paperFormHandedIn_studentCanSignInAtOnce() throws Exception {
    RosterEntry waiting =
        gw.roster.stream()
            .filter(e -> !e.consent() && e.grade() >= 7 && e.grade() <= 9)
            .findFirst()
            .orElseThrow();
    Http student = new Http(gw.app.port());
    assertEquals(403, student.postJson("/api/student/login", gw.loginBody(waiting)).statusCode());

    HttpResponse<String> r =
        gw.staffSession("city")
            .postJson("/api/staff/students/" + waiting.id() + "/consent", body(true, "paper_form"));

    assertEquals(201, r.statusCode(), r.body());
    JsonObject record = new JsonObject(r.body());
    assertTrue(record.getBoolean("given"));
    assertEquals("staff", record.getString("source"));
    assertEquals("paper_form", record.getString("method"));
    assertEquals(GatewayFixture.START.toString(), record.getString("at"));
    assertTrue(record.getLong("id") > 127);
    assertEquals(
        200,
        student.postJson("/api/student/login", gw.loginBody(waiting)).statusCode(),
        "the roster reloaded with the new flag");
    assertEquals(1, auditRows("city", ConsentApi.RECORD_ACTION, waiting.id(), true));
  }

  @Test
  void record_withdrawal_historyShowsItNewestFirst() throws Exception {
    RosterEntry student = gw.secondaryStudent(5);
    Http psy = gw.staffSession("city");
    assertEquals(
        201,
        psy.postJson("/api/staff/students/" + student.id() + "/consent", body(true, "phone"))
            .statusCode());
    assertEquals(
        201,
        psy.postJson("/api/staff/students/" + student.id() + "/consent", body(false, "phone"))
            .statusCode());

    HttpResponse<String> r =
        psy.get("/api/staff/students/" + student.id() + "/consent?windowId=" + gw.window.id());

    assertEquals(200, r.statusCode(), r.body());
    JsonObject history = new JsonObject(r.body());
    assertTrue(history.getBoolean("withdrawn"));
    assertEquals(2, history.getJsonArray("records").size());
    assertFalse(history.getJsonArray("records").getJsonObject(0).getBoolean("given"));
    assertEquals(1, auditRows("city", ConsentApi.VIEW_ACTION, student.id(), true));
  }

  @Test
  void record_otherSchoolsPsychologist_404AndAudited() throws Exception {
    RosterEntry a = gw.studentA();
    long refusedBefore = gw.refusedAuditRows("psy-b");

    HttpResponse<String> r =
        gw.staffSession("psy-b")
            .postJson("/api/staff/students/" + a.id() + "/consent", body(false, "online"));

    assertEquals(404, r.statusCode(), r.body());
    assertEquals(refusedBefore + 1, gw.refusedAuditRows("psy-b"));
    assertEquals(0, count("SELECT count(*) FROM guardian_consent WHERE student_id = ?", a.id()));
  }

  @Test
  void record_ops_403() {
    HttpResponse<String> r =
        gw.staffSession("ops")
            .postJson(
                "/api/staff/students/" + gw.studentA().id() + "/consent", body(true, "online"));

    assertEquals(403, r.statusCode(), r.body());
  }

  @Test
  void record_unknownMethod_400() {
    HttpResponse<String> r =
        gw.staffSession("psy")
            .postJson(
                "/api/staff/students/" + gw.studentA().id() + "/consent", body(true, "pigeon"));

    assertEquals(400, r.statusCode(), r.body());
  }

  private static String body(boolean given, String method) {
    return new JsonObject()
        .put("windowId", gw.window.id())
        .put("given", given)
        .put("method", method)
        .encode();
  }

  private static long auditRows(String username, String action, long studentId, boolean ok)
      throws SQLException {
    try (Connection c = gw.db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM audit a JOIN staff_account s ON s.id = a.actor_id"
                    + " WHERE s.username = ? AND a.action = ? AND a.subject_student_id = ?"
                    + " AND a.ok = ?")) {
      ps.setString(1, username);
      ps.setString(2, action);
      ps.setLong(3, studentId);
      ps.setBoolean(4, ok);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static long count(String sql, long id) throws SQLException {
    try (Connection c = gw.db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
