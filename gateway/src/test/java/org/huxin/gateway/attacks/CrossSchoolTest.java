package org.huxin.gateway.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.LongFunction;
import java.util.regex.Pattern;
import org.huxin.engine.alerts.AlertChannel;
import org.huxin.engine.alerts.AlertOutboxStore;
import org.huxin.engine.alerts.NewAlertChannel;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.staff.NewStaffAccount;
import org.huxin.engine.staff.StaffRole;
import org.huxin.engine.staff.StaffStore;
import org.huxin.engine.windows.NewWindow;
import org.huxin.engine.windows.Window;
import org.huxin.engine.windows.WindowStatus;
import org.huxin.engine.windows.WindowStore;
import org.huxin.gateway.auth.PasswordHasher;
import org.huxin.gateway.student.HelpContacts;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.testsupport.DatabaseTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Insecure direct object references: for every staff route that takes an id, staff of school A (or
 * district A, for routes only admins use) ask for the object of school B. Each gets 403 or 404 and
 * nothing of B; a refused attempt on a student's data, or on a window the caller cannot see, leaves
 * one audit row with {@code ok = false}; nothing changes. One row per request: a new route is one
 * more row, and the test fails until the route table's every id-taking staff route has one.
 */
@DatabaseTest
class CrossSchoolTest {
  /** What the gateway must answer. */
  enum Expect {
    /** 403 or 404. */
    REFUSED,
    /** A list endpoint that filters: 200, with nothing of B. */
    FILTERED,
    /** An event stream: 403 or 404 before it opens. */
    REFUSED_STREAM
  }

  /**
   * One attempt. {@code route} is the route table's "METHOD template"; {@code audited} says whether
   * the refusal must leave exactly one audit row with {@code ok = false}: so must every attempt on
   * a student's data, or on a window the caller's window list does not show. {@code open} names a
   * known hole outside this package's reach (null when there is none): the row must then still show
   * it, so the note goes when the hole is fixed, and must still leak no student.
   */
  record Row(
      String route,
      String attacker,
      String path,
      String body,
      Expect expect,
      boolean audited,
      String open) {
    Row(String route, String attacker, String path, String body, Expect expect, boolean audited) {
      this(route, attacker, path, body, expect, audited, null);
    }

    String method() {
      return route.substring(0, route.indexOf(' '));
    }

    @Override
    public String toString() {
      return attacker + ": " + method() + " " + path;
    }
  }

  /** A JSON member naming the student with this id, as {@code "studentId":12}. */
  private static final LongFunction<Pattern> STUDENT_ID =
      id -> Pattern.compile("\"studentId\":" + id + "(?![0-9])");

  private static GatewayFixture gw;
  private static RosterEntry a;
  private static RosterEntry b;
  private static long alertB;
  private static Window windowB;
  private static long importB;
  private static long channelB;
  private static long teacherB;

