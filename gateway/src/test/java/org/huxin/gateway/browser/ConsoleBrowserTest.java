package org.huxin.gateway.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.huxin.engine.alerts.Alert;
import org.huxin.engine.alerts.AlertOutboxStore;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.roster.RosterStore;
import org.huxin.engine.windows.Window;
import org.huxin.engine.windows.WindowStatus;
import org.huxin.engine.windows.WindowStore;
import org.huxin.gateway.auth.AccessCodes;
import org.huxin.gateway.student.StudentPathTest;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.testsupport.BrowserTest;
import org.huxin.testsupport.Eventually;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A city administrator's day in the staff console, step by step against the console's {@code
 * data-testid} contract: import a roster, create and open a window for it, watch the live count
 * move when one of its students submits, acknowledge that student's crisis alert, record a
 * follow-up in their archive, and export the report as CSV.
 *
 * <p>The browser's clock is pinned to the gateway's ({@link GatewayFixture#START}), so dates the
 * page proposes and the dates the server checks agree.
 */
@BrowserTest
class ConsoleBrowserTest {
  private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  private static final String SCHOOL = "BT01";
  private static final String WINDOW_NAME = "浏览器测试 初一初二";
  private static final String NOTE = "已约谈，家长已知情";
  private static final double SLOW_MS = 15_000;
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Pattern NUMBERS_ONLY = Pattern.compile("[\\d.,%<—-]*");

  /**
   * Six students of a new junior school in a new district, grades 7 and 8, all consenting: the
   * header row of the console's {@code roster-template.csv} (Chinese, with a byte-order mark, as
   * Excel saves it) and the values a school's office would type.
   */
  private static final String ROSTER =
      "\uFEFF"
          + """
          区县代码,区县,学校代码,学校,学段,年级,班级,学号,姓名,性别,出生年份,监护人同意
          BTD,浏览器测试区,BT01,浏览器测试中学,初中,7,1班,BT0701,测试甲,女,2013,是
          BTD,浏览器测试区,BT01,浏览器测试中学,初中,7,1班,BT0702,测试乙,男,2013,是
          BTD,浏览器测试区,BT01,浏览器测试中学,初中,7,2班,BT0703,测试丙,女,2013,是
          BTD,浏览器测试区,BT01,浏览器测试中学,初中,8,1班,BT0801,测试丁,男,2012,是
          BTD,浏览器测试区,BT01,浏览器测试中学,初中,8,1班,BT0802,测试戊,女,2012,是
          BTD,浏览器测试区,BT01,浏览器测试中学,初中,8,2班,BT0803,测试己,男,2012,是
          """;

  private static GatewayFixture gw;
  private static Chromium chromium;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(ConsoleBrowserTest.class, Chromium.CALM_ADMISSION);
    chromium = Chromium.launch();
  }

  @AfterAll
  static void stop() {
    try {
      if (chromium != null) {
        chromium.close();
      }
    } finally {
      gw.close();
    }
  }

  @Test
  void adminDay_importOpenWatchAcknowledgeFollowUpExport(@TempDir Path temp) throws Exception {
    Path csv = temp.resolve("roster.csv");
    Files.writeString(csv, ROSTER, StandardCharsets.UTF_8);
    try (BrowserContext context =
        chromium
            .browser()
            .newContext(
                new Browser.NewContextOptions()
                    .setViewportSize(1366, 900)
                    .setLocale("zh-CN")
                    .setTimezoneId(ZONE.getId())
                    .setAcceptDownloads(true))) {
      context.setDefaultTimeout(SLOW_MS);
      context.clock().setFixedTime(GatewayFixture.START.toEpochMilli());
      Page page = context.newPage();
      Steps steps = new Steps(page, "console");
      String base = gw.http.base();
      long[] windowId = new long[1];
      RosterEntry[] crisis = new RosterEntry[1];

      steps.run(
          "01-sign-in",
          () -> {
            page.navigate(base + "/console/");
            page.getByTestId("staff-username").fill("city");
            page.getByTestId("staff-password").fill("not the password");
            page.getByTestId("staff-login-submit").click();
            assertThat(page.locator("#error")).containsText("用户名或密码不正确", slowContains());
            page.getByTestId("staff-password").fill(GatewayFixture.PASSWORD);
            page.getByTestId("staff-login-submit").click();
            assertThat(page.getByTestId("nav-roster")).isVisible();
            assertThat(page.getByTestId("logout")).isVisible();
          });

      steps.run(
          "02-roster-import",
          () -> {
            page.getByTestId("nav-roster").click();
            page.getByTestId("roster-file").setInputFiles(csv);
            page.getByTestId("roster-upload").click();
            assertThat(page.getByTestId("roster-result")).isVisible(slow());
            assertThat(page.getByTestId("roster-result")).containsText("6");
            assertThat(page.getByTestId("roster-errors")).isHidden();
            List<RosterEntry> imported = imported();
            assertEquals(6, imported.size(), "students of " + SCHOOL + " in the roster");
            crisis[0] =
                imported.stream().filter(s -> s.studentNo().equals("BT0701")).findFirst().get();
          });

      steps.run(
          "03-window-create",
          () -> {
            page.getByTestId("nav-windows").click();
            page.getByTestId("window-new").click();
            page.getByTestId("window-name").fill(WINDOW_NAME);
            set(page.getByTestId("window-min-grade"), "7");
            set(page.getByTestId("window-max-grade"), "8");
            Locator opens = page.getByTestId("window-opens");
            opens.fill(dateTime(opens, GatewayFixture.START.minus(Duration.ofDays(1))));
            Locator closes = page.getByTestId("window-closes");
            closes.fill(dateTime(closes, GatewayFixture.START.plus(Duration.ofDays(7))));
            page.getByTestId("window-create").click();
            Window created =
                Eventually.await(
                    "the window '" + WINDOW_NAME + "' to be stored",
                    WAIT,
                    ConsoleBrowserTest::ours);
            windowId[0] = created.id();
            assertThat(page.getByTestId("window-row-" + created.id())).isVisible();
          });

      steps.run(
          "04-window-open",
          () -> {
            page.getByTestId("window-open-" + windowId[0]).click();
            Eventually.await(
                "window " + windowId[0] + " to be open",
                WAIT,
                () -> ours().filter(w -> w.status() == WindowStatus.OPEN));
            assertThat(page.getByTestId("window-status-" + windowId[0])).not().isEmpty();
            assertThat(page.getByTestId("error-banner")).isHidden();
          });

      steps.run(
          "05-progress-zero",
          () -> {
            page.getByTestId("nav-progress").click();
            page.getByTestId("progress-window").selectOption(Long.toString(windowId[0]));
            assertThat(page.getByTestId("progress-live")).containsText("实时", slowContains());
            assertThat(page.getByTestId("progress-submitted")).hasText("0", slowText());
          });

      steps.run(
          "06-progress-live",
          () -> {
            submitCrisis(crisis[0], windowId[0]);
            assertThat(page.getByTestId("progress-submitted")).hasText("1", slowText());
          });

      steps.run(
          "07-alert-acknowledge",
          () -> {
            Alert alert =
                Eventually.await(
                    "a crisis alert for the student",
                    WAIT,
                    () ->
                        new AlertOutboxStore(gw.store.dataSource())
                            .pending(null, null, 1000).stream()
                                .filter(a -> a.studentId() == crisis[0].id())
                                .findFirst());
            page.getByTestId("nav-alerts").click();
            Locator row = page.getByTestId("alert-row-" + alert.id());
            assertThat(row).isVisible(slow());
            page.getByTestId("alert-ack-" + alert.id()).click();
            assertThat(row)
                .hasCount(0, new LocatorAssertions.HasCountOptions().setTimeout(SLOW_MS));
            assertTrue(
                new AlertOutboxStore(gw.store.dataSource())
                        .find(alert.id())
                        .orElseThrow()
                        .acknowledgedAt()
                    != null,
                "the alert is acknowledged in the store");
          });

      steps.run(
          "08-archive-follow-up",
          () -> {
            page.navigate(base + "/console/#/student/" + crisis[0].id());
            assertThat(page.getByTestId("archive-results")).isVisible(slow());
            // K10 all "none of the time" (raw 10): T with the norm's label, no curve percentile
            assertThat(page.getByTestId("archive-results"))
                .containsText("/ 最低分 · 全国常模（9–18岁、分性别）", slowContains());
            assertThat(page.getByTestId("archive-results"))
                .containsText("全国常模（9–18岁、分性别）（k10-cn-2023@2.0.0）", slowContains());
            page.getByTestId("followup-action").selectOption("interview");
            page.getByTestId("followup-note").fill(NOTE);
            page.getByTestId("followup-record").click();
            assertThat(page.getByTestId("followup-ledger")).containsText(NOTE, slowContains());
          });

      steps.run(
          "09-report-export",
          () -> {
            page.getByTestId("nav-reports").click();
            page.getByTestId("report-window").selectOption(Long.toString(windowId[0]));
            page.getByTestId("report-level").selectOption("city");
            page.getByTestId("report-show").click();
            assertThat(page.getByTestId("report-table")).isVisible(slow());
            Download download =
                page.waitForDownload(() -> page.getByTestId("report-export-csv").click());
            Path saved = Steps.SCREENSHOTS.resolve("console-09-report.csv");
            download.saveAs(saved);
            String content = Files.readString(saved, StandardCharsets.UTF_8).replace("\uFEFF", "");
            List<String> lines = content.lines().filter(l -> !l.isBlank()).toList();
            assertTrue(lines.size() >= 2, "a header row and rows, got " + lines);
            String first = lines.get(0);
            assertTrue(
                first.split(",").length >= 2 && !NUMBERS_ONLY.matcher(first).matches(),
                "the CSV opens with a header row, got: " + first);
            assertTrue(
                lines.stream().anyMatch(l -> l.startsWith("年级,")),
                "the CSV has a table whose header row starts with 年级: " + lines);
            assertTrue(content.contains(WINDOW_NAME), "the CSV names its window");
          });

      steps.run(
          "10-followup-pages",
          () -> {
            gw.roster.stream()
                .filter(s -> !s.schoolCode().equals(SCHOOL))
                .limit(501)
                .forEach(s -> gw.storeResult(s, "self", 2));
            page.getByTestId("nav-followup").click();
            Locator rows = page.getByTestId("cases-table").locator("tbody tr");
            assertThat(rows)
                .hasCount(500, new LocatorAssertions.HasCountOptions().setTimeout(SLOW_MS));
            assertThat(page.getByTestId("cases-summary")).containsText("已显示 500 个");
            page.getByTestId("cases-more").click();
            assertThat(page.getByTestId("cases-more"))
                .isHidden(new LocatorAssertions.IsHiddenOptions().setTimeout(SLOW_MS));
            int all = rows.count();
            assertTrue(all >= 502, "501 cases and the crisis student's, got " + all);
            assertThat(page.getByTestId("cases-summary")).containsText("未结案：" + all + " 个");
            assertThat(page.getByTestId("cases-summary")).not().containsText("已显示");
          });
    }
  }

  /** Students of the imported school, as the store has them. */
  private static List<RosterEntry> imported() {
    return new RosterStore(gw.store.dataSource())
        .loadRoster().stream().filter(s -> s.schoolCode().equals(SCHOOL)).toList();
  }

  /** The window this test created, if it is stored yet. */
  private static Optional<Window> ours() {
    return new WindowStore(gw.store.dataSource())
        .list().stream().filter(w -> w.name().equals(WINDOW_NAME)).findFirst();
  }

  /**
   * {@code student} signs in to window {@code windowId} with their access code and submits a
   * crisis: PHQ-9 item 9 ("thoughts that you would be better off dead") answered 3, all else 0.
   */
  private static void submitCrisis(RosterEntry student, long windowId) {
    Window window = new WindowStore(gw.store.dataSource()).find(windowId).orElseThrow();
    String code = AccessCodes.code(window.codeSecret(), window.id(), student.id());
    HttpResponse<String> login =
        gw.http.postJson(
            "/api/student/login",
            GatewayFixture.loginBody(student.schoolCode(), student.studentNo(), code));
    assertEquals(200, login.statusCode(), "student login: " + login.body());
    JsonObject session = new JsonObject(login.body());
    HttpResponse<String> questionnaire = gw.http.get(session.getString("questionnaire"));
    assertEquals(200, questionnaire.statusCode(), "questionnaire: " + questionnaire.body());
    JsonObject body =
        new JsonObject()
            .put("idempotencyKey", UUID.randomUUID().toString())
            .put("locale", "zh-CN")
            .put("startedAt", gw.clock.instant().minusSeconds(300).toString())
            .put(
                "answers",
                StudentPathTest.answers(
                    new JsonObject(questionnaire.body()),
                    (scale, item) -> scale.equals("phq9") && item == 9 ? 3 : 0));
    HttpResponse<String> submit =
        gw.http.postJson(
            "/api/student/submit",
            body.encode(),
            "Authorization",
            "Bearer " + session.getString("token"));
    assertEquals(200, submit.statusCode(), "student submit: " + submit.body());
  }

  /** Fills a text or number input, or picks the option of a select. */
  private static void set(Locator field, String value) {
    if ("SELECT".equals(field.evaluate("e => e.tagName"))) {
      field.selectOption(value);
    } else {
      field.fill(value);
    }
  }

  /** {@code at} written the way the input takes it: a date, a local date-time, or an instant. */
  private static String dateTime(Locator input, Instant at) {
    LocalDateTime local = LocalDateTime.ofInstant(at, ZONE);
    String type = Optional.ofNullable(input.getAttribute("type")).orElse("text");
    return switch (type) {
      case "date" -> local.toLocalDate().toString();
      case "datetime-local" -> local.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm"));
      default -> at.toString();
    };
  }

  private static LocatorAssertions.IsVisibleOptions slow() {
    return new LocatorAssertions.IsVisibleOptions().setTimeout(SLOW_MS);
  }

  private static LocatorAssertions.HasTextOptions slowText() {
    return new LocatorAssertions.HasTextOptions().setTimeout(SLOW_MS);
  }

  private static LocatorAssertions.ContainsTextOptions slowContains() {
    return new LocatorAssertions.ContainsTextOptions().setTimeout(SLOW_MS);
  }
}
