package org.huxin.gateway.slips;

import static org.huxin.gateway.slips.SlipPageTest.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.huxin.engine.roster.NewStudent;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.roster.RosterStore;
import org.huxin.engine.staff.NewStaffAccount;
import org.huxin.engine.staff.StaffRole;
import org.huxin.engine.staff.StaffStore;
import org.huxin.gateway.auth.PasswordHasher;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.gateway.testing.Http;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.TestRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The slip page over real HTTP: the scope matrix (each role in and out of scope, out of scope
 * answered 404 and audited), the page's content and QR codes, escaping, and each unhappy path.
 */
@DatabaseTest
class SlipsApiTest {
  private static final String HOSTILE_NAME = "<script>alert('x')</script>";
  private static final String HOSTILE_CLASS = "<b>9班</b>";

  private static final Map<String, Http> SESSIONS = new HashMap<>();

  private static GatewayFixture gw;
  private static RosterEntry a;
  private static long sameSchoolOtherClass;
  private static long sameDistrictOtherSchool;
  private static long otherDistrict;
  private static long primaryGradeClass;
  private static long hostileClass;

  @BeforeAll
  static void startGateway() {
    gw = GatewayFixture.start(SlipsApiTest.class);
    a = gw.studentA();
    sameSchoolOtherClass =
        classWhere(
            e -> e.schoolId() == a.schoolId() && e.classId() != a.classId() && e.grade() >= 4);
    sameDistrictOtherSchool =
        classWhere(
            e ->
                e.districtId() == a.districtId() && e.schoolId() != a.schoolId() && e.grade() >= 4);
    otherDistrict = classWhere(e -> e.districtId() != a.districtId() && e.grade() >= 4);
    primaryGradeClass = classWhere(e -> e.grade() <= 3);
    String hash = PasswordHasher.hash(GatewayFixture.PASSWORD);
    RosterEntry other =
        gw.roster.stream().filter(e -> e.classId() == otherDistrict).findFirst().get();
    // The fixture already has the account "ops".
    new StaffStore(gw.store.dataSource())
        .create(
            new NewStaffAccount(
                "district2",
                hash,
                StaffRole.DISTRICT_ADMIN,
                other.districtId(),
                null,
                null,
                "district2"));
    hostileClass =
        new RosterStore(gw.store.dataSource()).createClass(a.schoolId(), a.grade(), HOSTILE_CLASS);
    new RosterStore(gw.store.dataSource())
        .createStudent(
            new NewStudent(
                a.schoolId(), hostileClass, a.grade(), 'F', 2013, "H1", HOSTILE_NAME, false, null),
            TestRows.cipher());
  }

  @AfterAll
  static void stopGateway() {
    gw.close();
  }

  // ---- the scope matrix -----------------------------------------------------------------------

  @Test
  void slips_cityAdminAnyClass() {
    assertEquals(200, get("city", a.classId()).statusCode());
    assertEquals(200, get("city", otherDistrict).statusCode());
  }

  @Test
  void slips_districtAdminOwnDistrict() {
    assertEquals(200, get("district", sameDistrictOtherSchool).statusCode());
    assertEquals(200, get("district2", otherDistrict).statusCode());
  }

  @Test
  void slips_districtAdminOtherDistrict_404Audited() throws SQLException {
    assertRefused("district", otherDistrict);
    assertRefused("district2", a.classId());
  }

  @Test
  void slips_psychologistOwnSchool() {
    assertEquals(200, get("psy", a.classId()).statusCode());
    assertEquals(200, get("psy", sameSchoolOtherClass).statusCode());
  }

  @Test
  void slips_psychologistOtherSchool_404Audited() throws SQLException {
    assertRefused("psy", sameDistrictOtherSchool);
  }

  @Test
  void slips_headTeacherOwnClass() {
    assertEquals(200, get("teacher", a.classId()).statusCode());
  }

  @Test
  void slips_headTeacherOtherClass_404Audited() throws SQLException {
    assertRefused("teacher", sameSchoolOtherClass);
  }

  @Test
  void slips_opsNever_404Audited() throws SQLException {
    assertRefused("ops", a.classId());
  }

