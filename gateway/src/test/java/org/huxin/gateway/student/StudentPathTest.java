package org.huxin.gateway.student;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.zip.GZIPInputStream;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.gateway.progress.SharedProgress;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.testsupport.DatabaseTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A student's whole path over real HTTP against a real gateway and embedded PostgreSQL, then every
 * way a login or submit can go wrong, each in its own test.
 */
@DatabaseTest
public class StudentPathTest {
  /** Answers of a student doing well: no symptoms, good wellbeing (WHO-5 4 of 5), mixed RSES. */
  public static final BiFunction<String, Integer, Integer> ROUTINE =
      (scale, item) ->
          switch (scale) {
            case "who5" -> 4;
            case "rses" -> item % 2 == 0 ? 1 : 2;
            default -> 0;
          };

  private static GatewayFixture gw;

  @BeforeAll
  static void startGateway() {
    gw = GatewayFixture.start(StudentPathTest.class);
  }

  @AfterAll
  static void stopGateway() {
    gw.close();
  }

  @AfterEach
  void resetClock() {
    gw.clock.set(GatewayFixture.START);
  }

  // ---- the happy path -------------------------------------------------------------------------

  @Test
  void studentPath_loginQuestionnaireSubmitStoredAndCounted() throws Exception {
    RosterEntry student = gw.secondaryStudent(0);
    JsonObject login = login(student);
    String path = login.getString("questionnaire");
    assertTrue(path.startsWith("/api/questionnaires/g7-9/"), path);
    assertNull(login.getValue("tier"));

    HttpResponse<byte[]> doc = gw.http.getBytes(path, "Accept-Encoding", "gzip");
    assertEquals(200, doc.statusCode());
    assertEquals("gzip", doc.headers().firstValue("content-encoding").orElse(null));
    assertTrue(doc.headers().firstValue("cache-control").orElse("").contains("immutable"));
    String etag = doc.headers().firstValue("etag").orElseThrow();
    JsonObject questionnaire = new JsonObject(gunzip(doc.body()));
    assertEquals("g7-9", questionnaire.getString("battery"));
    assertEquals(304, gw.http.get(path, "If-None-Match", etag).statusCode());
    JsonObject english = new JsonObject(gw.http.get(path.replace("/zh-CN", "/en")).body());
    assertEquals("en", english.getString("locale"));

    HttpResponse<String> submit =
        submit(login.getString("token"), UUID.randomUUID(), answers(questionnaire, ROUTINE));
    assertEquals(200, submit.statusCode(), submit.body());
    JsonObject receipt = new JsonObject(submit.body());
    assertNotNull(receipt.getString("receipt"));
    assertEquals("需要帮助时", receipt.getJsonObject("help").getString("title"));
    assertNull(receipt.getValue("message"), "no crisis, no crisis message");
    assertFalse(submit.body().contains("tier"), "a student never sees a tier");

    assertEquals(1, count("SELECT count(*) FROM result WHERE student_id = ?", student.id()));
    String partition =
        text("SELECT tableoid::regclass::text FROM result WHERE student_id = ?", student.id());
    assertTrue(
        partition.matches("result_w" + gw.window.id() + "_h\\d+"),
        "stored in the window's hash partition, got " + partition);

    staffLogin("city");
    // The endpoint sums the node's cached progress, up to SharedProgress.MAX_AGE old: read it
    // again so that this submit counts whatever an earlier request left in the cache.
    SharedProgress.of(gw.vertx, gw.app.services().pool()).refresh(gw.window).await();
    HttpResponse<String> progress =
        gw.http.get("/api/staff/windows/" + gw.window.id() + "/progress");
    assertEquals(200, progress.statusCode(), progress.body());
    JsonObject counts = new JsonObject(progress.body());
    assertTrue(counts.getLong("studentsSubmitted") >= 1);
    assertTrue(counts.getJsonObject("tiers").getLong("routine") >= 1);
    assertTrue(counts.getLong("studentsInScope") > 1000);
    assertEquals(404, gw.http.get("/api/staff/windows/999999/progress").statusCode());
  }

  // ---- login ----------------------------------------------------------------------------------

