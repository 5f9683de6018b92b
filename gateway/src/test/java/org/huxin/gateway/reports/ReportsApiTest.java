package org.huxin.gateway.reports;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.huxin.engine.results.ResultRow;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.gateway.testing.Http;
import org.huxin.testsupport.BrowserTest;
import org.huxin.testsupport.TestRows;
import org.huxin.testsupport.TestTier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reports over HTTP on the fixture city. School A (of {@code psy}) has, in each of grades 7–9, ten
 * girls and ten boys at each of tiers 0, 1 and 2, except grade 8 where only seven girls are at tier
 * 2: that cell must be withheld, with a partner in its row and one in its column.
 */
@BrowserTest
class ReportsApiTest {

  private static GatewayFixture gw;
  private static RosterEntry a;
  private static final List<ResultRow> rows = new ArrayList<>();
  private static final Map<String, Http> sessions = new ConcurrentHashMap<>();
  private static final Map<String, String> cookies = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    gw = GatewayFixture.start(ReportsApiTest.class);
    a = gw.studentA();
    for (int grade = 7; grade <= 9; grade++) {
      for (char sex : new char[] {'F', 'M'}) {
        final int g = grade;
        List<RosterEntry> pupils =
            gw.roster.stream()
                .filter(s -> s.schoolId() == a.schoolId() && s.grade() == g && s.sex() == sex)
                .toList();
        int[] perTier = {10, 10, grade == 8 && sex == 'F' ? 7 : 10};
        int next = 0;
        for (int tier = 0; tier < perTier.length; tier++) {
          for (int i = 0; i < perTier[tier]; i++) {
            rows.add(
                TestRows.row(
                    gw.window.id(), pupils.get(next++), "self", tier, false, UUID.randomUUID()));
          }
        }
      }
    }
    CompletableFuture.allOf(
            rows.stream()
                .map(row -> gw.app.services().writer().submit(row))
                .toArray(CompletableFuture<?>[]::new))
        .get(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  /** One signed-in client per account for the whole class (a sign-in hashes a password). */
  private static Http session(String username) {
    return sessions.computeIfAbsent(username, gw::staffSession);
  }

  private static String query(String level, Long unit) {
    return "?level=" + level + (unit == null ? "" : "&unit=" + unit);
  }

  private static String schoolA() {
    return query("school", a.schoolId());
  }

  @Test
  void report_sevenStudentCell_withheldWithComplements() {
    HttpResponse<String> r = session("psy").get("/api/staff/reports/" + gw.window.id() + schoolA());

    assertEquals(200, r.statusCode(), r.body());
    JsonObject tiers = new JsonObject(r.body()).getJsonObject("tiers");
    int row = tiers.getJsonArray("rows").getList().indexOf("8");
    int column = tiers.getJsonArray("columns").getList().indexOf("F2");
    JsonArray cells = tiers.getJsonArray("cells");
    JsonObject seven = cells.getJsonArray(row).getJsonObject(column);
    assertTrue(seven.getBoolean("suppressed"));
    assertTrue(seven.containsKey("n"));
    assertNull(seven.getValue("n"));
    int inRow = 0;
    for (Object c : cells.getJsonArray(row)) {
      inRow += ((JsonObject) c).getBoolean("suppressed") ? 1 : 0;
    }
    int inColumn = 0;
    for (int i = 0; i < cells.size(); i++) {
      inColumn += cells.getJsonArray(i).getJsonObject(column).getBoolean("suppressed") ? 1 : 0;
    }
    assertTrue(inRow >= 2, "a complement in grade 8: " + cells.getJsonArray(row));
    assertTrue(inColumn >= 2, "a complement in column F2");
  }

  @Test
  void report_numbersEqualAnIndependentCount() {
    JsonObject report =
        new JsonObject(
            session("district")
                .get("/api/staff/reports/" + gw.window.id() + query("district", a.districtId()))
                .body());

    JsonObject tiers = report.getJsonObject("tiers");
    List<Object> columns = tiers.getJsonArray("columns").stream().toList();
    List<Object> grades = tiers.getJsonArray("rows").stream().toList();
    assertEquals(List.of("4", "5", "6", "7", "8", "9", "10", "11", "12"), grades);
    for (int i = 0; i < grades.size(); i++) {
      int grade = Integer.parseInt((String) grades.get(i));
      for (int c = 0; c < columns.size(); c++) {
        String key = (String) columns.get(c);
        long expected =
            rows.stream()
                .filter(x -> x.grade() == grade)
                .filter(x -> x.sex() == key.charAt(0) && x.tier() == key.charAt(1) - '0')
                .count();
        JsonObject cell = tiers.getJsonArray("cells").getJsonArray(i).getJsonObject(c);
        if (cell.getBoolean("suppressed")) {
          assertNull(cell.getValue("n"));
        } else {
          assertEquals(expected, cell.getLong("n"), "grade " + grade + " " + key);
        }
      }
      JsonObject completion = report.getJsonArray("completion").getJsonObject(i);
      assertEquals(grade, completion.getInteger("grade"));
      long inScope =
          gw.roster.stream()
              .filter(s -> s.districtId() == a.districtId() && s.grade() == grade)
              .count();
      assertEquals(inScope, completion.getLong("inScope"), "grade " + grade + " in scope");
      assertEquals(
          gw.roster.stream()
              .filter(s -> s.districtId() == a.districtId() && s.grade() == grade)
              .filter(s -> !s.consent())
              .count(),
          completion.getLong("withoutConsent"));
    }
    assertEquals((long) rows.size(), tiers.getJsonObject("total").getLong("n"));
    JsonArray series = report.getJsonArray("yearOverYear");
    assertEquals(1, series.size());
    assertEquals(gw.window.id(), series.getJsonObject(0).getLong("windowId"));
  }

  @Test
  void report_outOfScopeSchool_404AndAuditedForViewAndEachExport() throws Exception {
    Http psyB = session("psy-b");
    String base = "/api/staff/reports/" + gw.window.id();
    for (String suffix : List.of("", "/export.csv", "/export.xlsx", "/print")) {
      HttpResponse<String> r = psyB.get(base + suffix + schoolA());
      assertEquals(404, r.statusCode(), suffix + ": " + r.body());
      assertEquals("not_found", new JsonObject(r.body()).getString("error"));
    }
    String subject = "window " + gw.window.id() + " level school unit " + a.schoolId();
    for (String action :
        List.of("view_report", "export_report_csv", "export_report_xlsx", "print_report")) {
      assertEquals(1, auditRows("psy-b", action, subject, false), action);
      assertEquals(0, auditRows("psy-b", action, subject, true), action);
    }
  }

  @Test
  void report_psychologistAskingForHerDistrict_404() {
    HttpResponse<String> r =
        session("psy")
            .get("/api/staff/reports/" + gw.window.id() + query("district", a.districtId()));
    assertEquals(404, r.statusCode(), r.body());
  }

  @Test
  void report_districtAdminAskingForAnotherDistrictsSchool_404() {
    RosterEntry b = gw.otherSchoolStudent();
    HttpResponse<String> r =
        session("district")
            .get("/api/staff/reports/" + gw.window.id() + query("school", b.schoolId()));
    assertEquals(404, r.statusCode(), r.body());
  }

  @Test
  void report_cityLevelForCityAdmin_200AndForDistrictAdmin_404() {
    String path = "/api/staff/reports/" + gw.window.id() + query("city", null);
    HttpResponse<String> city = session("city").get(path);
    assertEquals(200, city.statusCode(), city.body());
    assertEquals("全市", new JsonObject(city.body()).getJsonObject("unit").getString("name"));
    assertEquals(404, session("district").get(path).statusCode());
  }

  @Test
  void report_headTeacherAndOps_403() {
    for (String who : List.of("teacher", "ops")) {
      Http session = session(who);
      assertEquals(
          403, session.get("/api/staff/reports/" + gw.window.id() + schoolA()).statusCode(), who);
      assertEquals(
          403,
          session
              .get("/api/staff/reports/" + gw.window.id() + "/export.csv" + schoolA())
              .statusCode(),
          who);
      assertEquals(403, session.get("/api/staff/reports/units").statusCode(), who);
    }
  }

  @Test
  void report_unknownUnitOrWindow_404AndBadLevel_400() {
    Http psy = session("city");
    assertEquals(
        404,
        psy.get("/api/staff/reports/" + gw.window.id() + query("school", 999_999L)).statusCode());
    assertEquals(404, psy.get("/api/staff/reports/424242" + schoolA()).statusCode());
    HttpResponse<String> bad = psy.get("/api/staff/reports/" + gw.window.id() + "?level=planet");
    assertEquals(400, bad.statusCode());
    assertTrue(bad.body().contains("level"), bad.body());
    assertEquals(
        400, psy.get("/api/staff/reports/" + gw.window.id() + "?level=school").statusCode());
  }

  @Test
  void csv_bomAttachmentAndAudited() throws Exception {
    Http psy = session("psy");
    String path = "/api/staff/reports/" + gw.window.id() + "/export.csv" + schoolA();
    HttpResponse<byte[]> r = psy.getBytes(path, "Cookie", cookie("psy"));

    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/csv"));
    assertTrue(
        r.headers().firstValue("content-disposition").orElse("").startsWith("attachment;"),
        r.headers().toString());
    byte[] body = r.body();
    assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Arrays.copyOf(body, 3));
    String text = new String(body, StandardCharsets.UTF_8);
    List<String> lines = Arrays.asList(text.substring(1).split("\r\n"));
    String grade8 =
        lines.stream()
            .filter(l -> l.startsWith("8年级,") && l.split(",").length == 10)
            .findFirst()
            .orElseThrow();
    // F0..F3, M0..M3, total: the seven is withheld, and so is its row partner (the first 10)
    assertEquals("8年级,<10,10,<10,0,10,10,10,0,57", grade8);
    String subject = "window " + gw.window.id() + " level school unit " + a.schoolId();
    assertTrue(auditRows("psy", "export_report_csv", subject, true) >= 1);
  }

