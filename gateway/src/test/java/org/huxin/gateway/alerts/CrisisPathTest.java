package org.huxin.gateway.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.huxin.engine.alerts.Alert;
import org.huxin.engine.alerts.AlertOutboxStore;
import org.huxin.engine.roster.ConsentStore;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.scoring.Answers;
import org.huxin.gateway.config.GatewayConfig;
import org.huxin.gateway.student.StudentPathTest;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.gateway.testing.Http;
import org.huxin.scales.CrisisLevel;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.Eventually;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * From a crisis answer to a responsible adult, over real HTTP on a real gateway and PostgreSQL with
 * an injected clock: levels and their deadlines, refusals, the help every student reads, sheets
 * that cannot be scored whole, crisis answers in drafts nobody submits, and the consoles'
 * confirmations.
 */
@DatabaseTest
class CrisisPathTest {
  private static GatewayFixture gw;

  /** ASQ item 1 yes, item 5 no: a positive screen, 一般. */
  private static final BiFunction<String, Integer, Integer> ASQ_YES =
      (scale, item) ->
          scale.equals("asq") && item == 1 ? 1 : StudentPathTest.ROUTINE.apply(scale, item);

  /** ASQ item 2 yes and item 5 yes: acute, 重大. */
  private static final BiFunction<String, Integer, Integer> ASQ_ACUTE =
      (scale, item) ->
          scale.equals("asq") && (item == 2 || item == 5)
              ? 1
              : StudentPathTest.ROUTINE.apply(scale, item);

