package org.huxin.gateway.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.windows.Window;
import org.huxin.engine.windows.WindowStatus;
import org.huxin.engine.windows.WindowStore;
import org.huxin.gateway.student.StudentPathTest;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.gateway.testing.Http;
import org.huxin.testsupport.DatabaseTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Creating, listing and changing windows from the console, and the list of students without
 * guardian consent: each unhappy path of {@code POST /api/staff/windows} in its own test, a paused
 * window refusing the very next login and submit, and the consent list held to the caller's scope
 * and audited.
 */
@DatabaseTest
class WindowAdminTest {
  private static GatewayFixture gw;
  private static Http city;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(WindowAdminTest.class);
    city = gw.staffSession("city");
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  /** A valid body: grades 1–12, default batteries, one week in October 2026. */
  private static JsonObject body() {
    return new JsonObject()
        .put("name", "2026 秋季筛查")
        .put("minGrade", 1)
        .put("maxGrade", 12)
        .put(
            "batteryByBand",
            new JsonObject()
                .put("1-3", "g1-3-teacher")
                .put("4-6", "g4-6")
                .put("7-9", "g7-9")
                .put("10-12", "g10-12"))
        .put("opensAt", "2026-10-19T00:00:00Z")
        .put("closesAt", "2026-10-26T00:00:00Z");
  }

  private static HttpResponse<String> create(Http session, JsonObject body) {
    return session.postJson("/api/staff/windows", body.encode());
  }

  private static void assertFault(HttpResponse<String> r, String field, String inMessage) {
    assertEquals(422, r.statusCode(), r.body());
    JsonObject error = new JsonObject(r.body());
    assertEquals("invalid_window", error.getString("error"));
    assertEquals(field, error.getString("field"), r.body());
    assertTrue(error.getString("message").contains(inMessage), r.body());
  }

  // ---- create -----------------------------------------------------------------------------------

  @Test
  void createWindow_cityAdminCreatesDraftWithPartitions() throws SQLException {
    HttpResponse<String> r = create(city, body());
    assertEquals(201, r.statusCode(), r.body());
    JsonObject created = new JsonObject(r.body());
    long id = created.getLong("id");
    assertEquals("draft", created.getString("status"));
    assertTrue(created.getBoolean("cityWide"));
    assertEquals("g1-3-teacher", created.getJsonObject("batteryByBand").getString("1-3"));
    assertEquals("default", created.getString("ruleSetId"));
    assertEquals(1, count("SELECT count(*) FROM pg_class WHERE relname = 'result_w" + id + "'"));
    Window stored = new WindowStore(gw.store.dataSource()).find(id).orElseThrow();
    assertTrue(stored.helpContactsJson().contains("12356"), "national contacts by default");
    JsonArray listed =
        new JsonObject(city.get("/api/staff/windows").body()).getJsonArray("windows");
    assertTrue(listed.stream().anyMatch(w -> ((JsonObject) w).getLong("id") == id));
  }

  @Test
  void createWindow_blankName() {
    assertFault(create(city, body().put("name", "   ")), "name", "'name'");
  }

  @Test
  void createWindow_missingField() {
    JsonObject body = body();
    body.remove("closesAt");
    HttpResponse<String> r = create(city, body);
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(r.body().contains("closesAt"), r.body());
  }

  @Test
  void createWindow_minGradeAboveMaxGrade() {
    assertFault(create(city, body().put("minGrade", 9).put("maxGrade", 4)), "minGrade", "maxGrade");
  }

  @Test
  void createWindow_unknownBattery() {
    JsonObject body = body();
    body.getJsonObject("batteryByBand").put("4-6", "g4-6-x");
    assertFault(create(city, body), "batteryByBand", "g4-6-x");
  }

  @Test
  void createWindow_batteryOfAnotherBand() {
    JsonObject body = body();
    body.getJsonObject("batteryByBand").put("4-6", "g7-9");
    assertFault(create(city, body), "batteryByBand", "written for grades 7-9");
  }

  @Test
  void createWindow_parentBatteryForBand1to3() {
    JsonObject body = body();
    body.getJsonObject("batteryByBand").put("1-3", "g1-3-parent");
    assertFault(create(city, body), "batteryByBand", "needs a teacher battery");
  }

  @Test
  void createWindow_gradeWithoutBand() {
    JsonObject body = body();
    body.getJsonObject("batteryByBand").remove("7-9");
    assertFault(create(city, body), "batteryByBand", "grade 7");
  }

