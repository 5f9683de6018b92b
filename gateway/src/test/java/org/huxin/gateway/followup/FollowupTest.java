package org.huxin.gateway.followup;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.huxin.engine.results.ResultJson;
import org.huxin.engine.results.ResultRow;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.scoring.Answers;
import org.huxin.engine.scoring.CompiledBattery;
import org.huxin.engine.scoring.Respondent;
import org.huxin.engine.scoring.ScaleLayout;
import org.huxin.engine.scoring.ScoredResult;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.gateway.testing.Http;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.TestRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The follow-up loop over real HTTP: results of tier 2 and 3 open cases, the ledger advances and
 * closes them, overdue follows the injected clock, head teachers see their class's tasks and never
 * a tier, and every archive view (or refused attempt) lands on the audit trail.
 */
@DatabaseTest
class FollowupTest {
  private static GatewayFixture gw;
  private static List<RosterEntry> classOfA;
  private static List<RosterEntry> schoolOfA;
  private static int nextInClass;
  private static int nextInSchool;
  private static final Map<String, Http> SESSIONS = new HashMap<>();

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(FollowupTest.class);
    RosterEntry a = gw.studentA();
    classOfA = gw.roster.stream().filter(e -> e.classId() == a.classId()).toList();
    schoolOfA =
        gw.roster.stream()
            .filter(e -> e.schoolId() == a.schoolId() && e.classId() != a.classId())
            .toList();
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
  void resultTrigger_opensOneCasePerCloseOrCrisisResult() {
    RosterEntry routine = inSchool();
    RosterEntry key = inSchool();
    RosterEntry close = inSchool();
    RosterEntry crisis = inSchool();
    store(routine, "self", 0);
    store(key, "self", 1);
    store(close, "self", 2);
    store(close, "parent", 2);
    store(crisis, "self", 3);

    List<JsonObject> cases = cases(session("psy"), "open");
    assertEquals(0, casesOf(cases, routine).size());
    assertEquals(0, casesOf(cases, key).size());
    assertEquals(1, casesOf(cases, close).size(), "two tier-2 forms, one case");
    assertEquals(2, casesOf(cases, close).get(0).getInteger("level"));
    JsonObject c = casesOf(cases, crisis).get(0);
    assertEquals(3, c.getInteger("level"));
    assertEquals(gw.clock.instant().plus(Duration.ofDays(1)).toString(), c.getString("dueAt"));
    assertFalse(c.getString("name").isBlank());
  }

  @Test
  void recordFollowup_appendsAdvancesAndCloses() {
    RosterEntry s = inSchool();
    store(s, "self", 3);
    Http psy = session("psy");

    HttpResponse<String> interview =
        psy.postJson(followups(s), "{\"action\":\"interview\",\"note\":\"约谈，情绪平稳\"}");
    assertEquals(201, interview.statusCode(), interview.body());
    JsonObject body = new JsonObject(interview.body());
    assertEquals("约谈，情绪平稳", body.getJsonObject("entry").getString("note"));
    assertEquals("psy", body.getJsonObject("entry").getString("actorName"));
    assertEquals(
        gw.clock.instant().plus(Duration.ofDays(14)).toString(),
        body.getJsonObject("case").getString("dueAt"));

    gw.clock.advance(Duration.ofHours(3));
    HttpResponse<String> closed = psy.postJson(followups(s), "{\"action\":\"closed\"}");
    assertEquals(201, closed.statusCode(), closed.body());
    assertEquals("closed", new JsonObject(closed.body()).getJsonObject("case").getString("status"));
    assertEquals(0, casesOf(cases(psy, "open"), s).size());
    assertEquals(1, casesOf(cases(psy, "closed"), s).size());

    HttpResponse<String> again = psy.postJson(followups(s), "{\"action\":\"closed\"}");
    assertEquals(409, again.statusCode(), again.body());
    assertEquals("no_open_case", new JsonObject(again.body()).getString("error"));

    JsonObject archive = new JsonObject(psy.get(archive(s)).body());
    JsonArray ledger = archive.getJsonArray("ledger");
    assertEquals(2, ledger.size());
    assertEquals("interview", ledger.getJsonObject(0).getString("action"));
    assertEquals("约谈，情绪平稳", ledger.getJsonObject(0).getString("note"));
    assertEquals("closed", ledger.getJsonObject(1).getString("action"));
  }

