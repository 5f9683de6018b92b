package org.huxin.gateway.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.gateway.student.StudentPathTest;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.gateway.testing.Http;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.Eventually;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The progress tree, its live stream, tier lists and the crisis feed's student labels, over real
 * HTTP; results are submitted through the student API, so tiers and fired rules are the scorer's.
 */
@DatabaseTest
class ProgressApiTest {
  private static final BiFunction<String, Integer, Integer> CRISIS =
      (scale, item) ->
          scale.equals("phq9") && item == 9 ? 3 : StudentPathTest.ROUTINE.apply(scale, item);

  private static GatewayFixture gw;
  private static RosterEntry a;

  /** Consenting students of studentA's class not yet submitted, taken in order by the tests. */
  private static final List<RosterEntry> classmates = new ArrayList<>();

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(ProgressApiTest.class);
    a = gw.studentA();
    gw.roster.stream()
        .filter(e -> e.classId() == a.classId() && e.consent() && e.id() != a.id())
        .forEach(classmates::add);
    assertTrue(classmates.size() >= 4, "the demo class has enough consenting students");
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  // ---- the tree --------------------------------------------------------------------------------

  @Test
  void tree_countsAfterSubmitsAtEveryLevel() {
    Http city = gw.staffSession("city");
    RosterEntry routine = classmates.remove(0);
    RosterEntry crisis = classmates.remove(0);
    submit(routine, StudentPathTest.ROUTINE);
    submit(crisis, CRISIS);
    long inClass = submittedIn("class_id = " + a.classId(), -1);
    assertTrue(inClass >= 2);

    JsonObject after = until(() -> tree(city), t -> node(t, a).getLong("submitted") == inClass);
    List<JsonObject> path = path(after.getJsonObject("tree"), a);
    assertEquals(
        List.of("city", "district", "school", "grade", "class"),
        path.stream().map(n -> n.getString("level")).toList());
    String[] where = {
      "true",
      "district_id = " + a.districtId(),
      "school_id = " + a.schoolId(),
      "school_id = " + a.schoolId() + " AND grade = " + a.grade(),
      "class_id = " + a.classId()
    };
    for (int i = 0; i < path.size(); i++) {
      JsonObject node = path.get(i);
      String level = node.getString("level");
      assertEquals(submittedIn(where[i], -1), node.getLong("submitted"), level);
      for (int tier = 0; tier <= 3; tier++) {
        assertEquals(submittedIn(where[i], tier), tier(node, tier), level + " tier " + tier);
      }
    }
    assertTrue(tier(path.get(4), 3) >= 1, "the crisis student counts at tier 3");
    long classSize = gw.roster.stream().filter(e -> e.classId() == a.classId()).count();
    assertEquals(classSize, path.get(4).getLong("inScope"));
    long screened = gw.roster.stream().filter(e -> e.grade() >= 4).count();
    assertEquals(screened, after.getJsonObject("tree").getLong("inScope"));
    long withoutConsent = gw.roster.stream().filter(e -> e.grade() >= 4 && !e.consent()).count();
    assertEquals(withoutConsent, after.getJsonObject("tree").getLong("withoutConsent"));
    assertFalse(path.get(1).getString("name").isBlank());
    assertFalse(path.get(2).getString("name").isBlank());
  }

  /** Students with a result in the window where {@code where} holds, at {@code tier} unless -1. */
  private static long submittedIn(String where, int tier) {
    return count(
        "SELECT count(*) FROM (SELECT student_id, max(tier) AS tier FROM result"
            + " WHERE window_id = "
            + gw.window.id()
            + " AND "
            + where
            + " GROUP BY student_id) AS s"
            + (tier < 0 ? "" : " WHERE tier = " + tier));
  }

  @Test
  void tree_psychologistSeesOnlyHerSchool() {
    JsonObject t = tree(gw.staffSession("psy"));
    JsonArray districts = t.getJsonObject("tree").getJsonArray("children");
    assertEquals(1, districts.size());
    JsonArray schools = districts.getJsonObject(0).getJsonArray("children");
    assertEquals(1, schools.size());
    assertEquals(a.schoolId(), schools.getJsonObject(0).getLong("id"));
    assertTrue(t.getBoolean("seesScores"));
    assertEquals(4, t.getJsonObject("tree").getJsonArray("tiers").size());
  }