  @Test
  void createWindow_badBandKey() {
    JsonObject body = body().put("batteryByBand", new JsonObject().put("0-3", "g1-3-teacher"));
    assertFault(create(city, body.put("minGrade", 1).put("maxGrade", 3)), "batteryByBand", "0-3");
  }

  @Test
  void createWindow_closesBeforeOpens() {
    assertFault(
        create(city, body().put("closesAt", "2026-10-18T00:00:00Z")),
        "closesAt",
        "after 'opensAt'");
  }

  @Test
  void createWindow_unknownRuleSet() {
    assertFault(create(city, body().put("ruleSetId", "no-such-set")), "ruleSetId", "no-such-set");
  }

  @Test
  void createWindow_adolescentRulesOnGrades4to6() {
    HttpResponse<String> r = create(city, body().put("ruleSetId", "adolescent-phq9-11"));
    assertEquals(422, r.statusCode(), r.body());
    JsonObject error = new JsonObject(r.body());
    assertEquals("rule_set_band", error.getString("error"), r.body());
    assertEquals("ruleSetId", error.getString("field"), r.body());
    assertEquals("adolescent-phq9-11", error.getString("ruleSetId"), r.body());
    assertEquals(new JsonArray().add("7-9").add("10-12"), error.getJsonArray("bands"), r.body());
    String message = error.getString("message");
    assertTrue(message.contains("adolescent-phq9-11"), message);
    assertTrue(message.contains("7-9, 10-12"), message);
    assertTrue(message.contains("1-3, 4-6"), message);
  }

  @Test
  void createWindow_adolescentRulesOnGrades7to12() {
    JsonObject body =
        body()
            .put("minGrade", 7)
            .put("maxGrade", 12)
            .put("ruleSetId", "adolescent-phq9-11")
            .put("batteryByBand", new JsonObject().put("7-9", "g7-9").put("10-12", "g10-12"));
    HttpResponse<String> r = create(city, body);
    assertEquals(201, r.statusCode(), r.body());
    assertEquals("adolescent-phq9-11", new JsonObject(r.body()).getString("ruleSetId"));
  }

  @Test
  void createWindow_unknownDistrict() {
    assertFault(
        create(city, body().put("districtIds", new JsonArray().add(987654))),
        "districtIds",
        "987654");
  }

  @Test
  void createWindow_unknownSchool() {
    assertFault(
        create(city, body().put("schoolIds", new JsonArray().add(987654))), "schoolIds", "987654");
  }

  @Test
  void createWindow_helpContactsWithoutChinese() {
    assertFault(
        create(city, body().put("helpContacts", new JsonObject().put("en", new JsonObject()))),
        "helpContacts",
        "zh-CN");
  }

  @Test
  void createWindow_districtAdminForAnotherDistrict() {
    long other = gw.otherSchoolStudent().districtId();
    HttpResponse<String> r =
        create(gw.staffSession("district"), body().put("districtIds", new JsonArray().add(other)));
    assertEquals(403, r.statusCode(), r.body());
  }

  @Test
  void createWindow_districtAdminDefaultsToOwnDistrict() {
    HttpResponse<String> r =
        create(gw.staffSession("district"), body().put("schoolIds", new JsonArray()));
    assertEquals(201, r.statusCode(), "empty scope means their own district: " + r.body());
    JsonObject created = new JsonObject(r.body());
    assertEquals(
        new JsonArray().add(gw.studentA().districtId()), created.getJsonArray("districtIds"));
    assertFalse(created.getBoolean("cityWide"));
  }

  @Test
  void createWindow_psychologistForbidden() {
    assertEquals(403, create(gw.staffSession("psy"), body()).statusCode());
  }

  // ---- list ------------------------------------------------------------------------------------

  @Test
  void listWindows_districtWindowHiddenFromOtherDistrict() {
    HttpResponse<String> r = create(gw.staffSession("district"), body().put("name", "区内筛查"));
    assertEquals(201, r.statusCode(), r.body());
    long id = new JsonObject(r.body()).getLong("id");
    assertTrue(listed(gw.staffSession("psy"), id), "psy is in that district");
    assertFalse(listed(gw.staffSession("psy-b"), id), "psy-b is not");
    assertTrue(listed(gw.staffSession("psy-b"), gw.window.id()), "the city-wide window is seen");
  }

  private static boolean listed(Http session, long windowId) {
    JsonArray windows =
        new JsonObject(session.get("/api/staff/windows").body()).getJsonArray("windows");
    return windows.stream().anyMatch(w -> ((JsonObject) w).getLong("id") == windowId);
  }

  // ---- status ----------------------------------------------------------------------------------