  @Test
  void slips_notSignedIn() {
    HttpResponse<String> r = new Http(gw.app.port()).get(path(a.classId()));

    assertEquals(401, r.statusCode());
  }

  // ---- unhappy paths --------------------------------------------------------------------------

  @Test
  void slips_unknownClass() {
    HttpResponse<String> r = get("city", 999_999);

    assertEquals(404, r.statusCode());
    assertEquals("no_such_class", new JsonObject(r.body()).getString("error"));
  }

  @Test
  void slips_classIdNotANumber() {
    HttpResponse<String> r = staff("city").get("/api/staff/classes/abc/slips?window=1");

    assertEquals(404, r.statusCode());
    assertEquals("no_such_class", new JsonObject(r.body()).getString("error"));
  }

  @Test
  void slips_unknownWindow() {
    HttpResponse<String> r =
        staff("city").get("/api/staff/classes/" + a.classId() + "/slips?window=424242");

    assertEquals(404, r.statusCode());
    JsonObject body = new JsonObject(r.body());
    assertEquals("no_such_window", body.getString("error"));
    assertTrue(body.getString("message").contains("424242"), r.body());
  }

  @Test
  void slips_windowNotCoveringGrade() {
    HttpResponse<String> r = get("city", primaryGradeClass);

    assertEquals(404, r.statusCode());
    JsonObject body = new JsonObject(r.body());
    assertEquals("window_not_for_class", body.getString("error"));
    assertTrue(body.getString("message").contains("does not screen grade"), r.body());
  }

  @Test
  void slips_missingWindow() {
    HttpResponse<String> r = staff("city").get("/api/staff/classes/" + a.classId() + "/slips");

    assertEquals(400, r.statusCode());
    assertEquals("missing_window", new JsonObject(r.body()).getString("error"));
  }

  @Test
  void slips_badLanguage() {
    HttpResponse<String> r = staff("city").get(path(a.classId()) + "&lang=fr");

    assertEquals(400, r.statusCode());
    assertEquals("bad_lang", new JsonObject(r.body()).getString("error"));
  }

  // ---- the page -------------------------------------------------------------------------------

  @Test
  void slips_htmlWithEveryStudentNumberCodeAndQr() {
    List<RosterEntry> students = studentsOf(a.classId());

    HttpResponse<String> r = get("teacher", a.classId());

    assertEquals(200, r.statusCode(), r.body());
    assertEquals("text/html; charset=utf-8", r.headers().firstValue("content-type").orElseThrow());
    assertEquals("no-store", r.headers().firstValue("cache-control").orElseThrow());
    assertTrue(
        r.headers()
            .firstValue("content-security-policy")
            .orElseThrow()
            .contains("style-src 'self'"));
    String html = r.body();
    for (RosterEntry s : students) {
      assertTrue(html.contains(">" + s.studentNo() + "<"), s.studentNo());
      assertTrue(html.contains(">" + gw.codeOf(s) + "<"), s.studentNo());
    }
    assertEquals(students.size(), count(html, "<svg"));
    assertEquals(students.size(), count(html, "<article class=\"slip"));
    assertFalse(html.contains("style="), "no inline style attributes");
  }

  @Test
  void slips_qrCodesOpenThePrefilledLogin() {
    List<RosterEntry> students = studentsOf(a.classId());

    List<String> svgs = SvgQr.svgs(get("psy", a.classId()).body());

    assertEquals(students.size(), svgs.size());
    for (int i = 0; i < students.size(); i++) {
      RosterEntry s = students.get(i);
      SvgQr.Decoded qr = SvgQr.decode(svgs.get(i));
      assertEquals(
          "http://127.0.0.1:"
              + gw.app.port()
              + "/#school="
              + s.schoolCode()
              + "&no="
              + s.studentNo()
              + "&code="
              + gw.codeOf(s),
          qr.text());
      assertEquals("M", qr.errorCorrection());
      assertFalse(qr.text().contains("?"), "the code rides in the fragment, never the query");
    }
  }