  @Test
  void recordFollowup_noteTooLong() {
    RosterEntry s = inSchool();
    HttpResponse<String> r =
        session("psy")
            .postJson(
                followups(s),
                new JsonObject().put("action", "interview").put("note", "长".repeat(2001)).encode());
    assertEquals(400, r.statusCode(), r.body());
  }

  @Test
  void recordFollowup_unknownAction() {
    RosterEntry s = inSchool();
    HttpResponse<String> r = session("psy").postJson(followups(s), "{\"action\":\"forgotten\"}");
    assertEquals(400, r.statusCode(), r.body());
  }

  @Test
  void listFollowups_overdueAfterClockMoves() {
    RosterEntry s = inSchool();
    store(s, "self", 3);
    Http psy = session("psy");
    assertEquals(0, casesOf(cases(psy, "overdue"), s).size());

    gw.clock.advance(Duration.ofDays(1).plusMinutes(1));
    psy = gw.staffSession("psy"); // a staff session lasts less than a day
    SESSIONS.clear();

    List<JsonObject> overdue = casesOf(cases(psy, "overdue"), s);
    assertEquals(1, overdue.size());
    assertTrue(overdue.get(0).getBoolean("overdue"));
    assertTrue(casesOf(cases(psy, "open"), s).get(0).getBoolean("overdue"));
  }

  @Test
  void listFollowups_headTeacherSeesHerClassWithoutLevels() {
    RosterEntry mine = inClass();
    RosterEntry other = inSchool();
    store(mine, "self", 3);
    store(other, "self", 2);

    HttpResponse<String> r = session("teacher").get("/api/staff/followups?status=open");
    assertEquals(200, r.statusCode(), r.body());
    List<JsonObject> cases = list(new JsonObject(r.body()));
    assertEquals(1, casesOf(cases, mine).size());
    assertEquals(0, casesOf(cases, other).size());
    assertTrue(cases.stream().allMatch(c -> c.getLong("classId") == mine.classId()));
    Set<String> keys = keys(new JsonObject(r.body()));
    for (String forbidden : List.of("level", "tier", "score", "scores", "crisis", "firedRules")) {
      assertFalse(keys.contains(forbidden), "a head teacher received '" + forbidden + "': " + keys);
    }
    assertFalse(r.body().contains("tier"));
  }

  @Test
  void recordFollowup_headTeacherParentInformed() {
    RosterEntry s = inClass();
    store(s, "self", 2);
    HttpResponse<String> r =
        session("teacher").postJson(followups(s), "{\"action\":\"parent_informed\"}");
    assertEquals(201, r.statusCode(), r.body());
    assertEquals(
        "parent_informed", new JsonObject(r.body()).getJsonObject("case").getString("lastAction"));
    assertFalse(keys(new JsonObject(r.body())).contains("level"));
  }

  @Test
  void recordFollowup_headTeacherReferred() {
    RosterEntry s = inClass();
    store(s, "self", 2);
    HttpResponse<String> r = session("teacher").postJson(followups(s), "{\"action\":\"referred\"}");
    assertEquals(403, r.statusCode(), r.body());
  }

  @Test
  void studentArchive_headTeacher() {
    HttpResponse<String> r = session("teacher").get(archive(gw.studentA()));
    assertEquals(403, r.statusCode(), r.body());
  }

  @Test
  void studentArchive_otherSchoolIsNotFoundAndAudited() throws SQLException {
    RosterEntry s = inSchool();
    store(s, "self", 3);
    Http psyB = session("psy-b");

    HttpResponse<String> r = psyB.get(archive(s));
    assertEquals(404, r.statusCode(), r.body());
    assertEquals(Boolean.FALSE, lastAudit("view_archive", s));
    assertEquals(404, psyB.postJson(followups(s), "{\"action\":\"interview\"}").statusCode());
    assertEquals(Boolean.FALSE, lastAudit("record_followup", s));
    assertEquals(0, casesOf(cases(psyB, "open"), s).size());
  }