  @BeforeAll
  static void start() throws Exception {
    gw = Gateways.start(CrossSchoolTest.class);
    a = gw.studentA();
    b = gw.otherSchoolStudent();
    gw.submitCrisis(b);
    alertB = gw.awaitAlertOf(b);
    new StaffStore(gw.store.dataSource())
        .create(
            new NewStaffAccount(
                "district-b",
                PasswordHasher.hash(GatewayFixture.PASSWORD),
                StaffRole.DISTRICT_ADMIN,
                b.districtId(),
                null,
                null,
                "district-b"));
    teacherB =
        new StaffStore(gw.store.dataSource())
            .create(
                new NewStaffAccount(
                    "teacher-b",
                    PasswordHasher.hash(GatewayFixture.PASSWORD),
                    StaffRole.HEAD_TEACHER,
                    b.districtId(),
                    b.schoolId(),
                    b.classId(),
                    "teacher-b"))
            .id();
    Window created =
        new WindowStore(gw.store.dataSource())
            .create(
                new NewWindow(
                    "school B only",
                    List.of(),
                    List.of(b.schoolId()),
                    4,
                    12,
                    GatewayFixture.BATTERIES,
                    GatewayFixture.START.minus(Duration.ofHours(1)),
                    GatewayFixture.START.plus(Duration.ofDays(7)),
                    HelpContacts.NATIONAL_JSON,
                    4,
                    NewWindow.DEFAULT_RULE_SET));
    windowB = new WindowStore(gw.store.dataSource()).setStatus(created.id(), WindowStatus.OPEN);
    gw.reloadWindows();
    importB = importBy("district-b");
    channelB =
        gw.app
            .services()
            .alertChannels()
            .create(
                gw.app.services().pool(),
                new NewAlertChannel(
                    b.districtId(),
                    b.schoolId(),
                    AlertChannel.Kind.WECOM,
                    "school B robot",
                    "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=school-b-key",
                    null,
                    List.of(),
                    false),
                new StaffStore(gw.store.dataSource()).findByUsername("city").orElseThrow().id())
            .await()
            .id();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  /** Every attempt; rows of the same route differ in which id belongs to B. */
  private static List<Row> rows() {
    long w = gw.window.id();
    long wb = windowB.id();
    long sb = b.id();
    long cb = b.classId();
    long schoolB = b.schoolId();
    String rating =
        new JsonObject()
            .put("window", w)
            .put("idempotencyKey", UUID.randomUUID().toString())
            .put("answers", new JsonObject())
            .encode();
    String ack = "POST /api/staff/alerts/:id/ack";
    String unlock = "POST /api/staff/students/:id/unlock";
    String progress = "GET /api/staff/windows/:id/progress";
    String status = "POST /api/staff/windows/:id/status";
    String slips = "GET /api/staff/classes/:classId/slips";
    String imports = "GET /api/staff/roster/imports/:id";
    String consent = "GET /api/staff/windows/:id/consent-missing";
    String ratings = "GET /api/staff/classes/:classId/ratings";
    String rate = "POST /api/staff/classes/:classId/ratings/:studentId";
    String followup = "POST /api/staff/students/:id/followups";
    String archive = "GET /api/staff/students/:id/archive";
    String tree = "GET /api/staff/windows/:id/progress/tree";
    String stream = "GET /api/staff/windows/:id/progress/stream";
    String tiers = "GET /api/staff/windows/:id/tiers";
    String report = "GET /api/staff/reports/:windowId";
    String csv = "GET /api/staff/reports/:windowId/export.csv";
    String xlsx = "GET /api/staff/reports/:windowId/export.xlsx";
    String print = "GET /api/staff/reports/:windowId/print";
    String schoolUnit = "?level=school&unit=" + schoolB;
    String channel = "/api/staff/alert-channels/" + channelB;
    Expect no = Expect.REFUSED;
    String account = "/api/staff/accounts/" + teacherB;
    String consentBody =
        new JsonObject()
            .put("windowId", w)
            .put("given", false)
            .put("method", "paper_form")
            .encode();
    String scopeBody =
        new JsonObject()
            .put("role", "head_teacher")
            .put("schoolId", a.schoolId())
            .put("classId", a.classId())
            .encode();
    return List.of(
        new Row(
            "GET /api/staff/students/:id/consent",
            "psy",
            "/api/staff/students/" + sb + "/consent?windowId=" + w,
            null,
            no,
            true),
        new Row(
            "POST /api/staff/students/:id/consent",
            "psy",
            "/api/staff/students/" + sb + "/consent",
            consentBody,
            no,
            true),
        new Row(
            "POST /api/staff/students/:id/consent",
            "district",
            "/api/staff/students/" + sb + "/consent",
            consentBody,
            no,
            true),
        new Row(
            "POST /api/staff/accounts/:id/disable", "psy", account + "/disable", "{}", no, true),
        new Row(
            "POST /api/staff/accounts/:id/disable",
            "district",
            account + "/disable",
            "{}",
            no,
            true),
        new Row("POST /api/staff/accounts/:id/enable", "psy", account + "/enable", "{}", no, true),
        new Row(
            "POST /api/staff/accounts/:id/reset-password",
            "district",
            account + "/reset-password",
            "{}",
            no,
            true),
        new Row(
            "PUT /api/staff/accounts/:id/scope", "psy", account + "/scope", scopeBody, no, true),
        new Row(ack, "psy", "/api/staff/alerts/" + alertB + "/ack", "{}", no, true),
        new Row(ack, "district", "/api/staff/alerts/" + alertB + "/ack", "{}", no, true),
        new Row(unlock, "psy", "/api/staff/students/" + sb + "/unlock", "{}", no, true),
        new Row(unlock, "teacher", "/api/staff/students/" + sb + "/unlock", "{}", no, true),
        new Row(progress, "psy", "/api/staff/windows/" + wb + "/progress", null, no, true),
        new Row(progress, "district", "/api/staff/windows/" + wb + "/progress", null, no, true),
        new Row(
            status,
            "district",
            "/api/staff/windows/" + wb + "/status",
            "{\"status\":\"closed\"}",
            no,
            false),
        new Row(slips, "psy", "/api/staff/classes/" + cb + "/slips?window=" + w, null, no, true),
        new Row(
            slips, "teacher", "/api/staff/classes/" + cb + "/slips?window=" + w, null, no, true),
        new Row(slips, "psy", "/api/staff/classes/" + cb + "/slips?window=" + wb, null, no, true),
        new Row(imports, "district", "/api/staff/roster/imports/" + importB, null, no, false),
        new Row(consent, "psy", "/api/staff/windows/" + wb + "/consent-missing", null, no, true),
        new Row(
            consent,
            "district",
            "/api/staff/windows/" + w + "/consent-missing?class=" + cb,
            null,
            no,
            true),
        new Row(
            ratings, "psy", "/api/staff/classes/" + cb + "/ratings?window=" + w, null, no, true),
        new Row(
            ratings,
            "teacher",
            "/api/staff/classes/" + cb + "/ratings?window=" + w,
            null,
            no,
            true),
        new Row(rate, "psy", "/api/staff/classes/" + cb + "/ratings/" + sb, rating, no, true),
        new Row(
            rate,
            "teacher",
            "/api/staff/classes/" + a.classId() + "/ratings/" + sb,
            rating,
            no,
            true),
        new Row(
            followup,
            "district",
            "/api/staff/students/" + sb + "/followups",
            "{\"action\":\"interview\",\"note\":\"cross-school\"}",
            no,
            true),
        new Row(
            followup,
            "teacher",
            "/api/staff/students/" + sb + "/followups",
            "{\"action\":\"parent_informed\"}",
            no,
            true),
        new Row(archive, "district", "/api/staff/students/" + sb + "/archive", null, no, true),
        new Row(tree, "psy", "/api/staff/windows/" + wb + "/progress/tree", null, no, true),
        new Row(
            stream,
            "psy",
            "/api/staff/windows/" + wb + "/progress/stream",
            null,
            Expect.REFUSED_STREAM,
            true),
        new Row(
            tiers,
            "psy",
            "/api/staff/windows/" + wb + "/tiers?school=" + a.schoolId(),
            null,
            no,
            true),
        new Row(
            tiers,
            "district",
            "/api/staff/windows/" + w + "/tiers?school=" + schoolB,
            null,
            no,
            true),
        new Row(
            report,
            "psy",
            "/api/staff/reports/" + wb + "?level=school&unit=" + a.schoolId(),
            null,
            no,
            true),
        new Row(report, "district", "/api/staff/reports/" + w + schoolUnit, null, no, true),
        new Row(
            csv,
            "district",
            "/api/staff/reports/" + w + "/export.csv" + schoolUnit,
            null,
            no,
            true),
        new Row(
            xlsx,
            "district",
            "/api/staff/reports/" + w + "/export.xlsx" + schoolUnit,
            null,
            no,
            true),
        new Row(
            print, "district", "/api/staff/reports/" + w + "/print" + schoolUnit, null, no, true),
        new Row(
            "GET /api/staff/alerts/students",
            "psy",
            "/api/staff/alerts/students?ids=" + sb,
            null,
            Expect.FILTERED,
            false),
        new Row(
            "GET /api/staff/followups",
            "district",
            "/api/staff/followups?school=" + schoolB,
            null,
            no,
            true),
        new Row(
            "PUT /api/staff/alert-channels/:id",
            "district",
            channel,
            "{\"enabled\":true}",
            no,
            true),
        new Row(
            "PUT /api/staff/alert-channels/:id", "psy", channel, "{\"enabled\":true}", no, false),
        new Row("DELETE /api/staff/alert-channels/:id", "district", channel, null, no, true),
        new Row(
            "POST /api/staff/alert-channels/:id/test",
            "district",
            channel + "/test",
            "{}",
            no,
            true));
  }

  /** The other side of the rule: B's district admin does see the window of a school of theirs. */
  @Test
  void districtAdmin_seesTheWindowsOfItsSchools() {
    var districtB = gw.staffSession("district-b");
    HttpResponse<String> list = districtB.get("/api/staff/windows");
    assertEquals(200, list.statusCode(), list.body());
    assertTrue(list.body().contains("school B only"), list.body());
    long wb = windowB.id();
    for (String path :
        List.of(
            "/api/staff/windows/" + wb + "/progress",
            "/api/staff/windows/" + wb + "/progress/tree",
            "/api/staff/reports/" + wb + "?level=district&unit=" + b.districtId())) {
      HttpResponse<String> r = districtB.get(path);
      assertEquals(200, r.statusCode(), path + ": " + r.body());
    }
  }

  @Test
  void everyIdTakingStaffRoute_hasARow() {
    Set<String> covered = new TreeSet<>();
    rows().forEach(r -> covered.add(r.route()));
    Set<String> missing = new TreeSet<>();
    for (StaffRoutes.Route route : StaffRoutes.all()) {
      if (route.takesId() && !covered.contains(route.toString())) {
        missing.add(route.toString());
      }
    }
    assertEquals(Set.of(), missing, "id-taking staff routes without a cross-school row");
    Set<String> routes = new TreeSet<>();
    StaffRoutes.all().forEach(r -> routes.add(r.toString()));
    for (String route : covered) {
      assertTrue(routes.contains(route), "a row names a route the table does not have: " + route);
    }
  }

  @Test
  void staffOfSchoolA_neverReachSchoolB() throws Exception {
    Map<String, String> sessions = new HashMap<>();
    List<String> failures = new ArrayList<>();
    List<String> open = new ArrayList<>();
    int checked = 0;
    for (Row row : rows()) {
      String cookie =
          sessions.computeIfAbsent(row.attacker(), u -> gw.staffSession(u).cookieHeader());
      long before = gw.refusedAuditRows(row.attacker());
      int status;
      String body = "";
      if (row.expect() == Expect.REFUSED_STREAM) {
        status = Raw.status(gw.app.port(), row.path(), "Cookie", cookie);
      } else {
        HttpResponse<String> r =
            Raw.send(gw.app.port(), row.method(), row.path(), row.body(), "Cookie", cookie);
        status = r.statusCode();
        body = r.body();
      }
      checked++;
      boolean refused = status == 403 || status == 404;
      List<String> holes = new ArrayList<>();
      if (row.expect() == Expect.FILTERED ? status != 200 : !refused) {
        holes.add("answered " + status + ": " + abbreviate(body));
      }
      if (body.contains(windowB.name())) {
        holes.add("showed window B: " + abbreviate(body));
      }
      long after = gw.refusedAuditRows(row.attacker());
      if (row.audited() && refused && after != before + 1) {
        holes.add("wrote " + (after - before) + " refused audit rows, not 1");
      }
      if (body.contains(b.studentNo()) || STUDENT_ID.apply(b.id()).matcher(body).find()) {
        failures.add(row + " leaked student B: " + abbreviate(body));
      }
      if (row.open() == null) {
        holes.forEach(h -> failures.add(row + " " + h));
      } else if (holes.isEmpty()) {
        failures.add(row + " is fixed: drop its open note (" + row.open() + ")");
      } else {
        open.add(row + ": " + row.open());
      }
    }
    assertEquals(List.of(), failures, "cross-school attempts that got through");
    assertTrue(checked >= 30, "attempts: " + checked);
    System.out.println(
        "CrossSchoolTest: "
            + checked
            + " attempts, "
            + open.size()
            + " known open:\n  "
            + String.join("\n  ", open));

    assertNull(
        new AlertOutboxStore(gw.store.dataSource()).find(alertB).orElseThrow().acknowledgedAt(),
        "alert B acked");
    assertEquals(
        WindowStatus.OPEN,
        new WindowStore(gw.store.dataSource()).find(windowB.id()).orElseThrow().status());
    assertFalse(
        gw.app
            .services()
            .alertChannels()
            .find(gw.app.services().pool(), channelB)
            .await()
            .orElseThrow()
            .enabled(),
        "channel B untouched");
    assertEquals(0, count("SELECT count(*) FROM followup WHERE student_id = ?", b.id()));
    assertEquals(
        0, count("SELECT count(*) FROM guardian_consent WHERE student_id = ?", b.id()), "consent");
    assertEquals(
        0,
        count(
            "SELECT count(*) FROM staff_account WHERE id = ? AND (disabled OR school_id <> "
                + b.schoolId()
                + " OR must_change_password)",
            teacherB),
        "teacher B's account untouched");
    assertEquals(
        1, count("SELECT count(*) FROM result WHERE student_id = ?", b.id()), "only B's own");
  }

  private static String abbreviate(String body) {
    return body.length() > 200 ? body.substring(0, 200) + "…" : body;
  }

  private static long importBy(String username) throws Exception {
    try (Connection c = gw.db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO roster_import (actor_id, file_name, format)"
                    + " SELECT id, 'school-b.csv', 'csv' FROM staff_account WHERE username = ?"
                    + " RETURNING id")) {
      ps.setString(1, username);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static int count(String sql, long id) throws Exception {
    try (Connection c = gw.db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