  @Test
  void tree_headTeacherOwnClassWithoutTiers() {
    HttpResponse<String> r =
        gw.staffSession("teacher").get("/api/staff/windows/" + gw.window.id() + "/progress/tree");
    assertEquals(200, r.statusCode(), r.body());
    assertFalse(r.body().contains("tiers"), "a head teacher never receives tier counts");
    JsonObject t = new JsonObject(r.body());
    assertFalse(t.getBoolean("seesScores"));
    List<JsonObject> path = path(t.getJsonObject("tree"), a);
    assertEquals(5, path.size());
    assertEquals(a.classId(), path.get(4).getLong("id"));
    JsonObject node = t.getJsonObject("tree");
    while (node.containsKey("children")) {
      assertEquals(1, node.getJsonArray("children").size(), "one path down to her class");
      node = node.getJsonArray("children").getJsonObject(0);
    }
  }

  @Test
  void tree_opsForbidden() {
    Http ops = gw.staffSession("ops");
    String base = "/api/staff/windows/" + gw.window.id();
    assertEquals(403, ops.get(base + "/progress/tree").statusCode());
    assertEquals(403, ops.get(base + "/progress/stream").statusCode());
    assertEquals(403, ops.get(base + "/tiers?school=" + a.schoolId()).statusCode());
  }

  @Test
  void tree_unknownWindow() {
    Http city = gw.staffSession("city");
    assertEquals(404, city.get("/api/staff/windows/999999/progress/tree").statusCode());
    assertEquals(404, city.get("/api/staff/windows/nope/progress/tree").statusCode());
  }

  @Test
  void tree_signedOut() {
    assertEquals(
        401, gw.http.get("/api/staff/windows/" + gw.window.id() + "/progress/tree").statusCode());
  }

  // ---- the live stream -------------------------------------------------------------------------

  @Test
  void stream_sendsUpdatedTreeAfterSubmit() throws InterruptedException {
    RosterEntry b = gw.otherSchoolStudent();
    RosterEntry student =
        gw.roster.stream()
            .filter(e -> e.schoolId() == b.schoolId() && e.consent() && e.grade() >= 4)
            .filter(e -> e.id() != b.id())
            .findFirst()
            .orElseThrow();
    BlockingQueue<String> lines =
        gw.staffSession("psy-b").lines("/api/staff/windows/" + gw.window.id() + "/progress/stream");
    JsonObject first = nextTree(lines, 10);
    assertNotNull(first, "the tree is sent at once");
    long submitted = first.getJsonObject("tree").getLong("submitted");
    assertEquals(
        b.schoolId(),
        first
            .getJsonObject("tree")
            .getJsonArray("children")
            .getJsonObject(0)
            .getJsonArray("children")
            .getJsonObject(0)
            .getLong("id"));

    submit(student, StudentPathTest.ROUTINE);
    JsonObject next = nextTree(lines, 10);
    assertNotNull(next, "an updated tree within the check period");
    assertEquals(submitted + 1, next.getJsonObject("tree").getLong("submitted"));
    assertTrue(next.getLong("generation") > first.getLong("generation"));
  }

  // ---- tier lists ------------------------------------------------------------------------------