  @BeforeAll
  static void start() {
    // The waiting room has its own tests; a busy two-core machine must not queue these logins.
    gw =
        GatewayFixture.start(
            CrisisPathTest.class,
            Map.of("HUXIN_ADMISSION_MAX_LAG_MS", "5000", "HUXIN_ADMISSION_TARGET_MS", "5000"));
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @AfterEach
  void resetClock() {
    gw.clock.set(GatewayFixture.START);
  }

  @Test
  void submit_asqYes_generalCrisisHelpAndPersonalMessage() throws Exception {
    RosterEntry student = gw.secondaryStudent(20);
    Session s = login(student);
    HttpResponse<String> r = s.submit(s.answers(ASQ_YES));
    assertEquals(200, r.statusCode(), r.body());
    JsonObject answer = new JsonObject(r.body());
    assertEquals("需要帮助时", answer.getJsonObject("help").getString("title"));
    assertFalse(answer.getJsonObject("help").getJsonArray("contacts").isEmpty());
    assertEquals("personal", answer.getJsonObject("message").getString("kind"));
    assertNoLabel(r.body());

    assertEquals(1, number("SELECT crisis_level FROM result WHERE student_id = ?", student.id()));
    Alert alert = alertOf(student);
    assertEquals(CrisisLevel.GENERAL, alert.crisisLevel());
    assertEquals(Alert.Source.RESULT, alert.source());
    assertEquals(GatewayFixture.START, alert.createdAt(), "the answer's time by the clock");
    assertEquals(GatewayFixture.START.plus(Duration.ofHours(2)), alert.escalateDueAt());
  }

  @Test
  void submit_asqAcute_majorWithADirectiveMessage() throws Exception {
    RosterEntry student = gw.secondaryStudent(21);
    Session s = login(student);
    HttpResponse<String> r = s.submit(s.answers(ASQ_ACUTE));
    assertEquals(200, r.statusCode(), r.body());
    JsonObject message = new JsonObject(r.body()).getJsonObject("message");
    assertEquals("directive", message.getString("kind"));
    assertTrue(message.getString("text").startsWith("现在就告诉身边的老师或大人"), message.encode());
    Alert alert = alertOf(student);
    assertEquals(CrisisLevel.MAJOR, alert.crisisLevel());
    assertEquals(GatewayFixture.START.plus(Duration.ofMinutes(10)), alert.escalateDueAt());
  }

  @Test
  void submit_routine_helpBlockAndNoMessage() {
    Session s = login(gw.secondaryStudent(22));
    HttpResponse<String> r = s.submit(s.answers(StudentPathTest.ROUTINE));
    assertEquals(200, r.statusCode(), r.body());
    JsonObject answer = new JsonObject(r.body());
    assertEquals("需要帮助时", answer.getJsonObject("help").getString("title"));
    assertNull(answer.getValue("message"));
  }

  @Test
  void submit_repeatedAndLaterSignIn_answerTheSameForEveryStudent() {
    Session crisis = login(gw.secondaryStudent(23));
    Session routine = login(gw.secondaryStudent(24));
    JsonObject crisisAnswers = crisis.answers(ASQ_ACUTE);
    JsonObject routineAnswers = routine.answers(StudentPathTest.ROUTINE);
    assertEquals(200, crisis.submit(crisisAnswers).statusCode());
    assertEquals(200, routine.submit(routineAnswers).statusCode());

    JsonObject again = new JsonObject(crisis.submit(crisisAnswers).body());
    JsonObject routineAgain = new JsonObject(routine.submit(routineAnswers).body());
    assertNull(again.getValue("message"), "a repeat never carries the crisis message");
    assertEquals(routineAgain.fieldNames(), again.fieldNames());
    assertEquals(routineAgain.getJsonObject("help"), again.getJsonObject("help"));

    Session crisisLater = login(gw.secondaryStudent(23));
    Session routineLater = login(gw.secondaryStudent(24));
    HttpResponse<String> crisisDraft =
        crisisLater.http().get("/api/student/draft", crisisLater.auth());
    HttpResponse<String> routineDraft =
        routineLater.http().get("/api/student/draft", routineLater.auth());
    assertEquals(409, crisisDraft.statusCode());
    assertEquals(routineDraft.statusCode(), crisisDraft.statusCode());
    assertEquals(routineDraft.body(), crisisDraft.body());
  }

  @Test
  void submit_phq9Item9Refused_countsOneAndIsFlagged() throws Exception {
    RosterEntry student = gw.secondaryStudent(25);
    Session s = login(student);
    JsonObject answers = s.answers(StudentPathTest.ROUTINE);
    answers.getJsonArray("phq9").set(8, "refused");
    HttpResponse<String> r = s.submit(answers);
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(2, number("SELECT tier FROM result WHERE student_id = ?", student.id()));
    assertEquals(1, number("SELECT validity FROM result WHERE student_id = ?", student.id()));
    assertEquals(
        Answers.COMPACT_REFUSED,
        number("SELECT get_byte(answers, 8) FROM result WHERE student_id = ?", student.id()));
  }

  @Test
  void submit_asqRefused_isAGeneralCrisis() throws Exception {
    RosterEntry student = gw.secondaryStudent(26);
    Session s = login(student);
    JsonObject answers = s.answers(StudentPathTest.ROUTINE);
    answers.getJsonArray("asq").set(2, "refused").set(4, 0);
    HttpResponse<String> r = s.submit(answers);
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(CrisisLevel.GENERAL, alertOf(student).crisisLevel());
  }

  @Test
  void submit_refusalOnAnItemWithoutOne_422() {
    Session s = login(gw.secondaryStudent(27));
    JsonObject answers = s.answers(StudentPathTest.ROUTINE);
    answers.getJsonArray("gad7").set(0, "refused");
    HttpResponse<String> r = s.submit(answers);
    assertEquals(422, r.statusCode(), r.body());
    assertTrue(r.body().contains("does not offer"), r.body());
  }

  @Test
  void submit_blankItemBesideACrisisAnswer_storedInvalidAtItsLevel() throws Exception {
    RosterEntry student = gw.secondaryStudent(28);
    Session s = login(student);
    JsonObject answers = s.answers(ASQ_YES);
    answers.getJsonArray("gad7").set(1, null);
    HttpResponse<String> r = s.submit(answers);
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(3, number("SELECT tier FROM result WHERE student_id = ?", student.id()));
    assertEquals(2, number("SELECT validity FROM result WHERE student_id = ?", student.id()));
    assertEquals(CrisisLevel.GENERAL, alertOf(student).crisisLevel());
  }

  @Test
  void submit_blankItemWithoutACrisisAnswer_422() {
    Session s = login(gw.secondaryStudent(29));
    JsonObject answers = s.answers(StudentPathTest.ROUTINE);
    answers.getJsonArray("gad7").set(1, null);
    HttpResponse<String> r = s.submit(answers);
    assertEquals(422, r.statusCode(), r.body());
    assertTrue(r.body().contains("item 2 of GAD-7 is missing"), r.body());
  }

  @Test
  void submit_consentWithdrawnAfterLogin_refusedAndNothingStored() {
    RosterEntry student = gw.secondaryStudent(40);
    Session s = login(student);
    consent(student, false);

    HttpResponse<String> r = s.submit(s.answers(StudentPathTest.ROUTINE));

    assertEquals(403, r.statusCode(), r.body());
    JsonObject body = new JsonObject(r.body());
    assertEquals("consent_withdrawn", body.getString("error"));
    assertTrue(body.getString("message").contains("not saved"), body.encode());
    assertEquals("需要帮助时", body.getJsonObject("help").getString("title"));
    assertEquals(0, number("SELECT count(*) FROM result WHERE student_id = ?", student.id()));
    assertEquals(0, alertsOf(student).size());
    assertEquals(
        409, s.saveDraft(s.answers(StudentPathTest.ROUTINE), 9).statusCode(), "draft cleared");
  }

  @Test
  void submit_consentWithdrawn_crisisAnswerStillReachesTheSchoolAtOnce() throws Exception {
    RosterEntry student = gw.secondaryStudent(41);
    Session s = login(student);
    consent(student, false);

    HttpResponse<String> r = s.submit(s.answers(ASQ_ACUTE));

    assertEquals(403, r.statusCode(), r.body());
    assertNoLabel(r.body());
    assertEquals(
        java.util.Set.of("error", "message", "help"),
        new JsonObject(r.body()).fieldNames(),
        "the same answer as without a crisis answer");
    assertEquals(0, number("SELECT count(*) FROM result WHERE student_id = ?", student.id()));
    Alert alert =
        Eventually.await(
            "the crisis alert of the refused submit",
            Duration.ofSeconds(10),
            () -> alertsOf(student).stream().findFirst());
    assertEquals(Alert.Source.UNSUBMITTED, alert.source());
    assertEquals(CrisisLevel.MAJOR, alert.crisisLevel());
    assertNull(alert.resultId(), "no result, no answers");
    assertEquals(GatewayFixture.START, alert.createdAt(), "now, not after the unsubmitted wait");
  }

  @Test
  void submit_consentGivenAgain_stored() {
    RosterEntry student = gw.secondaryStudent(42);
    Session s = login(student);
    consent(student, false);
    consent(student, true);

    HttpResponse<String> r = s.submit(s.answers(StudentPathTest.ROUTINE));

    assertEquals(200, r.statusCode(), r.body());
    assertEquals(1, number("SELECT count(*) FROM result WHERE student_id = ?", student.id()));
  }

  /** Records the guardian's answer and tells every node, as the staff API does. */
  private static void consent(RosterEntry student, boolean given) {
    ConsentStore.Consent consent =
        new ConsentStore.Consent(
            student.id(), gw.window.id(), given, null, "online", GatewayFixture.START);
    GatewayFixture.await(
        gw.app.services().pool().withTransaction(tx -> new ConsentStore().record(tx, consent)));
    GatewayFixture.await(gw.app.services().changes().rosterChanged());
  }

  @Test
  void draft_crisisAnswerNobodySubmits_raisesOneUnsubmittedAlert() throws Exception {
    RosterEntry student = gw.secondaryStudent(30);
    Session s = login(student);
    JsonObject partial = s.answers(ASQ_YES);
    partial.remove("k10");
    partial.remove("rses");
    assertEquals(200, s.saveDraft(partial, 1).statusCode());
    assertEquals(1, number("SELECT count(*) FROM crisis_draft WHERE student_id = ?", student.id()));

    gw.clock.advance(Duration.ofMinutes(19));
    gw.app.services().unsubmitted().nudge();
    Thread.sleep(300);
    assertEquals(0, alertsOf(student).size(), "not before HUXIN_UNSUBMITTED_CRISIS_MINUTES");

    gw.clock.advance(Duration.ofMinutes(1));
    gw.app.services().unsubmitted().nudge();
    Alert alert =
        Eventually.await(
            "the unsubmitted alert",
            Duration.ofSeconds(10),
            () -> alertsOf(student).stream().findFirst());
    assertEquals(Alert.Source.UNSUBMITTED, alert.source());
    assertEquals(CrisisLevel.GENERAL, alert.crisisLevel());
    assertNull(alert.resultId());
    assertEquals(GatewayFixture.START.plus(Duration.ofMinutes(20)), alert.createdAt());

    assertEquals(200, s.saveDraft(s.answers(ASQ_ACUTE), 2).statusCode());
    gw.clock.advance(Duration.ofHours(1));
    gw.app.services().unsubmitted().nudge();
    Thread.sleep(300);
    assertEquals(1, alertsOf(student).size(), "once per student and window");
  }

  @Test
  void draft_crisisAnswerThenSubmitted_onlyTheResultsAlert() throws Exception {
    RosterEntry student = gw.secondaryStudent(31);
    Session s = login(student);
    assertEquals(200, s.saveDraft(s.answers(ASQ_YES), 1).statusCode());
    assertEquals(200, s.submit(s.answers(ASQ_YES)).statusCode());

    gw.clock.advance(Duration.ofMinutes(25));
    gw.app.services().unsubmitted().nudge();
    Eventually.await(
        "the crisis draft settled",
        Duration.ofSeconds(10),
        () ->
            number(
                    "SELECT count(*) FROM crisis_draft WHERE student_id = ? AND settled_at IS NOT"
                        + " NULL AND alert_id IS NULL",
                    student.id())
                == 1);
    List<Alert> alerts = alertsOf(student);
    assertEquals(1, alerts.size());
    assertEquals(Alert.Source.RESULT, alerts.get(0).source());
  }

  @Test
  void escalation_toTheDistrictAtTheLevelsTime() throws Exception {
    RosterEntry student = gw.secondaryStudent(32);
    Http district = gw.staffSession("district");
    BlockingQueue<String> stream = district.lines("/api/staff/alerts/stream");
    awaitLine(stream, ": huxin crisis feed");
    Session s = login(student);
    assertEquals(200, s.submit(s.answers(ASQ_ACUTE)).statusCode());
    long alertId = alertOf(student).id();
    awaitLine(stream, "id: " + alertId + ":delivery");

    gw.clock.advance(Duration.ofMinutes(10).minusSeconds(1));
    Thread.sleep(1500);
    assertNull(
        new AlertOutboxStore(gw.store.dataSource()).find(alertId).orElseThrow().escalatedAt(),
        "not before 10 min");

    gw.clock.advance(Duration.ofSeconds(1));
    awaitLine(stream, "id: " + alertId + ":escalation");
    // The escalator publishes, then marks and commits (with the district's phone messages owed):
    // the event can reach the console a moment before escalated_at is visible.
    java.time.Instant escalatedAt =
        Eventually.await(
            "escalated_at of the alert",
            Duration.ofSeconds(5),
            () ->
                Optional.ofNullable(
                    new AlertOutboxStore(gw.store.dataSource())
                        .find(alertId)
                        .orElseThrow()
                        .escalatedAt()));
    assertEquals(GatewayFixture.START.plus(Duration.ofMinutes(10)), escalatedAt);
  }

  @Test
  void alertsReceived_firstOnlyOncePerStaffMember() throws Exception {
    RosterEntry student = gw.secondaryStudent(33);
    gw.submitCrisis(student);
    long alertId = gw.awaitAlertOf(student);
    Http psy = gw.staffSession("psy");

    JsonObject list = new JsonObject(psy.get("/api/staff/alerts").body());
    assertTrue(list.getLong("pending") >= 1);
    JsonObject mine = pendingEntry(list, alertId);
    assertFalse(mine.getBoolean("received"));
    assertEquals("serious", mine.getString("crisisLevel"));

    String body =
        new JsonObject().put("alertIds", new JsonArray().add(alertId).add(999_999_999L)).encode();
    JsonObject first = new JsonObject(psy.postJson("/api/staff/alerts/received", body).body());
    assertEquals(new JsonArray().add(alertId), first.getJsonArray("first"));
    assertEquals(new JsonArray().add(alertId), first.getJsonArray("received"));
    JsonObject second = new JsonObject(psy.postJson("/api/staff/alerts/received", body).body());
    assertEquals(new JsonArray(), second.getJsonArray("first"));
    assertTrue(
        pendingEntry(new JsonObject(psy.get("/api/staff/alerts").body()), alertId)
            .getBoolean("received"));
    assertTrue(
        new AlertOutboxStore(gw.store.dataSource()).find(alertId).orElseThrow().seenAt() != null);

    Http other = gw.staffSession("psy-b");
    JsonObject outside = new JsonObject(other.postJson("/api/staff/alerts/received", body).body());
    assertEquals(new JsonArray(), outside.getJsonArray("received"), "another school's alert");
  }

  @Test
  void metrics_oldestPendingAlertAge() throws Exception {
    RosterEntry student = gw.secondaryStudent(34);
    gw.submitCrisis(student);
    gw.awaitAlertOf(student);
    gw.clock.advance(Duration.ofMinutes(5));
    double age =
        Eventually.await(
            "the oldest-pending gauge",
            Duration.ofSeconds(15),
            () -> {
              String text = gw.http.get("/metrics").body();
              for (String line : text.split("\n")) {
                if (line.startsWith("huxin_alerts_oldest_pending_seconds ")) {
                  double v = Double.parseDouble(line.substring(line.indexOf(' ') + 1));
                  return v >= 300 ? Optional.of(v) : Optional.empty();
                }
              }
              return Optional.empty();
            });
    assertTrue(age >= 300, "at least the five minutes the clock moved: " + age);
    assertTrue(gw.http.get("/metrics").body().contains("huxin_alerts_oldest_unseen_seconds"));
  }

  @Test
  void config_oldEscalationSetting_refusedWithItsReason() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> GatewayConfig.fromEnv(Map.of("HUXIN_ALERT_ESCALATE_MINUTES", "30")));
    assertTrue(e.getMessage().contains("escalateAfterMinutes"), e.getMessage());
  }

  // ---------------------------------------------------------------------------------------------

  /** A signed-in student with the questionnaire. */
  private record Session(Http http, String token, JsonObject questionnaire) {
    String[] auth() {
      return new String[] {"Authorization", "Bearer " + token};
    }

    JsonObject answers(BiFunction<String, Integer, Integer> valueOf) {
      return StudentPathTest.answers(questionnaire, valueOf);
    }

    HttpResponse<String> submit(JsonObject answers) {
      JsonObject body =
          new JsonObject()
              .put("idempotencyKey", UUID.randomUUID().toString())
              .put("answers", answers);
      return http.postJson("/api/student/submit", body.encode(), auth());
    }

    HttpResponse<String> saveDraft(JsonObject answers, int seq) {
      JsonObject body = new JsonObject().put("seq", seq).put("page", 3).put("answers", answers);
      return http.put("/api/student/draft", body.encode(), auth());
    }
  }

  private static Session login(RosterEntry student) {
    HttpResponse<String> r = gw.http.postJson("/api/student/login", gw.loginBody(student));
    assertEquals(200, r.statusCode(), r.body());
    JsonObject session = new JsonObject(r.body());
    JsonObject questionnaire =
        new JsonObject(gw.http.get(session.getString("questionnaire")).body());
    return new Session(gw.http, session.getString("token"), questionnaire);
  }

  private static void assertNoLabel(String body) {
    for (String word : List.of("tier", "危机", "风险", "crisis", "level", "严重", "重大", "一般")) {
      assertFalse(body.contains(word), "the student's answer says '" + word + "': " + body);
    }
  }

  private static Alert alertOf(RosterEntry student) {
    return Eventually.await(
        "the alert of student " + student.id(),
        Duration.ofSeconds(10),
        () -> alertsOf(student).stream().findFirst());
  }

  private static List<Alert> alertsOf(RosterEntry student) {
    return new AlertOutboxStore(gw.store.dataSource())
        .pending(null, student.schoolId(), 1000).stream()
            .filter(a -> a.studentId() == student.id())
            .toList();
  }

  private static JsonObject pendingEntry(JsonObject list, long alertId) {
    for (Object o : list.getJsonArray("alerts")) {
      JsonObject a = (JsonObject) o;
      if (a.getLong("alertId") == alertId) {
        return a;
      }
    }
    throw new AssertionError("alert " + alertId + " is not in " + list.encode());
  }

  private static void awaitLine(BlockingQueue<String> lines, String wanted)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line != null && line.contains(wanted)) {
        return;
      }
    }
    throw new AssertionError("the stream did not send '" + wanted + "' within 10 s");
  }

  private static long number(String sql, long id) {
    try (Connection c = gw.db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : -1;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
