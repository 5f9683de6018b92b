package org.huxin.gateway.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.gateway.testing.Http;
import org.huxin.testsupport.DatabaseTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every grade 4–6 result carries its battery's staff note where staff see it (SCALES.md, Norms:
 * grades 4–6): the student archive and the tier list; a grade 7–9 result carries none. Both
 * students answer PHQ-9 items 1–4 "nearly every day" (total 12): the grade 4–6 fired rule names the
 * score range, the grade 7–9 one keeps the adult wording.
 */
@DatabaseTest
class StaffNoteTest {
  private static final String NOTE = "本地改编表述，界值未在该年龄验证，结果仅供初筛";

  private static GatewayFixture gw;
  private static Http city;
  private static RosterEntry primary;
  private static RosterEntry secondary;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(StaffNoteTest.class);
    city = gw.staffSession("city");
    primary =
        gw.roster.stream()
            .filter(e -> e.consent() && e.grade() >= 4 && e.grade() <= 6)
            .findFirst()
            .orElseThrow();
    secondary = gw.studentA();
    submit(primary);
    submit(secondary);
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void archive_g46ResultCarriesTheNote() {
    JsonObject result = onlyResult(primary);
    assertEquals("g4-6", result.getString("batteryId"));
    assertEquals(NOTE, result.getJsonObject("staffNote").getString("zh"));
    assertEquals(
        "Local adapted wording; cut-offs not validated at this age; for first-stage screening only",
        result.getJsonObject("staffNote").getString("en"));
    String fired = result.getJsonObject("scores").getJsonArray("firedRules").encode();
    assertTrue(fired.contains("分数段 10–14"), fired);
    assertFalse(fired.contains("抑郁"), fired);
  }

  @Test
  void archive_g79ResultHasNoNote() {
    JsonObject result = onlyResult(secondary);
    assertEquals("g7-9", result.getString("batteryId"));
    assertTrue(result.containsKey("staffNote"));
    assertNull(result.getValue("staffNote"));
    String fired = result.getJsonObject("scores").getJsonArray("firedRules").encode();
    assertTrue(fired.contains("中度抑郁症状"), fired);
  }

  @Test
  void tierList_g46StudentCarriesTheNoteAndG79DoesNot() {
    JsonObject p = listed(primary);
    assertEquals(NOTE, p.getJsonObject("staffNote").getString("zh"));
    assertEquals(1, p.getInteger("tier"));
    assertTrue(p.getJsonArray("firedRules").encode().contains("分数段"), p.encode());
    JsonObject s = listed(secondary);
    assertNull(s.getValue("staffNote"), s.encode());
  }

  private static JsonObject onlyResult(RosterEntry student) {
    HttpResponse<String> r = city.get("/api/staff/students/" + student.id() + "/archive");
    assertEquals(200, r.statusCode(), r.body());
    JsonArray results = new JsonObject(r.body()).getJsonArray("results");
    assertEquals(1, results.size(), results.encode());
    return results.getJsonObject(0);
  }

  private static JsonObject listed(RosterEntry student) {
    HttpResponse<String> r =
        city.get("/api/staff/windows/" + gw.window.id() + "/tiers?school=" + student.schoolId());
    assertEquals(200, r.statusCode(), r.body());
    for (Object o : new JsonObject(r.body()).getJsonArray("students")) {
      JsonObject s = (JsonObject) o;
      if (Long.valueOf(student.id()).equals(s.getLong("studentId"))) {
        return s;
      }
    }
    throw new AssertionError("student " + student.id() + " not listed: " + r.body());
  }

  /** PHQ-9 items 1–4 at 3 (total 12), every other answer at its calmest. */
  private static void submit(RosterEntry student) {
    gw.submitAnswers(
        student,
        (scale, number) ->
            switch (scale) {
              case "phq9" -> number <= 4 ? 3 : 0;
              case "who5" -> 3;
              case "k10" -> 1;
              default -> 0;
            });
  }
}