  @Test
  void listFollowups_schoolOutOfScope() {
    RosterEntry s = gw.studentA();
    HttpResponse<String> r = session("psy-b").get("/api/staff/followups?school=" + s.schoolId());
    assertEquals(404, r.statusCode(), r.body());
  }

  @Test
  void listFollowups_pagesOf500JoinIntoTheWholeList() {
    long schoolA = gw.studentA().schoolId();
    long schoolB = gw.otherSchoolStudent().schoolId();
    List<RosterEntry> many =
        gw.roster.stream()
            .filter(e -> e.schoolId() != schoolA && e.schoolId() != schoolB)
            .limit(501)
            .toList();
    assertEquals(501, many.size());
    many.forEach(s -> store(s, "self", 2));

    Http city = session("city");
    List<Long> seen = new ArrayList<>();
    Set<Long> students = new HashSet<>();
    String after = null;
    int pages = 0;
    long total;
    do {
      HttpResponse<String> r =
          city.get("/api/staff/followups?status=open" + (after == null ? "" : "&after=" + after));
      assertEquals(200, r.statusCode(), r.body());
      JsonObject page = new JsonObject(r.body());
      total = page.getLong("total");
      assertTrue(page.getLong("overdue") <= total);
      List<JsonObject> cases = list(page);
      assertTrue(cases.size() <= 500, "a page holds at most 500 cases");
      cases.forEach(
          c -> {
            seen.add(c.getLong("caseId"));
            students.add(c.getLong("studentId"));
          });
      after = page.getString("next");
      pages++;
    } while (after != null && pages < 10);

    assertTrue(pages >= 2, "501 cases and more take two pages");
    assertEquals(total, seen.size(), "the pages hold every case once");
    assertEquals(seen.size(), new HashSet<>(seen).size(), "no case on two pages");
    assertTrue(students.containsAll(many.stream().map(RosterEntry::id).toList()));
    assertFalse(
        new JsonObject(city.get("/api/staff/followups?status=closed").body())
            .containsKey("overdue"));
    for (String bad : List.of("12-x", "1-2-3", "123456789012345678-1")) {
      assertEquals(400, city.get("/api/staff/followups?after=" + bad).statusCode(), bad);
    }
  }

  @Test
  void listFollowups_badStatus() {
    assertEquals(400, session("psy").get("/api/staff/followups?status=late").statusCode());
  }

  @Test
  void listFollowups_ops() {
    assertEquals(403, session("ops").get("/api/staff/followups").statusCode());
  }

  @Test
  void studentArchive_showsResultsHistoryAndIsAudited() throws SQLException {
    RosterEntry s = inSchool();
    store(s, "self", 2);
    store(s, "parent", 3);

    HttpResponse<String> r = session("psy").get(archive(s));
    assertEquals(200, r.statusCode(), r.body());
    JsonObject archive = new JsonObject(r.body());
    assertEquals(s.studentNo(), archive.getJsonObject("student").getString("studentNo"));
    assertFalse(archive.getJsonObject("student").getString("name").isBlank());
    JsonArray results = archive.getJsonArray("results");
    assertEquals(2, results.size());
    assertTrue(results.getJsonObject(0).getJsonObject("scores").containsKey("phq9"));
    for (int i = 0; i < results.size(); i++) {
      JsonObject result = results.getJsonObject(i);
      assertEquals(
          result.getInteger("tier") == 3 ? "serious" : null,
          result.getString("crisisLevel"),
          "the crisis level of a tier " + result.getInteger("tier") + " result");
    }
    JsonArray history = archive.getJsonArray("tierHistory");
    assertEquals(1, history.size(), "one point per window");
    assertEquals(3, history.getJsonObject(0).getInteger("tier"));
    assertEquals("serious", history.getJsonObject(0).getString("crisisLevel"));
    assertEquals(1, archive.getJsonArray("cases").size());
    assertEquals(Boolean.TRUE, lastAudit("view_archive", s));
  }

  @Test
  void studentArchive_unknownStudent() {
    assertEquals(404, session("city").get("/api/staff/students/999999999/archive").statusCode());
  }