  @Test
  void setWindowStatus_pausedRefusesNextLoginAndSubmit() {
    RosterEntry student = gw.secondaryStudent(3);
    HttpResponse<String> login = gw.http.postJson("/api/student/login", gw.loginBody(student));
    assertEquals(200, login.statusCode(), login.body());
    JsonObject session = new JsonObject(login.body());
    JsonObject questionnaire =
        new JsonObject(gw.http.get(session.getString("questionnaire")).body());
    try {
      assertEquals(200, setStatus("paused").statusCode());
      HttpResponse<String> again = gw.http.postJson("/api/student/login", gw.loginBody(student));
      assertEquals(403, again.statusCode(), again.body());
      assertEquals("window_closed", new JsonObject(again.body()).getString("error"));
      JsonObject submit =
          new JsonObject()
              .put("idempotencyKey", UUID.randomUUID().toString())
              .put("answers", StudentPathTest.answers(questionnaire, StudentPathTest.ROUTINE));
      HttpResponse<String> r =
          gw.http.postJson(
              "/api/student/submit",
              submit.encode(),
              "Authorization",
              "Bearer " + session.getString("token"));
      assertEquals(403, r.statusCode(), r.body());
      assertEquals("window_closed", new JsonObject(r.body()).getString("error"));
    } finally {
      assertEquals(200, setStatus("open").statusCode());
    }
    assertEquals(
        WindowStatus.OPEN, gw.app.services().windows().find(gw.window.id()).orElseThrow().status());
  }

  private static HttpResponse<String> setStatus(String status) {
    return city.postJson(
        "/api/staff/windows/" + gw.window.id() + "/status",
        new JsonObject().put("status", status).encode());
  }

  // ---- consent
  // -----------------------------------------------------------------------------------

  @Test
  void consentMissing_psychologistSeesOnlyHerSchool() {
    JsonObject own = consent(gw.staffSession("psy"), "");
    assertTrue(own.getInteger("total") > 0, "the demo city has students without consent");
    for (Object c : own.getJsonArray("classes")) {
      assertEquals(gw.studentA().schoolId(), ((JsonObject) c).getLong("schoolId"));
      for (Object s : ((JsonObject) c).getJsonArray("students")) {
        RosterEntry e =
            gw.app.services().roster().byId(((JsonObject) s).getLong("id")).orElseThrow();
        assertFalse(e.consent());
        assertTrue(e.grade() >= 4, "the fixture window screens grades 4–12");
        assertFalse(((JsonObject) s).getString("name").isBlank());
      }
    }
    JsonObject other = consent(gw.staffSession("psy-b"), "");
    for (Object c : other.getJsonArray("classes")) {
      assertEquals(gw.otherSchoolStudent().schoolId(), ((JsonObject) c).getLong("schoolId"));
    }
  }

  @Test
  void consentMissing_audited() throws SQLException {
    String subject = "consent-missing window " + gw.window.id();
    long before = audits(subject, true);
    consent(gw.staffSession("psy"), "");
    assertEquals(before + 1, audits(subject, true));
  }

  @Test
  void consentMissing_classOutOfScope() throws SQLException {
    long classOfB = gw.otherSchoolStudent().classId();
    String subject = "consent-missing window " + gw.window.id() + " class " + classOfB;
    HttpResponse<String> r =
        gw.staffSession("psy")
            .get("/api/staff/windows/" + gw.window.id() + "/consent-missing?class=" + classOfB);
    assertEquals(404, r.statusCode(), r.body());
    assertEquals(1, audits(subject, false));
  }

  @Test
  void consentMissing_headTeacherOnlyHerClass() {
    JsonObject list = consent(gw.staffSession("teacher"), "");
    for (Object c : list.getJsonArray("classes")) {
      assertEquals(gw.studentA().classId(), ((JsonObject) c).getLong("classId"));
    }
  }

  @Test
  void consentMissing_opsForbidden() {
    HttpResponse<String> r =
        gw.staffSession("ops").get("/api/staff/windows/" + gw.window.id() + "/consent-missing");
    assertEquals(403, r.statusCode(), r.body());
  }

  private static JsonObject consent(Http session, String query) {
    HttpResponse<String> r =
        session.get("/api/staff/windows/" + gw.window.id() + "/consent-missing" + query);
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }

  private static long audits(String subject, boolean ok) throws SQLException {
    try (Connection c = gw.db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM audit WHERE subject = ? AND ok = ?")) {
      ps.setString(1, subject);
      ps.setBoolean(2, ok);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static long count(String sql) throws SQLException {
    try (Connection c = gw.db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