  @Test
  void tiers_orderedWithFiredRulesAndAuditedPerStudent() {
    RosterEntry routine = classmates.remove(0);
    RosterEntry crisis = classmates.remove(0);
    submit(routine, StudentPathTest.ROUTINE);
    submit(crisis, CRISIS);
    Http psy = gw.staffSession("psy");
    long auditBefore = count("SELECT count(*) FROM audit WHERE action = 'view_tier_list' AND ok");

    HttpResponse<String> r =
        psy.get("/api/staff/windows/" + gw.window.id() + "/tiers?school=" + a.schoolId());
    assertEquals(200, r.statusCode(), r.body());
    JsonObject list = new JsonObject(r.body());
    JsonArray students = list.getJsonArray("students");
    assertTrue(students.size() >= 2, r.body());
    int previous = 3;
    Set<Long> listed = new HashSet<>();
    for (int i = 0; i < students.size(); i++) {
      JsonObject s = students.getJsonObject(i);
      assertTrue(s.getInteger("tier") <= previous, "highest tier first");
      previous = s.getInteger("tier");
      listed.add(s.getLong("studentId"));
    }
    JsonObject top = byId(students, crisis.id());
    assertEquals(3, top.getInteger("tier"));
    assertTrue(top.getBoolean("crisis"));
    assertEquals("serious", top.getString("crisisLevel"), "PHQ-9 item 9 at 3 is 严重");
    JsonObject calm = byId(students, routine.id());
    assertTrue(
        calm.containsKey("crisisLevel") && calm.getValue("crisisLevel") == null, calm.encode());
    assertTrue(top.getBoolean("alertPending"));
    assertEquals(crisis.studentNo(), top.getString("studentNo"));
    assertFalse(top.getString("name").isBlank());
    assertFalse(top.getString("className").isBlank());
    JsonArray rules = top.getJsonArray("firedRules");
    assertFalse(rules.isEmpty());
    JsonObject rule = rules.getJsonObject(0);
    assertFalse(rule.getString("id").isBlank());
    assertNotNull(rule.getString("zh"), "the stored explanation comes with the rule");
    assertEquals(0, byId(students, routine.id()).getInteger("tier"));
    assertEquals(4, list.getJsonArray("tierCounts").size());

    long auditAfter = count("SELECT count(*) FROM audit WHERE action = 'view_tier_list' AND ok");
    assertEquals(students.size(), auditAfter - auditBefore, "one audit row per student listed");
    assertEquals(
        1,
        count(
            "SELECT count(*) FROM audit WHERE action = 'view_tier_list' AND ok"
                + " AND subject_student_id = "
                + crisis.id()
                + " AND actor_id = (SELECT id FROM staff_account WHERE username = 'psy')"));
    assertTrue(listed.contains(routine.id()));

    HttpResponse<String> attention =
        psy.get(
            "/api/staff/windows/"
                + gw.window.id()
                + "/tiers?school="
                + a.schoolId()
                + "&minTier=1");
    assertEquals(200, attention.statusCode());
    JsonArray needing = new JsonObject(attention.body()).getJsonArray("students");
    assertTrue(needing.stream().allMatch(o -> ((JsonObject) o).getInteger("tier") >= 1));
    assertTrue(
        needing.stream()
            .anyMatch(
                o -> Long.valueOf(crisis.id()).equals(((JsonObject) o).getLong("studentId"))));
    assertTrue(
        needing.stream()
            .noneMatch(
                o -> Long.valueOf(routine.id()).equals(((JsonObject) o).getLong("studentId"))));

    HttpResponse<String> onlyCrisis =
        psy.get(
            "/api/staff/windows/" + gw.window.id() + "/tiers?school=" + a.schoolId() + "&tier=3");
    assertEquals(200, onlyCrisis.statusCode());
    for (Object o : new JsonObject(onlyCrisis.body()).getJsonArray("students")) {
      assertEquals(3, ((JsonObject) o).getInteger("tier"));
    }
  }

  @Test
  void tiers_otherSchoolNotFoundAndAudited() {
    long before = count("SELECT count(*) FROM audit WHERE action = 'view_tier_list' AND NOT ok");
    HttpResponse<String> r =
        gw.staffSession("psy-b")
            .get("/api/staff/windows/" + gw.window.id() + "/tiers?school=" + a.schoolId());
    assertEquals(404, r.statusCode(), r.body());
    assertEquals(
        before + 1, count("SELECT count(*) FROM audit WHERE action = 'view_tier_list' AND NOT ok"));
    assertEquals(
        1,
        count(
            "SELECT count(*) FROM audit WHERE action = 'view_tier_list' AND NOT ok"
                + " AND actor_id = (SELECT id FROM staff_account WHERE username = 'psy-b')"
                + " AND subject LIKE '%school "
                + a.schoolId()
                + "'"));
  }

  @Test
  void tiers_headTeacherForbidden() {
    HttpResponse<String> r =
        gw.staffSession("teacher")
            .get("/api/staff/windows/" + gw.window.id() + "/tiers?school=" + a.schoolId());
    assertEquals(403, r.statusCode());
  }

  @Test
  void tiers_badQuery() {
    Http city = gw.staffSession("city");
    String base = "/api/staff/windows/" + gw.window.id() + "/tiers";
    assertEquals(400, city.get(base).statusCode());
    assertEquals(400, city.get(base + "?school=x").statusCode());
    assertEquals(400, city.get(base + "?school=" + a.schoolId() + "&tier=4").statusCode());
    assertEquals(400, city.get(base + "?school=" + a.schoolId() + "&minTier=-1").statusCode());
    assertEquals(404, city.get(base + "?school=999999").statusCode());
  }