  @Test
  void auditLog_cityAdminReadsNewestFirstAndPages() {
    RosterEntry s = inSchool();
    Http psy = session("psy");
    psy.get(archive(s));
    psy.get(archive(s));

    Http city = session("city");
    HttpResponse<String> r = city.get("/api/staff/audit?student=" + s.id() + "&limit=1");
    assertEquals(200, r.statusCode(), r.body());
    JsonObject page = new JsonObject(r.body());
    JsonObject newest = page.getJsonArray("entries").getJsonObject(0);
    assertEquals("view_archive", newest.getString("action"));
    assertEquals("psy", newest.getString("actorName"));
    long next = page.getLong("next");
    JsonObject second =
        new JsonObject(
            city.get("/api/staff/audit?student=" + s.id() + "&limit=1&before=" + next).body());
    assertTrue(
        second.getJsonArray("entries").getJsonObject(0).getLong("id") < newest.getLong("id"));
  }

  @Test
  void auditLog_districtAdminSeesOnlyHerDistrict() {
    RosterEntry far = gw.otherSchoolStudent();
    session("psy-b").get(archive(far));
    HttpResponse<String> r = session("district").get("/api/staff/audit?student=" + far.id());
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(0, new JsonObject(r.body()).getJsonArray("entries").size());
  }

  @Test
  void auditLog_readingItIsAudited() {
    RosterEntry s = inSchool();
    Http city = session("city");
    assertEquals(200, city.get("/api/staff/audit?student=" + s.id()).statusCode());
    JsonObject newest =
        new JsonObject(city.get("/api/staff/audit?student=" + s.id() + "&limit=1").body())
            .getJsonArray("entries")
            .getJsonObject(0);
    assertEquals("view_audit_log", newest.getString("action"));
    assertEquals("city", newest.getString("actorName"));
  }