  @Test
  void login_wrongCode() {
    RosterEntry student = gw.secondaryStudent(1);
    String right = gw.codeOf(student);
    String wrong = right.substring(0, 10) + (right.endsWith("Z") ? "Y" : "Z");
    HttpResponse<String> wrongCode =
        gw.http.postJson(
            "/api/student/login",
            GatewayFixture.loginBody(student.schoolCode(), student.studentNo(), wrong));
    HttpResponse<String> unknownStudent =
        gw.http.postJson(
            "/api/student/login",
            GatewayFixture.loginBody(student.schoolCode(), "no-such-student", right));
    HttpResponse<String> unknownSchool =
        gw.http.postJson(
            "/api/student/login", GatewayFixture.loginBody("S9999", student.studentNo(), right));
    assertEquals(401, wrongCode.statusCode());
    assertEquals(401, unknownStudent.statusCode());
    assertEquals(401, unknownSchool.statusCode());
    assertEquals(wrongCode.body(), unknownStudent.body(), "no hint which part was wrong");
    assertEquals(wrongCode.body(), unknownSchool.body(), "no hint which part was wrong");
    assertEquals("login_failed", new JsonObject(wrongCode.body()).getString("error"));
  }

  @Test
  void login_codeTypedLoosely() {
    RosterEntry student = gw.secondaryStudent(2);
    String typed = gw.codeOf(student).replace("-", " ").toLowerCase(java.util.Locale.ROOT);
    HttpResponse<String> r =
        gw.http.postJson(
            "/api/student/login",
            GatewayFixture.loginBody(student.schoolCode(), student.studentNo(), typed));
    assertEquals(200, r.statusCode(), r.body());
  }

  @Test
  void login_windowClosed() {
    gw.clock.set(gw.window.closesAt().plusSeconds(1));
    HttpResponse<String> r =
        gw.http.postJson("/api/student/login", gw.loginBody(gw.secondaryStudent(3)));
    assertEquals(403, r.statusCode());
    assertEquals("window_closed", new JsonObject(r.body()).getString("error"));
  }

  @Test
  void login_windowNotOpenYet() {
    gw.clock.set(gw.window.opensAt().minusSeconds(1));
    HttpResponse<String> r =
        gw.http.postJson("/api/student/login", gw.loginBody(gw.secondaryStudent(3)));
    assertEquals(403, r.statusCode());
    assertEquals("window_not_open", new JsonObject(r.body()).getString("error"));
  }

  @Test
  void login_gradeOutsideWindow() {
    RosterEntry grade2 = gw.roster.stream().filter(e -> e.grade() == 2).findFirst().orElseThrow();
    HttpResponse<String> r = gw.http.postJson("/api/student/login", gw.loginBody(grade2));
    assertEquals(401, r.statusCode(), "grades 1–3 are rated by adults, not logged in");
  }

  // ---- submit ---------------------------------------------------------------------------------

  @Test
  void submit_windowClosed() {
    JsonObject login = login(gw.secondaryStudent(4));
    JsonObject questionnaire = questionnaire(login);
    gw.clock.set(gw.window.closesAt().plusSeconds(1));
    HttpResponse<String> r =
        submit(login.getString("token"), UUID.randomUUID(), answers(questionnaire, (s, i) -> 0));
    assertEquals(403, r.statusCode(), r.body());
    assertEquals("window_closed", new JsonObject(r.body()).getString("error"));
    assertEquals(0, rowsOf(gw.secondaryStudent(4)));
  }

  @Test
  void submit_outOfRangeAnswer() {
    RosterEntry student = gw.secondaryStudent(5);
    JsonObject login = login(student);
    JsonObject answers = answers(questionnaire(login), (s, i) -> 0);
    answers.getJsonArray("phq9").set(2, 7);
    HttpResponse<String> r = submit(login.getString("token"), UUID.randomUUID(), answers);
    assertEquals(422, r.statusCode(), r.body());
    JsonObject error = new JsonObject(r.body());
    assertEquals("phq9", error.getString("scale"));
    assertEquals(3, error.getInteger("item"));
    assertTrue(error.getString("message").contains("answer 3 of PHQ-9 is 7"), r.body());
    assertEquals(0, rowsOf(student));
  }

  @Test
  void submit_missingItem() {
    RosterEntry student = gw.secondaryStudent(6);
    JsonObject login = login(student);
    // No crisis answer: a sheet with one (ASQ yes) would be stored as invalid instead.
    JsonObject answers = answers(questionnaire(login), ROUTINE);
    answers.getJsonArray("gad7").set(3, null);
    HttpResponse<String> r = submit(login.getString("token"), UUID.randomUUID(), answers);
    assertEquals(422, r.statusCode(), r.body());
    JsonObject error = new JsonObject(r.body());
    assertEquals("gad7", error.getString("scale"));
    assertEquals(4, error.getInteger("item"));
    assertTrue(error.getString("message").contains("GAD-7"), r.body());
    assertEquals(0, rowsOf(student));
  }