  @Test
  void slips_hostileNameEscapedAndConsentPendingMarked() {
    HttpResponse<String> r = get("city", hostileClass);

    assertEquals(200, r.statusCode(), r.body());
    String html = r.body();
    assertFalse(html.contains(HOSTILE_NAME), "the name must not reach the page unescaped");
    assertFalse(html.contains(HOSTILE_CLASS), "the class name must not reach the page unescaped");
    assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), html);
    assertTrue(html.contains("&lt;b&gt;9班&lt;/b&gt;"), html);
    assertEquals(1, count(html, "<script"), "only the page's own script tag");
    assertEquals(1, count(html, "<article class=\"slip pending\">"));
    assertTrue(html.contains("待家长同意"), html);
  }

  @Test
  void slips_englishLabels() {
    HttpResponse<String> r = get("city", a.classId(), "&lang=en");

    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().contains("<html lang=\"en\">"), r.body());
    assertFalse(r.body().contains("访问码"), r.body());
  }

  @Test
  void slips_viewAudited() throws SQLException {
    int students = studentsOf(sameSchoolOtherClass).size();
    HttpResponse<String> r = get("psy", sameSchoolOtherClass);
    assertEquals(200, r.statusCode(), r.body());

    AuditRow row = lastAudit("psy");

    assertEquals("school_psychologist", row.role());
    assertEquals(SlipsApi.AUDIT_ACTION, row.action());
    assertEquals("class=" + sameSchoolOtherClass + " window=" + gw.window.id(), row.subject());
    assertEquals("students=" + students + " lang=zh-CN", row.reason());
    assertTrue(row.ok());
  }

  // ---- helpers --------------------------------------------------------------------------------

  private record AuditRow(String role, String action, String subject, String reason, boolean ok) {}

  private static void assertRefused(String username, long classId) throws SQLException {
    HttpResponse<String> r = get(username, classId);

    assertEquals(404, r.statusCode(), username + " must not see class " + classId);
    JsonObject body = new JsonObject(r.body());
    assertEquals("no_such_class", body.getString("error"), "same answer as an unknown class");
    assertEquals("No such class.", body.getString("message"));
    AuditRow row = lastAudit(username);
    assertEquals(SlipsApi.AUDIT_ACTION, row.action());
    assertEquals("class=" + classId + " window=" + gw.window.id(), row.subject());
    assertEquals("out of scope", row.reason());
    assertFalse(row.ok());
  }

  private static AuditRow lastAudit(String username) throws SQLException {
    long actor = new StaffStore(gw.store.dataSource()).findByUsername(username).orElseThrow().id();
    String sql =
        "SELECT actor_role, action, subject, reason, ok FROM audit WHERE actor_id = ?"
            + " ORDER BY id DESC LIMIT 1";
    try (Connection c = gw.db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, actor);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), "no audit row for " + username);
        return new AuditRow(
            rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5));
      }
    }
  }

  private static HttpResponse<String> get(String username, long classId) {
    return get(username, classId, "");
  }

  private static HttpResponse<String> get(String username, long classId, String extraQuery) {
    return staff(username).get(path(classId) + extraQuery);
  }

  private static String path(long classId) {
    return "/api/staff/classes/" + classId + "/slips?window=" + gw.window.id();
  }

  /** A client signed in as {@code username}, one per user (a login costs an Argon2 hash). */
  private static Http staff(String username) {
    return SESSIONS.computeIfAbsent(username, SlipsApiTest::signIn);
  }

  private static Http signIn(String username) {
    Http http = new Http(gw.app.port());
    HttpResponse<String> login =
        http.postJson(
            "/api/staff/login",
            new JsonObject()
                .put("username", username)
                .put("password", GatewayFixture.PASSWORD)
                .encode());
    assertEquals(200, login.statusCode(), login.body());
    return http;
  }

  /** The fixture roster's students of a class, in slip order (numeric student numbers). */
  private static List<RosterEntry> studentsOf(long classId) {
    List<RosterEntry> out = new ArrayList<>();
    for (RosterEntry e : gw.roster) {
      if (e.classId() == classId) {
        out.add(e);
      }
    }
    out.sort(
        Comparator.comparingInt((RosterEntry e) -> e.studentNo().length())
            .thenComparing(RosterEntry::studentNo));
    assertFalse(out.isEmpty(), "class " + classId + " has no students");
    return out;
  }

  private static long classWhere(Predicate<RosterEntry> filter) {
    return gw.roster.stream().filter(filter).findFirst().orElseThrow().classId();
  }
}