  @Test
  void auditLog_psychologist() {
    assertEquals(403, session("psy").get("/api/staff/audit").statusCode());
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** One signed-in client per account, reused across tests (signing in hashes a password). */
  private static Http session(String username) {
    return SESSIONS.computeIfAbsent(username, gw::staffSession);
  }

  private static RosterEntry inClass() {
    RosterEntry s = classOfA.get(++nextInClass);
    return s;
  }

  private static RosterEntry inSchool() {
    return schoolOfA.get(nextInSchool++);
  }

  private static String followups(RosterEntry s) {
    return "/api/staff/students/" + s.id() + "/followups";
  }

  private static String archive(RosterEntry s) {
    return "/api/staff/students/" + s.id() + "/archive";
  }

  /** Stores a result of {@code student} at {@code tier} through the gateway's result writer. */
  @Test
  void studentArchive_labelsEveryTAndPercentile() throws Exception {
    RosterEntry s = inSchool();
    CompiledBattery g79 = gw.app.services().engines().defaults().battery("g7-9");
    int[] answers = new int[g79.itemCount()];
    for (ScaleLayout layout : g79.layout()) {
      for (int k = 0; k < layout.itemCount(); k++) {
        int at = layout.offset() + k;
        answers[at] =
            switch (layout.scaleId()) {
              case "who5" -> 3;
              case "rses" -> 1 + k % 2;
              case "asq" -> k == 4 ? Answers.MISSING : 0;
              default -> layout.minValue();
            };
      }
    }
    ScoredResult scored = g79.score(answers, new Respondent(8, 'F'));
    assertEquals("k10-cn-2023@2.0.0", scored.normVersion());
    ResultRow base = TestRows.row(gw.window.id(), s, "self", 0, false, UUID.randomUUID());
    submit(withScores(base, scored.normVersion(), ResultJson.scores(scored)));
    // stored under the pooled norm before labels existed
    String old =
        "{\"scales\":{\"k10\":{\"raw\":10,\"band\":\"none\",\"t\":37.5,\"percentile\":10.6}},"
            + "\"firedRules\":[],\"validityFlags\":[]}";
    submit(
        withScores(
            TestRows.row(gw.window.id(), s, "parent", 0, false, UUID.randomUUID()),
            "k10-cn-2023@1.0.0",
            old));

    HttpResponse<String> r = session("psy").get(archive(s));
    assertEquals(200, r.statusCode(), r.body());
    Map<String, JsonObject> byNorm = new HashMap<>();
    for (Object o : new JsonObject(r.body()).getJsonArray("results")) {
      JsonObject result = (JsonObject) o;
      byNorm.put(result.getString("normVersion"), result);
    }
    JsonObject now = byNorm.get("k10-cn-2023@2.0.0");
    assertEquals(
        "全国常模（9–18岁、分性别）", now.getJsonArray("normLabels").getJsonObject(0).getString("zh-CN"));
    JsonObject k10 = now.getJsonObject("scores").getJsonObject("scales").getJsonObject("k10");
    assertEquals("全国常模（9–18岁、分性别）", k10.getJsonObject("normLabel").getString("zh-CN"));
    assertEquals(
        "National norm (ages 9–18, by sex)", k10.getJsonObject("normLabel").getString("en"));
    assertEquals(Boolean.TRUE, k10.getBoolean("approximate"));
    assertEquals("min", k10.getString("bound"));

    JsonObject before = byNorm.get("k10-cn-2023@1.0.0");
    assertEquals(
        "合并常模（9–18岁、男女合并）", before.getJsonArray("normLabels").getJsonObject(0).getString("zh-CN"));
    JsonObject oldK10 = before.getJsonObject("scores").getJsonObject("scales").getJsonObject("k10");
    assertEquals("合并常模（9–18岁、男女合并）", oldK10.getJsonObject("normLabel").getString("zh-CN"));
    assertEquals("k10-cn-2023@1.0.0", oldK10.getString("norm"));
    assertEquals(Boolean.TRUE, oldK10.getBoolean("approximate"));
    assertEquals("min", oldK10.getString("bound"), "P10.6 at the minimum is not shown");
    assertEquals(10.6, oldK10.getDouble("percentile"), "the stored number is kept");
  }

  private static ResultRow withScores(ResultRow r, String normVersion, String scores) {
    return new ResultRow(
        r.windowId(),
        r.studentId(),
        r.form(),
        r.districtId(),
        r.schoolId(),
        r.classId(),
        r.grade(),
        r.sex(),
        r.batteryId(),
        r.batteryVersion(),
        normVersion,
        r.answers(),
        scores,
        r.tier(),
        r.crisis(),
        r.crisisLevel(),
        r.escalateAfterS(),
        r.validity(),
        r.firedRules(),
        r.startedAt(),
        r.submittedAt(),
        r.durationMs(),
        r.idempotencyKey());
  }

  private static void submit(ResultRow row) throws Exception {
    gw.app.services().writer().submit(row).get(30, TimeUnit.SECONDS);
  }

  private static void store(RosterEntry s, String form, int tier) {
    gw.storeResult(s, form, tier);
  }

  private static List<JsonObject> cases(Http session, String status) {
    HttpResponse<String> r = session.get("/api/staff/followups?status=" + status);
    assertEquals(200, r.statusCode(), r.body());
    return list(new JsonObject(r.body()));
  }

  private static List<JsonObject> list(JsonObject body) {
    return body.getJsonArray("cases").stream().map(o -> (JsonObject) o).toList();
  }

  private static List<JsonObject> casesOf(List<JsonObject> cases, RosterEntry s) {
    return cases.stream().filter(c -> Long.valueOf(s.id()).equals(c.getLong("studentId"))).toList();
  }

  /** Every key of every object anywhere in {@code json}. */
  private static Set<String> keys(Object json) {
    if (json instanceof JsonObject o) {
      Set<String> out = new java.util.TreeSet<>(o.fieldNames());
      o.forEach(e -> out.addAll(keys(e.getValue())));
      return out;
    }
    if (json instanceof JsonArray a) {
      return a.stream().flatMap(v -> keys(v).stream()).collect(Collectors.toSet());
    }
    return Set.of();
  }

  private static Boolean lastAudit(String action, RosterEntry s) throws SQLException {
    try (Connection c = gw.db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT ok FROM audit WHERE action = ? AND subject_student_id = ?"
                    + " ORDER BY id DESC LIMIT 1")) {
      ps.setString(1, action);
      ps.setLong(2, s.id());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getBoolean(1) : null;
      }
    }
  }
}