  /** A string where the contract wants a whole number is a malformed request, not an answer. */
  @Test
  void submit_wrongTypeAnswer() {
    RosterEntry student = gw.secondaryStudent(6);
    JsonObject login = login(student);
    JsonObject answers = answers(questionnaire(login), (s, i) -> 1);
    answers.getJsonArray("phq9").set(1, "two");
    HttpResponse<String> r = submit(login.getString("token"), UUID.randomUUID(), answers);
    assertEquals(400, r.statusCode(), r.body());
    JsonObject error = new JsonObject(r.body());
    assertEquals("invalid_request", error.getString("error"));
    assertEquals(
        "body: 'answers.phq9[1]' must match the pattern ^refused$", error.getString("message"));
    assertEquals(0, rowsOf(student));
  }

  @Test
  void submit_duplicate() {
    RosterEntry student = gw.secondaryStudent(7);
    JsonObject login = login(student);
    JsonObject questionnaire = questionnaire(login);
    HttpResponse<String> first =
        submit(login.getString("token"), UUID.randomUUID(), answers(questionnaire, (s, i) -> 1));
    HttpResponse<String> sameKeyAgain =
        submit(
            login.getString("token"),
            UUID.fromString(new JsonObject(first.body()).getString("receipt")),
            answers(questionnaire, (s, i) -> 1));
    HttpResponse<String> otherKeyOtherAnswers =
        submit(login.getString("token"), UUID.randomUUID(), answers(questionnaire, (s, i) -> 3));
    assertEquals(200, first.statusCode(), first.body());
    JsonObject firstAnswer = new JsonObject(first.body());
    assertEquals("directive", firstAnswer.getJsonObject("message").getString("kind"));
    firstAnswer.remove("message");
    assertEquals(firstAnswer, new JsonObject(sameKeyAgain.body()), "a repeat: no crisis message");
    assertEquals(
        sameKeyAgain.body(), otherKeyOtherAnswers.body(), "the first answer, not a second row");
    assertEquals(1, rowsOf(student));
  }

  @Test
  void submit_crisisShowsHelpAndQueuesAlert() {
    RosterEntry student = gw.secondaryStudent(8);
    JsonObject login = login(student);
    JsonObject answers =
        answers(questionnaire(login), (s, i) -> s.equals("phq9") && i == 9 ? 3 : 0);
    HttpResponse<String> r = submit(login.getString("token"), UUID.randomUUID(), answers);
    assertEquals(200, r.statusCode(), r.body());
    JsonObject help = new JsonObject(r.body()).getJsonObject("help");
    assertNotNull(help, r.body());
    assertFalse(help.getJsonArray("contacts").isEmpty());
    assertFalse(r.body().contains("crisis"), "the student is not told a risk label");
    assertEquals(
        1,
        count(
            "SELECT count(*) FROM alert_outbox o JOIN result r ON r.id = o.result_id"
                + " WHERE r.student_id = ?",
            student.id()));
    assertEquals(3, count("SELECT tier FROM result WHERE student_id = ?", student.id()));
  }

  @Test
  void submit_bodyTooLarge() {
    JsonObject login = login(gw.secondaryStudent(9));
    String huge = "{\"idempotencyKey\":\"" + "x".repeat(70 * 1024) + "\"}";
    HttpResponse<String> r =
        gw.http.postJson(
            "/api/student/submit", huge, "Authorization", "Bearer " + login.getString("token"));
    assertEquals(413, r.statusCode());
    assertEquals("body_too_large", new JsonObject(r.body()).getString("error"));
  }

  @Test
  void submit_wrongContentType() {
    JsonObject login = login(gw.secondaryStudent(9));
    HttpResponse<String> r =
        gw.http.post(
            "/api/student/submit",
            "text/plain",
            "{}",
            "Authorization",
            "Bearer " + login.getString("token"));
    assertEquals(415, r.statusCode());
    assertEquals("unsupported_media_type", new JsonObject(r.body()).getString("error"));
  }

  @Test
  void submit_malformedJson() {
    JsonObject login = login(gw.secondaryStudent(9));
    HttpResponse<String> r =
        gw.http.postJson(
            "/api/student/submit",
            "{\"idempotencyKey\": ",
            "Authorization",
            "Bearer " + login.getString("token"));
    assertEquals(400, r.statusCode());
    assertEquals("malformed_json", new JsonObject(r.body()).getString("error"));
    assertFalse(r.body().contains("Exception"), "no stack trace reaches the client");
  }

