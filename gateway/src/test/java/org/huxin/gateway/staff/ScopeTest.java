package org.huxin.gateway.staff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.huxin.engine.alerts.AlertOutboxStore;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.gateway.testing.Http;
import org.huxin.testsupport.DatabaseTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scope rules over every staff endpoint at once, as the issue states them: a school
 * psychologist of school A gets 403 or 404 for any student, result, report or export of school B,
 * and each attempt is on the audit trail; a head teacher never receives a score, in any answer.
 * Each endpoint's own tests check the details; this one makes sure none was forgotten.
 */
@DatabaseTest
class ScopeTest {
  /** Keys that carry a risk judgement; none may reach a head teacher. */
  private static final Set<String> SCORE_KEYS =
      Set.of(
          "tier",
          "tiers",
          "tierCounts",
          "tierLevel",
          "tierHistory",
          "score",
          "scores",
          "firedRules",
          "crisis",
          "validity",
          "alertPending",
          "prevalence");

  private static GatewayFixture gw;
  private static RosterEntry studentA;
  private static RosterEntry studentB;
  private static long alertB;

  @BeforeAll
  static void start() throws Exception {
    gw = GatewayFixture.start(ScopeTest.class);
    studentA = gw.studentA();
    studentB = gw.otherSchoolStudent();
    gw.submitCrisis(studentA);
    gw.submitCrisis(studentB);
    alertB = gw.awaitAlertOf(studentB);
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void psychologistOfA_refusedEverythingOfSchoolB_andEachAttemptAudited() throws Exception {
    Http psy = gw.staffSession("psy");
    long w = gw.window.id();
    long b = studentB.id();
    long school = studentB.schoolId();
    long schoolClass = studentB.classId();
    List<String> refused = new ArrayList<>();
    refused.add("GET /api/staff/students/" + b + "/archive");
    refused.add("POST /api/staff/students/" + b + "/followups {\"action\":\"interview\"}");
    refused.add("GET /api/staff/windows/" + w + "/tiers?school=" + school);
    refused.add("GET /api/staff/followups?school=" + school);
    refused.add("GET /api/staff/reports/" + w + "?level=school&unit=" + school);
    refused.add("GET /api/staff/reports/" + w + "/export.csv?level=school&unit=" + school);
    refused.add("GET /api/staff/reports/" + w + "/export.xlsx?level=school&unit=" + school);
    refused.add("GET /api/staff/reports/" + w + "/print?level=school&unit=" + school);
    refused.add("GET /api/staff/reports/" + w + "?level=district&unit=" + studentB.districtId());
    refused.add("GET /api/staff/classes/" + schoolClass + "/slips?window=" + w);
    refused.add("GET /api/staff/windows/" + w + "/consent-missing?class=" + schoolClass);
    refused.add("GET /api/staff/classes/" + schoolClass + "/ratings?window=" + w);

    for (String request : refused) {
      long before = gw.refusedAuditRows("psy");
      HttpResponse<String> r = send(psy, request);
      assertTrue(
          r.statusCode() == 403 || r.statusCode() == 404,
          request + " answered " + r.statusCode() + ": " + r.body());
      assertFalse(r.body().contains(studentB.studentNo()), request + " leaked a student number");
      assertEquals(before + 1, gw.refusedAuditRows("psy"), request + " left no refused audit row");
    }
  }

  @Test
  void psychologistOfA_neverSeesSchoolBInHerLists() {
    Http psy = gw.staffSession("psy");
    HttpResponse<String> alerts = psy.get("/api/staff/alerts");
    assertEquals(200, alerts.statusCode(), alerts.body());
    for (Object o : new JsonObject(alerts.body()).getJsonArray("alerts")) {
      assertEquals(studentA.schoolId(), ((JsonObject) o).getLong("schoolId"), alerts.body());
    }
    HttpResponse<String> ack = psy.postJson("/api/staff/alerts/" + alertB + "/ack", "{}");
    assertTrue(ack.statusCode() == 403 || ack.statusCode() == 404, ack.body());
    assertTrue(
        new AlertOutboxStore(gw.store.dataSource()).find(alertB).orElseThrow().acknowledgedAt()
            == null);

    HttpResponse<String> tree = psy.get("/api/staff/windows/" + gw.window.id() + "/progress/tree");
    assertEquals(200, tree.statusCode(), tree.body());
    assertFalse(
        tree.body().contains("\"id\":" + studentB.schoolId() + ","),
        "the progress tree shows school B");

    HttpResponse<String> students = psy.get("/api/staff/alerts/students?ids=" + studentB.id());
    assertEquals(200, students.statusCode(), students.body());
    assertEquals(0, new JsonObject(students.body()).getJsonArray("students").size());
  }

  @Test
  void headTeacher_neverReceivesAScore() throws Exception {
    Http teacher = gw.staffSession("teacher");
    long w = gw.window.id();
    List<String> allowed =
        List.of(
            "GET /api/staff/me",
            "GET /api/staff/windows",
            "GET /api/staff/windows/" + w + "/progress/tree",
            "GET /api/staff/followups",
            "GET /api/staff/followups?status=overdue",
            "GET /api/staff/windows/" + w + "/consent-missing",
            "GET /api/staff/classes/" + studentA.classId() + "/slips?window=" + w);
    for (String request : allowed) {
      HttpResponse<String> r = send(teacher, request);
      assertEquals(200, r.statusCode(), request + ": " + r.body());
      if (r.body().startsWith("{")) {
        assertNoScores(new JsonObject(r.body()), request);
      } else {
        for (String word : List.of("危机", "密切关注", "重点关注", "tier")) {
          assertFalse(r.body().contains(word), request + " shows '" + word + "'");
        }
      }
    }
    JsonArray cases =
        new JsonObject(teacher.get("/api/staff/followups").body()).getJsonArray("cases");
    assertFalse(cases.isEmpty(), "the crisis of her student is a follow-up task for her");

    List<String> forbidden =
        List.of(
            "GET /api/staff/students/" + studentA.id() + "/archive",
            "GET /api/staff/windows/" + w + "/tiers?school=" + studentA.schoolId(),
            "GET /api/staff/windows/" + w + "/progress",
            "GET /api/staff/alerts",
            "GET /api/staff/reports/" + w + "?level=school&unit=" + studentA.schoolId(),
            "GET /api/staff/reports/" + w + "/export.csv?level=school&unit=" + studentA.schoolId(),
            "GET /api/staff/audit");
    for (String request : forbidden) {
      HttpResponse<String> r = send(teacher, request);
      assertEquals(403, r.statusCode(), request + ": " + r.body());
    }
  }

  @Test
  void classes_scopedToTheCaller() {
    JsonArray city = classes("city", "");
    JsonArray district = classes("district", "");
    JsonArray psy = classes("psy", "?minGrade=7&maxGrade=9");
    JsonArray teacher = classes("teacher", "");
    assertTrue(city.size() > district.size() && district.size() > psy.size(), "narrower scopes");
    for (Object o : district) {
      assertEquals(studentA.districtId(), ((JsonObject) o).getLong("districtId"));
    }
    for (Object o : psy) {
      JsonObject c = (JsonObject) o;
      assertEquals(studentA.schoolId(), c.getLong("schoolId"));
      assertTrue(c.getInteger("grade") >= 7 && c.getInteger("grade") <= 9, c.encode());
    }
    assertEquals(1, teacher.size());
    assertEquals(studentA.classId(), teacher.getJsonObject(0).getLong("id"));
    assertEquals(403, gw.staffSession("ops").get("/api/staff/classes").statusCode());
    assertEquals(400, gw.staffSession("psy").get("/api/staff/classes?minGrade=13").statusCode());
  }

  private static JsonArray classes(String username, String query) {
    HttpResponse<String> r = gw.staffSession(username).get("/api/staff/classes" + query);
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body()).getJsonArray("classes");
  }

  private static void assertNoScores(Object json, String where) {
    if (json instanceof JsonObject object) {
      for (String key : object.fieldNames()) {
        assertFalse(SCORE_KEYS.contains(key), where + " sent '" + key + "' to a head teacher");
        assertNoScores(object.getValue(key), where);
      }
    } else if (json instanceof JsonArray array) {
      for (Object o : array) {
        assertNoScores(o, where);
      }
    }
  }

  /** "METHOD path [json body]". */
  private static HttpResponse<String> send(Http client, String request) {
    String[] parts = request.split(" ", 3);
    return switch (parts[0]) {
      case "GET" -> client.get(parts[1]);
      case "POST" -> client.postJson(parts[1], parts.length > 2 ? parts[2] : "{}");
      default -> throw new IllegalArgumentException(request);
    };
  }
}