  // ---- crisis feed labels ----------------------------------------------------------------------

  @Test
  void alertStudents_onlyInScopeAndAudited() {
    RosterEntry other = gw.otherSchoolStudent();
    HttpResponse<String> r =
        gw.staffSession("psy").get("/api/staff/alerts/students?ids=" + a.id() + "," + other.id());
    assertEquals(200, r.statusCode(), r.body());
    JsonArray students = new JsonObject(r.body()).getJsonArray("students");
    assertEquals(1, students.size(), "the other school's student is left out");
    JsonObject s = students.getJsonObject(0);
    assertEquals(a.studentNo(), s.getString("studentNo"));
    assertFalse(s.getString("className").isBlank());
    assertFalse(s.getString("schoolName").isBlank());
    assertFalse(s.containsKey("name"), "never a name");
    assertEquals(
        1,
        count(
            "SELECT count(*) FROM audit WHERE action = 'view_alert_student' AND subject_student_id = "
                + a.id()));
    assertEquals(
        403,
        gw.staffSession("teacher").get("/api/staff/alerts/students?ids=" + a.id()).statusCode());
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static JsonObject tree(Http session) {
    HttpResponse<String> r = session.get("/api/staff/windows/" + gw.window.id() + "/progress/tree");
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }

  /** The nodes from the city down to {@code student}'s class. */
  private static List<JsonObject> path(JsonObject root, RosterEntry student) {
    List<JsonObject> path = new ArrayList<>();
    path.add(root);
    long[] ids = {student.districtId(), student.schoolId(), student.grade(), student.classId()};
    JsonObject node = root;
    for (long id : ids) {
      JsonObject next = null;
      for (Object o : node.getJsonArray("children")) {
        if (((JsonObject) o).getLong("id") == id) {
          next = (JsonObject) o;
        }
      }
      assertNotNull(next, "node " + id + " under " + node.getString("name"));
      path.add(next);
      node = next;
    }
    return path;
  }

  private static JsonObject node(JsonObject tree, RosterEntry student) {
    return path(tree.getJsonObject("tree"), student).get(4);
  }

  private static long tier(JsonObject node, int tier) {
    return node.getJsonArray("tiers").getLong(tier);
  }

  private static JsonObject byId(JsonArray students, long id) {
    for (Object o : students) {
      if (Long.valueOf(id).equals(((JsonObject) o).getLong("studentId"))) {
        return (JsonObject) o;
      }
    }
    throw new AssertionError("student " + id + " is not listed");
  }

  /** Polls {@code read} until {@code done} holds (the tree cache is at most 2 s old). */
  private static JsonObject until(
      java.util.function.Supplier<JsonObject> read, Predicate<JsonObject> done) {
    return Eventually.await(
        "the progress tree reaching the expected counts",
        Duration.ofSeconds(10),
        () -> Optional.of(read.get()).filter(done));
  }

  /** The next {@code tree} event's data, or null when none comes within {@code seconds}. */
  private static JsonObject nextTree(BlockingQueue<String> lines, int seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    boolean tree = false;
    while (true) {
      long left = deadline - System.nanoTime();
      String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
      if (line == null) {
        return null;
      }
      if (line.equals("event: tree")) {
        tree = true;
      } else if (tree && line.startsWith("data: ")) {
        return new JsonObject(line.substring("data: ".length()));
      }
    }
  }

  private static void submit(RosterEntry student, BiFunction<String, Integer, Integer> valueOf) {
    HttpResponse<String> login = gw.http.postJson("/api/student/login", gw.loginBody(student));
    assertEquals(200, login.statusCode(), login.body());
    JsonObject session = new JsonObject(login.body());
    HttpResponse<String> doc = gw.http.get(session.getString("questionnaire"));
    assertEquals(200, doc.statusCode());
    JsonObject body =
        new JsonObject()
            .put("idempotencyKey", UUID.randomUUID().toString())
            .put("locale", "zh-CN")
            .put("startedAt", gw.clock.instant().minusSeconds(300).toString())
            .put("answers", StudentPathTest.answers(new JsonObject(doc.body()), valueOf));
    HttpResponse<String> r =
        gw.http.postJson(
            "/api/student/submit",
            body.encode(),
            "Authorization",
            "Bearer " + session.getString("token"));
    assertEquals(200, r.statusCode(), r.body());
  }

  private static long count(String sql) {
    try (Connection c = gw.db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