  @Test
  void xlsx_readBackEqualsTheJson() throws Exception {
    String base = "/api/staff/reports/" + gw.window.id();
    Http psy = session("psy");
    JsonObject json = new JsonObject(psy.get(base + schoolA()).body());
    HttpResponse<byte[]> r =
        psy.getBytes(base + "/export.xlsx" + schoolA(), "Cookie", cookie("psy"));

    assertEquals(200, r.statusCode());
    assertTrue(
        r.headers().firstValue("content-disposition").orElse("").contains(".xlsx"),
        r.headers().toString());
    JsonObject tiers = json.getJsonObject("tiers");
    try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(r.body()))) {
      List<Row> sheet = wb.findSheet("分级人数").orElseThrow().read();
      JsonArray cells = tiers.getJsonArray("cells");
      // header, grades, totals, then one footnote per grade note (grades 4–6)
      assertEquals(cells.size() + 2 + json.getJsonArray("notes").size(), sheet.size());
      for (int i = 0; i < cells.size(); i++) {
        Row row = sheet.get(i + 1);
        assertEquals(tiers.getJsonArray("rows").getString(i) + "年级", row.getCellText(0));
        JsonArray line = cells.getJsonArray(i);
        for (int c = 0; c < line.size(); c++) {
          assertSameCell(line.getJsonObject(c), row, c + 1);
        }
        assertSameCell(tiers.getJsonArray("rowTotals").getJsonObject(i), row, line.size() + 1);
      }
      List<Row> completion = wb.findSheet("完成情况").orElseThrow().read();
      JsonArray rowsJson = json.getJsonArray("completion");
      for (int i = 0; i < rowsJson.size(); i++) {
        JsonObject c = rowsJson.getJsonObject(i);
        Row row = completion.get(i + 1);
        assertEquals(c.getLong("inScope"), row.getCellAsNumber(1).orElseThrow().longValueExact());
        assertSameCell(c.getJsonObject("screened"), row, 3);
      }
    }
    String subject = "window " + gw.window.id() + " level school unit " + a.schoolId();
    assertTrue(auditRows("psy", "export_report_xlsx", subject, true) >= 1);
    assertTrue(auditRows("psy", "view_report", subject, true) >= 1);
  }

  @Test
  void report_grades4to6CarryTheStaffNote() throws Exception {
    String note = "本地改编表述，界值未在该年龄验证，结果仅供初筛";
    String base = "/api/staff/reports/" + gw.window.id();
    Http district = session("district");
    String q = query("district", a.districtId());
    JsonObject json = new JsonObject(district.get(base + q).body());
    assertTrue(json.getJsonArray("grades").contains(5), json.getJsonArray("grades").encode());
    JsonArray notes = json.getJsonArray("notes");
    assertEquals(1, notes.size(), notes.encode());
    assertEquals(4, notes.getJsonObject(0).getInteger("firstGrade"));
    assertEquals(6, notes.getJsonObject(0).getInteger("lastGrade"));
    assertEquals(note, notes.getJsonObject(0).getString("zh"));

    String footnote = "注：4–6年级：" + note;
    String csv =
        new String(
            district.getBytes(base + "/export.csv" + q, "Cookie", cookie("district")).body(),
            StandardCharsets.UTF_8);
    assertTrue(csv.contains("注意（4–6年级）," + note), csv);
    assertTrue(csv.contains(footnote), csv);
    byte[] xlsx = district.getBytes(base + "/export.xlsx" + q, "Cookie", cookie("district")).body();
    try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
      for (String name : List.of("完成情况", "分级人数", "检出率", "历年对比")) {
        List<Row> sheet = wb.findSheet(name).orElseThrow().read();
        assertEquals(footnote, sheet.get(sheet.size() - 1).getCellText(0), name);
      }
    }
    String html = district.get(base + "/print" + q).body();
    assertTrue(html.contains(footnote), "footnote under the printed tables");
    assertTrue(html.contains("<dt>注意（4–6年级）</dt><dd>" + note + "</dd>"), "and at the top");
  }

  @Test
  void print_htmlWithoutInlineCodeAndAudited() {
    HttpResponse<String> r =
        session("psy").get("/api/staff/reports/" + gw.window.id() + "/print" + schoolA());

    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/html"));
    String html = r.body();
    assertTrue(html.contains("<link rel=\"stylesheet\" href=\"/console/reports.css\">"));
    assertTrue(
        html.contains("<script type=\"module\" src=\"/console/reports-print.js\"></script>"));
    assertFalse(html.contains("style=\""), "no inline style");
    assertFalse(html.contains("<style"), "no style element");
    // every script element is either a src reference or the non-executed JSON data block
    String[] parts = html.split("<script");
    assertEquals(4, parts.length, "the data block and two script files");
    for (String part : Arrays.asList(parts).subList(1, parts.length)) {
      assertTrue(
          part.startsWith(" src=")
              || part.startsWith(" type=\"module\" src=")
              || part.startsWith(" type=\"application/json\""),
          part.substring(0, Math.min(60, part.length())));
    }
    assertTrue(html.contains("<td class=\"n\">&lt;10</td>") || html.contains("<td>&lt;10</td>"));
    assertTrue(r.headers().firstValue("content-security-policy").isPresent());
  }

  @Test
  void units_scopedToTheCaller() {
    JsonObject psy = new JsonObject(session("psy").get("/api/staff/reports/units").body());
    assertEquals(List.of("school"), psy.getJsonArray("levels").getList());
    assertEquals(0, psy.getJsonArray("districts").size());
    assertEquals(1, psy.getJsonArray("schools").size());
    assertEquals(a.schoolId(), psy.getJsonArray("schools").getJsonObject(0).getLong("id"));

    JsonObject district =
        new JsonObject(session("district").get("/api/staff/reports/units").body());
    assertEquals(List.of("district", "school"), district.getJsonArray("levels").getList());
    assertEquals(3, district.getJsonArray("schools").size());

    JsonObject city = new JsonObject(session("city").get("/api/staff/reports/units").body());
    assertEquals(List.of("city", "district", "school"), city.getJsonArray("levels").getList());
    assertEquals(2, city.getJsonArray("districts").size());
    assertEquals(6, city.getJsonArray("schools").size());
    assertFalse(city.getJsonArray("schools").getJsonObject(0).getString("name").isEmpty());
  }

  @Test
  void console_psychologistSeesWithheldCellsChartsAndExportLinks() {
    TestTier.requireFull("Chromium", ReportsApiTest.class, BrowserTest.class);
    Path chromium = Paths.get("/usr/bin/chromium");
    assertTrue(Files.isExecutable(chromium), "browser checks need Debian's chromium");
    try (Playwright playwright =
            Playwright.create(
                new Playwright.CreateOptions()
                    .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        Browser browser =
            playwright
                .chromium()
                .launch(
                    new BrowserType.LaunchOptions()
                        .setExecutablePath(chromium)
                        .setHeadless(true)
                        .setArgs(
                            List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage")));
        BrowserContext context = browser.newContext()) {
      context.setDefaultTimeout(20_000);
      Page page = context.newPage();
      List<String> problems = new ArrayList<>();
      page.onConsoleMessage(
          m -> {
            if ("error".equals(m.type())) {
              problems.add(m.text());
            }
          });
      page.onPageError(problems::add);
      page.onResponse(
          r -> {
            if (r.status() >= 400) {
              problems.add(r.status() + " " + r.url());
            }
          });
      String base = gw.http.base();
      page.navigate(base + "/console/");
      page.getByTestId("staff-username").fill("psy");
      page.getByTestId("staff-password").fill(GatewayFixture.PASSWORD);
      page.getByTestId("staff-login-submit").click();
      page.getByTestId("nav-reports").click();
      problems.clear(); // the shell's session probe before sign-in answers 401 by design
      page.getByTestId("report-window").selectOption(Long.toString(gw.window.id()));
      page.getByTestId("report-level").selectOption("school");
      page.getByTestId("report-unit").selectOption(Long.toString(a.schoolId()));
      page.getByTestId("report-show").click();

      Locator table = page.getByTestId("report-table");
      assertThat(table).isVisible();
      assertThat(table.locator("td.suppressed").first()).hasText("<10");
      assertThat(page.getByTestId("report-chart").locator("canvas").first()).isAttached();
      String csvHref = page.getByTestId("report-export-csv").getAttribute("href");
      assertTrue(csvHref.contains("/export.csv?level=school&unit=" + a.schoolId()), csvHref);
      assertTrue(
          page.getByTestId("report-export-xlsx").getAttribute("href").contains("/export.xlsx?"));
      String printHref = page.getByTestId("report-print").getAttribute("href");

      page.navigate(base + printHref);
      assertThat(page.locator("#chart-tiers svg").first()).isAttached();
      assertThat(page.locator("table.report-table").first()).isVisible();
      assertEquals(List.of(), problems, "no script errors or CSP violations");
    }
  }

  private static void assertSameCell(JsonObject cell, Row row, int column) {
    if (cell.getBoolean("suppressed")) {
      assertEquals("<10", row.getCellText(column), "column " + column);
    } else {
      BigDecimal n = row.getCellAsNumber(column).orElseThrow();
      assertEquals(cell.getLong("n").longValue(), n.longValueExact(), "column " + column);
    }
  }

  /** The session cookie of a fresh sign-in of {@code username}, for byte downloads. */
  private static String cookie(String username) {
    return cookies.computeIfAbsent(username, ReportsApiTest::signIn);
  }

  private static String signIn(String username) {
    HttpResponse<String> login =
        new Http(gw.app.port())
            .postJson(
                "/api/staff/login",
                "{\"username\":\""
                    + username
                    + "\",\"password\":\""
                    + GatewayFixture.PASSWORD
                    + "\"}");
    assertEquals(200, login.statusCode(), login.body());
    return String.join(
        "; ",
        login.headers().allValues("set-cookie").stream().map(c -> c.split(";", 2)[0]).toList());
  }

  private static int auditRows(String username, String action, String subject, boolean ok)
      throws Exception {
    try (Connection c = gw.store.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM audit a JOIN staff_account s ON s.id = a.actor_id"
                    + " WHERE s.username = ? AND a.action = ? AND a.subject = ? AND a.ok = ?")) {
      ps.setString(1, username);
      ps.setString(2, action);
      ps.setString(3, subject);
      ps.setBoolean(4, ok);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
