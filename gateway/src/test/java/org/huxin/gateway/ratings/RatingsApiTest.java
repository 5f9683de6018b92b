package org.huxin.gateway.ratings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.staff.NewStaffAccount;
import org.huxin.engine.staff.StaffRole;
import org.huxin.engine.staff.StaffStore;
import org.huxin.engine.windows.Window;
import org.huxin.engine.windows.WindowStatus;
import org.huxin.engine.windows.WindowStore;
import org.huxin.gateway.auth.AccessCodes;
import org.huxin.gateway.auth.PasswordHasher;
import org.huxin.gateway.student.StudentPathTest;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.gateway.testing.Http;
import org.huxin.testsupport.DatabaseTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Grades 1–3: the head teacher rates the children of her class and a parent rates their child with
 * the parent code. Over real HTTP against a gateway with its own window for grades 1–3 (the
 * fixture's covers 4–12 only).
 */
@DatabaseTest
class RatingsApiTest {
  private static final BiFunction<String, Integer, Integer> CALM = (scale, item) -> 0;

  private static GatewayFixture gw;
  private static Window window;
  private static RosterEntry child;
  private static RosterEntry classmate;
  private static RosterEntry otherClassChild;
  private static RosterEntry withoutConsent;
  private static Http teacher;
  private static Http psy;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(RatingsApiTest.class);
    window = gw.openRatingWindow();
    List<RosterEntry> young = gw.roster.stream().filter(e -> e.grade() <= 3).toList();
    child = young.stream().filter(RosterEntry::consent).findFirst().orElseThrow();
    classmate =
        young.stream()
            .filter(e -> e.consent() && e.classId() == child.classId() && e.id() != child.id())
            .findFirst()
            .orElseThrow();
    otherClassChild =
        young.stream()
            .filter(e -> e.consent() && e.schoolId() == child.schoolId())
            .filter(e -> e.classId() != child.classId())
            .findFirst()
            .orElseThrow();
    withoutConsent = young.stream().filter(e -> !e.consent()).findFirst().orElseThrow();
    String hash = PasswordHasher.hash(GatewayFixture.PASSWORD);
    new StaffStore(gw.store.dataSource())
        .create(
            new NewStaffAccount(
                "teacher-g1",
                hash,
                StaffRole.HEAD_TEACHER,
                child.districtId(),
                child.schoolId(),
                child.classId(),
                "teacher-g1"));
    new StaffStore(gw.store.dataSource())
        .create(
            new NewStaffAccount(
                "psy-g1",
                hash,
                StaffRole.SCHOOL_PSYCHOLOGIST,
                child.districtId(),
                child.schoolId(),
                null,
                "psy-g1"));
    teacher = gw.staffSession("teacher-g1");
    psy = gw.staffSession("psy-g1");
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  // ---- the class list --------------------------------------------------------------------------

  @Test
  void classRatings_listsTheClassWithoutScores() {
    HttpResponse<String> r = list(teacher, child.classId());
    assertEquals(200, r.statusCode(), r.body());
    JsonObject body = new JsonObject(r.body());
    assertTrue(body.getString("questionnaire").contains("/g1-3-teacher/"));
    assertTrue(
        body.getJsonArray("students").stream()
            .map(JsonObject.class::cast)
            .anyMatch(s -> s.getLong("id") == child.id() && s.containsKey("rated")));
    assertNoScores(r.body());
  }

  @Test
  void classRatings_otherClass() throws SQLException {
    long before = refusals(RatingsApi.LIST_ACTION);
    HttpResponse<String> r = list(teacher, otherClassChild.classId());
    assertEquals(404, r.statusCode(), r.body());
    assertEquals(before + 1, refusals(RatingsApi.LIST_ACTION));
  }

  @Test
  void classRatings_windowOfAnotherBand() {
    HttpResponse<String> r =
        teacher.get("/api/staff/classes/" + child.classId() + "/ratings?window=" + gw.window.id());
    assertEquals(404, r.statusCode(), r.body());
  }

  private static HttpResponse<String> list(Http session, long classId) {
    return session.get("/api/staff/classes/" + classId + "/ratings?window=" + window.id());
  }

  // ---- rating ----------------------------------------------------------------------------------

  @Test
  void rateStudent_storedAsTeacherFormWithoutScore() throws SQLException {
    HttpResponse<String> r = rate(teacher, child, UUID.randomUUID(), CALM);
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(new JsonObject(r.body()).getBoolean("stored"));
    assertNoScores(r.body());
    assertEquals("teacher", text("SELECT form FROM result WHERE student_id = ?", child.id()));
    JsonObject row =
        new JsonObject(list(teacher, child.classId()).body())
            .getJsonArray("students").stream()
                .map(JsonObject.class::cast)
                .filter(s -> s.getLong("id") == child.id())
                .findFirst()
                .orElseThrow();
    assertTrue(row.getBoolean("rated"));
  }

  @Test
  void rateStudent_secondRatingAnswersLikeTheFirst() throws SQLException {
    assertEquals(200, rate(psy, classmate, UUID.randomUUID(), CALM).statusCode());
    HttpResponse<String> again = rate(psy, classmate, UUID.randomUUID(), (s, i) -> 2);
    assertEquals(200, again.statusCode(), again.body());
    assertTrue(new JsonObject(again.body()).getBoolean("duplicate"));
    assertEquals("1", text("SELECT count(*) FROM result WHERE student_id = ?", classmate.id()));
  }

  @Test
  void rateStudent_crisisRaisesAnAlert() throws SQLException {
    // Talk (proxy item 1) and act (proxy item 2) each raise the alert alone, at once.
    List<RosterEntry> others =
        gw.roster.stream()
            .filter(e -> e.grade() <= 3 && e.consent() && e.classId() == child.classId())
            .filter(e -> e.id() != child.id() && e.id() != classmate.id())
            .limit(2)
            .toList();
    assertEquals(2, others.size(), "two more consenting children in the class");
    for (int item = 1; item <= 2; item++) {
      RosterEntry other = others.get(item - 1);
      int yes = item;
      HttpResponse<String> r =
          rate(
              teacher,
              other,
              UUID.randomUUID(),
              (s, i) -> s.equals("selfharm-proxy") && i.equals(yes) ? 1 : 0);
      assertEquals(200, r.statusCode(), r.body());
      assertNoScores(r.body());
      assertEquals(
          "1",
          text("SELECT count(*) FROM alert_outbox WHERE student_id = ?", other.id()),
          "proxy item " + item);
      assertEquals(
          item == 1 ? "crisis_selfharm_proxy_talk" : "crisis_selfharm_proxy_act",
          text("SELECT fired_rules[1] FROM result WHERE student_id = ?", other.id()));
    }
  }

  @Test
  void rateStudent_teacherOfAnotherClass() throws SQLException {
    long before = refusals(RatingsApi.RATE_ACTION);
    HttpResponse<String> r = rate(teacher, otherClassChild, UUID.randomUUID(), CALM);
    assertEquals(404, r.statusCode(), r.body());
    assertEquals(before + 1, refusals(RatingsApi.RATE_ACTION));
    assertEquals(
        "0", text("SELECT count(*) FROM result WHERE student_id = ?", otherClassChild.id()));
  }

  @Test
  void rateStudent_wrongRole() {
    HttpResponse<String> r = rate(gw.staffSession("city"), child, UUID.randomUUID(), CALM);
    assertEquals(403, r.statusCode(), r.body());
  }

  @Test
  void rateStudent_outOfRangeAnswer() {
    HttpResponse<String> r = rate(teacher, child, UUID.randomUUID(), CALM, 7);
    assertEquals(422, r.statusCode(), r.body());
  }

  @Test
  void rateStudent_withoutConsent() throws SQLException {
    RosterEntry refused = withoutConsent;
    new StaffStore(gw.store.dataSource())
        .create(
            new NewStaffAccount(
                "teacher-nc",
                PasswordHasher.hash(GatewayFixture.PASSWORD),
                StaffRole.HEAD_TEACHER,
                refused.districtId(),
                refused.schoolId(),
                refused.classId(),
                "teacher-nc"));
    HttpResponse<String> r = rate(gw.staffSession("teacher-nc"), refused, UUID.randomUUID(), CALM);
    assertEquals(403, r.statusCode(), r.body());
    assertEquals("consent_missing", new JsonObject(r.body()).getString("error"));
    assertEquals("0", text("SELECT count(*) FROM result WHERE student_id = ?", refused.id()));
  }

  @Test
  void rateStudent_windowPaused() {
    new WindowStore(gw.store.dataSource()).setStatus(window.id(), WindowStatus.PAUSED);
    gw.reloadWindows();
    try {
      HttpResponse<String> r = rate(teacher, child, UUID.randomUUID(), CALM);
      assertEquals(403, r.statusCode(), r.body());
      assertEquals("window_closed", new JsonObject(r.body()).getString("error"));
    } finally {
      new WindowStore(gw.store.dataSource()).setStatus(window.id(), WindowStatus.OPEN);
      gw.reloadWindows();
    }
  }

  // ---- parents
  // -----------------------------------------------------------------------------------

  @Test
  void parentLogin_parentFormStoredAsParent() throws SQLException {
    RosterEntry kid = childOfAnotherSchool(0);
    JsonObject session = parentSignIn(kid);
    assertEquals("parent", session.getString("form"));
    assertTrue(session.getString("questionnaire").contains("/g1-3-parent/"));
    JsonObject questionnaire =
        new JsonObject(gw.http.get(session.getString("questionnaire")).body());
    JsonObject submit =
        new JsonObject()
            .put("idempotencyKey", UUID.randomUUID().toString())
            .put("answers", StudentPathTest.answers(questionnaire, CALM));
    HttpResponse<String> r =
        gw.http.postJson(
            "/api/student/submit",
            submit.encode(),
            "Authorization",
            "Bearer " + session.getString("token"));
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("parent", text("SELECT form FROM result WHERE student_id = ?", kid.id()));
    assertEquals(
        "g1-3-parent", text("SELECT battery_id FROM result WHERE student_id = ?", kid.id()));
  }

  @Test
  void parentLogin_proxyActYesRaisesAnAlert() throws SQLException {
    RosterEntry kid = childOfAnotherSchool(1);
    JsonObject session = parentSignIn(kid);
    JsonObject questionnaire =
        new JsonObject(gw.http.get(session.getString("questionnaire")).body());
    JsonObject submit =
        new JsonObject()
            .put("idempotencyKey", UUID.randomUUID().toString())
            .put(
                "answers",
                StudentPathTest.answers(
                    questionnaire, (s, i) -> s.equals("selfharm-proxy") && i.equals(2) ? 1 : 0));
    HttpResponse<String> r =
        gw.http.postJson(
            "/api/student/submit",
            submit.encode(),
            "Authorization",
            "Bearer " + session.getString("token"));
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("1", text("SELECT count(*) FROM alert_outbox WHERE student_id = ?", kid.id()));
    assertEquals(
        "crisis_selfharm_proxy_act",
        text("SELECT fired_rules[1] FROM result WHERE student_id = ?", kid.id()));
  }

  @Test
  void parentDraft_proxyActYesNeverSubmitted_keptAsACrisisDraft() throws SQLException {
    RosterEntry kid = childOfAnotherSchool(2);
    JsonObject session = parentSignIn(kid);
    JsonObject questionnaire =
        new JsonObject(gw.http.get(session.getString("questionnaire")).body());
    JsonObject answers =
        StudentPathTest.answers(
            questionnaire, (s, i) -> s.equals("selfharm-proxy") && i.equals(2) ? 1 : 0);
    JsonObject draft = new JsonObject().put("seq", 1).put("page", 1).put("answers", answers);
    HttpResponse<String> r =
        gw.http.put(
            "/api/student/draft",
            draft.encode(),
            "Authorization",
            "Bearer " + session.getString("token"));
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("2", text("SELECT crisis_level FROM crisis_draft WHERE student_id = ?", kid.id()));
  }

  @Test
  void studentLogin_childsOwnCodeRefused() {
    HttpResponse<String> r = login(child, AccessCodes.code(secret(), window.id(), child.id()));
    assertEquals(401, r.statusCode(), r.body());
  }

  @Test
  void parentLogin_withoutConsent() {
    HttpResponse<String> r =
        login(withoutConsent, AccessCodes.parentCode(secret(), window.id(), withoutConsent.id()));
    assertEquals(403, r.statusCode(), r.body());
    assertEquals("consent_missing", new JsonObject(r.body()).getString("error"));
  }

  @Test
  void parentCode_differsFromStudentCode() {
    assertNotEquals(
        AccessCodes.code(secret(), window.id(), child.id()),
        AccessCodes.parentCode(secret(), window.id(), child.id()));
  }

  @Test
  void accessSlips_grade1to3PrintParentCodes() {
    HttpResponse<String> r =
        teacher.get("/api/staff/classes/" + child.classId() + "/slips?window=" + window.id());
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().contains("家长评定码"));
    assertTrue(
        r.body().contains(">" + AccessCodes.parentCode(secret(), window.id(), child.id()) + "<"));
    assertFalse(r.body().contains(AccessCodes.code(secret(), window.id(), child.id())));
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static byte[] secret() {
    return window.codeSecret();
  }

  private static HttpResponse<String> login(RosterEntry student, String code) {
    return gw.http.postJson(
        "/api/student/login",
        GatewayFixture.loginBody(student.schoolCode(), student.studentNo(), code));
  }

  /** The {@code skip}-th consenting grade 1–3 child of a school other than {@code child}'s. */
  private RosterEntry childOfAnotherSchool(int skip) {
    return gw.roster.stream()
        .filter(e -> e.grade() <= 3 && e.consent() && e.schoolId() != child.schoolId())
        .skip(skip)
        .findFirst()
        .orElseThrow();
  }

  /** The parent of {@code kid} signed in with the parent's code: the session JSON. */
  private JsonObject parentSignIn(RosterEntry kid) {
    HttpResponse<String> login =
        login(kid, AccessCodes.parentCode(secret(), window.id(), kid.id()));
    assertEquals(200, login.statusCode(), login.body());
    return new JsonObject(login.body());
  }

  private static HttpResponse<String> rate(
      Http session, RosterEntry student, UUID key, BiFunction<String, Integer, Integer> valueOf) {
    return rate(session, student, key, valueOf, null);
  }

  /** A rating of {@code student}; {@code firstAnswer}, when not null, overrides PSC-17 item 1. */
  private static HttpResponse<String> rate(
      Http session,
      RosterEntry student,
      UUID key,
      BiFunction<String, Integer, Integer> valueOf,
      Integer firstAnswer) {
    JsonObject listing = new JsonObject(list(psy, child.classId()).body());
    JsonObject questionnaire =
        new JsonObject(gw.http.get(listing.getString("questionnaire")).body());
    JsonObject answers = StudentPathTest.answers(questionnaire, valueOf);
    if (firstAnswer != null) {
      answers.getJsonArray("psc17-teacher").set(0, firstAnswer);
    }
    JsonObject body =
        new JsonObject()
            .put("window", window.id())
            .put("idempotencyKey", key.toString())
            .put("answers", answers);
    return session.postJson(
        "/api/staff/classes/" + student.classId() + "/ratings/" + student.id(), body.encode());
  }

  private static void assertNoScores(String body) {
    for (String word : List.of("tier", "score", "fired", "crisis", "rule")) {
      assertFalse(body.toLowerCase(java.util.Locale.ROOT).contains(word), word + " in " + body);
    }
  }

  private static long refusals(String action) throws SQLException {
    try (Connection c = gw.db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM audit WHERE action = ? AND NOT ok")) {
      ps.setString(1, action);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static String text(String sql, long id) throws SQLException {
    try (Connection c = gw.db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), sql);
        return rs.getString(1);
      }
    }
  }
}