  @Test
  void submit_clientSentTierRefused() {
    RosterEntry student = gw.secondaryStudent(10);
    JsonObject login = login(student);
    JsonObject body =
        new JsonObject()
            .put("idempotencyKey", UUID.randomUUID().toString())
            .put("answers", answers(questionnaire(login), (s, i) -> 0))
            .put("tier", 0);
    HttpResponse<String> r =
        gw.http.postJson(
            "/api/student/submit",
            body.encode(),
            "Authorization",
            "Bearer " + login.getString("token"));
    assertEquals(400, r.statusCode());
    JsonObject error = new JsonObject(r.body());
    assertEquals("invalid_request", error.getString("error"));
    assertEquals("body: 'tier' is not accepted here", error.getString("message"));
    assertEquals(0, rowsOf(student));
  }

  @Test
  void submit_noToken() {
    HttpResponse<String> r = gw.http.postJson("/api/student/submit", "{}");
    assertEquals(401, r.statusCode());
    assertEquals("token_invalid", new JsonObject(r.body()).getString("error"));
  }

  @Test
  void submit_expiredToken() {
    JsonObject login = login(gw.secondaryStudent(11));
    gw.clock.advance(Duration.ofDays(30));
    HttpResponse<String> r = submit(login.getString("token"), UUID.randomUUID(), new JsonObject());
    assertEquals(401, r.statusCode());
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static JsonObject login(RosterEntry student) {
    HttpResponse<String> r = gw.http.postJson("/api/student/login", gw.loginBody(student));
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }

  private static JsonObject questionnaire(JsonObject login) {
    HttpResponse<String> r = gw.http.get(login.getString("questionnaire"));
    assertEquals(200, r.statusCode());
    return new JsonObject(r.body());
  }

  /**
   * An answers object for every scale of {@code questionnaire}: {@code valueOf(scale id, item
   * number)} clamped to the scale's options, and null for an item whose {@code showIf} does not
   * hold (it was not asked).
   */
  public static JsonObject answers(
      JsonObject questionnaire, BiFunction<String, Integer, Integer> valueOf) {
    JsonObject answers = new JsonObject();
    for (Object s : questionnaire.getJsonArray("scales")) {
      JsonObject scale = (JsonObject) s;
      int min = Integer.MAX_VALUE;
      int max = Integer.MIN_VALUE;
      for (Object o : scale.getJsonArray("options")) {
        int v = ((JsonObject) o).getInteger("value");
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      JsonArray values = new JsonArray();
      for (Object i : scale.getJsonArray("items")) {
        JsonObject item = (JsonObject) i;
        JsonObject showIf = item.getJsonObject("showIf");
        if (showIf != null && !shown(showIf, values)) {
          values.add((Object) null);
          continue;
        }
        int wanted = valueOf.apply(scale.getString("id"), item.getInteger("number"));
        values.add(Math.max(min, Math.min(max, wanted)));
      }
      answers.put(scale.getString("id"), values);
    }
    return answers;
  }

  private static boolean shown(JsonObject showIf, JsonArray earlier) {
    for (Object n : showIf.getJsonArray("anyOf")) {
      Object answer = earlier.getValue((Integer) n - 1);
      if (showIf.getInteger("equals").equals(answer)) {
        return true;
      }
    }
    return false;
  }

  private static HttpResponse<String> submit(String token, UUID key, JsonObject answers) {
    JsonObject body =
        new JsonObject()
            .put("idempotencyKey", key.toString())
            .put("locale", "zh-CN")
            .put("startedAt", gw.clock.instant().minusSeconds(300).toString())
            .put("answers", answers);
    return gw.http.postJson(
        "/api/student/submit", body.encode(), "Authorization", "Bearer " + token);
  }

  private static void staffLogin(String user) {
    HttpResponse<String> r =
        gw.http.postJson(
            "/api/staff/login",
            new JsonObject()
                .put("username", user)
                .put("password", GatewayFixture.PASSWORD)
                .encode());
    assertEquals(200, r.statusCode(), r.body());
  }

  private static long rowsOf(RosterEntry student) {
    return count("SELECT count(*) FROM result WHERE student_id = ?", student.id());
  }

  private static long count(String sql, long id) {
    return Long.parseLong(text(sql, id));
  }

  private static String text(String sql, long id) {
    try (Connection c = gw.db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), "no row for " + sql);
        return rs.getString(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String gunzip(byte[] gz) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
