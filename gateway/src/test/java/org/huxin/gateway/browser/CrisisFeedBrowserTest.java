package org.huxin.gateway.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PageAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.huxin.engine.alerts.AlertOutboxStore;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.gateway.student.StudentPathTest;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.gateway.testing.Http;
import org.huxin.testsupport.BrowserTest;
import org.huxin.testsupport.Eventually;
import org.huxin.testsupport.SinkReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's one crisis feed, on a phone-sized screen: a school psychologist watching 实时进度 (not
 * the alerts page) learns within 5 s that a student of her school answered an ASQ positive — the
 * header badge and the tab title count it, the assertive live region announces it — and takes it on
 * from 危机预警, where it shows its level 一般; the count drops to 0. One stream serves every section. A
 * crisis answer left in a draft nobody submits comes in later as 未提交作答. The badge and the level
 * pills keep WCAG AA contrast. A head teacher opens no stream.
 */
@BrowserTest
class CrisisFeedBrowserTest {
  private static final double SLOW_MS = 15_000;
  private static final double FEED_MS = 5_000;
  private static final String STREAM = "/api/staff/alerts/stream";

  /**
   * Counts the EventSources the page opens, by URL, before any page script runs (Playwright injects
   * it outside the page's CSP).
   */
  private static final String COUNT_STREAMS =
      """
      (() => {
        const Native = window.EventSource;
        window.__streams = [];
        window.EventSource = function (url, init) {
          window.__streams.push(String(url));
          return new Native(url, init);
        };
        window.EventSource.prototype = Native.prototype;
        window.EventSource.CONNECTING = Native.CONNECTING;
        window.EventSource.OPEN = Native.OPEN;
        window.EventSource.CLOSED = Native.CLOSED;
      })();
      """;

  /**
   * The WCAG contrast ratio of an element's text against the first opaque background behind it (its
   * own or an ancestor's).
   */
  private static final String CONTRAST =
      """
      (node) => {
        const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
        const lum = ([r, g, b]) => {
          const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
          return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
        };
        let bg = null;
        for (let n = node; n && n.nodeType === 1; n = n.parentElement) {
          const c = rgb(getComputedStyle(n).backgroundColor);
          if (c.length === 3 || (c.length === 4 && c[3] === 1)) { bg = c; break; }
        }
        bg = bg || [255, 255, 255];
        const fg = rgb(getComputedStyle(node).color);
        const a = lum(fg), b = lum(bg);
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      }
      """;

  private static GatewayFixture gw;
  private static Chromium chromium;

  @BeforeAll
  static void start() {
    Map<String, String> env = new HashMap<>(Chromium.CALM_ADMISSION);
    env.put("HUXIN_ALERT_SINK_ALLOW_HTTP", "true"); // the robots here are a local recorder
    gw = GatewayFixture.start(CrisisFeedBrowserTest.class, env);
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
  void psychologistOnProgress_seesNewAlertEverywhere_acknowledges() throws Exception {
    RosterEntry student = gw.studentA(); // of the school whose psychologist is "psy"
    try (BrowserContext context = chromium.browser().newContext(phone())) {
      context.setDefaultTimeout(SLOW_MS);
      // The browser's clock is the gateway's, so "X 分钟后升级到区县" counts from the alert's time.
      context.clock().setFixedTime(GatewayFixture.START.toEpochMilli());
      context.addInitScript(COUNT_STREAMS);
      Page page = context.newPage();
      Steps steps = new Steps(page, "crisis-feed");
      Locator badge = page.getByTestId("crisis-count");
      long[] alertId = new long[1];

      steps.run(
          "01-progress-no-alerts",
          () -> {
            signIn(page, "psy");
            page.getByTestId("nav-progress").click();
            assertThat(page.getByTestId("view")).hasAttribute("data-section", "progress");
            assertThat(page.getByTestId("progress-live")).containsText("实时", slowContains());
            assertThat(badge).isVisible();
            assertThat(badge).hasAttribute("data-count", "0");
            assertThat(badge).not().hasClass(Pattern.compile(".*\\boffline\\b.*"), notOffline());
            assertThat(page).hasTitle("护心 · 工作台");
            assertEquals(1, streams(page), "the shell opens one crisis stream");
          });

      steps.run(
          "02-badge-counts-new-alert",
          () -> {
            submitAsqPositive(student);
            assertThat(badge).hasAttribute("data-count", "1", feedWait());
            assertThat(badge).containsText("1");
            assertThat(page)
                .hasTitle("(1) 护心 · 工作台", new PageAssertions.HasTitleOptions().setTimeout(FEED_MS));
            Locator announce = page.getByTestId("crisis-announce");
            assertThat(announce).hasAttribute("aria-live", "assertive");
            assertThat(announce).containsText("新的危机预警", announced());
            assertThat(announce).containsText("一般", announced());
            assertThat(announce).not().containsText("本辖区学校"); // the school is named
            assertThat(announce).not().containsText(student.studentNo());
            assertEquals(
                "progress", page.getByTestId("view").getAttribute("data-section"), "still on 实时进度");
            alertId[0] = gw.awaitAlertOf(student);
            atLeastAA(badge, "the badge with a pending alert");
            page.getByTestId("crisis-count")
                .screenshot(
                    new Locator.ScreenshotOptions()
                        .setPath(Steps.SCREENSHOTS.resolve("crisis-feed-badge.png")));
          });

      steps.run(
          "03-alerts-page-level",
          () -> {
            badge.click();
            Locator row = page.getByTestId("alert-row-" + alertId[0]);
            assertThat(row).isVisible();
            assertThat(page.getByTestId("alert-level-" + alertId[0])).containsText("一般");
            assertThat(page.getByTestId("alert-source-" + alertId[0])).containsText("已提交结果");
            assertThat(page.getByTestId("alert-due-" + alertId[0]))
                .hasText(Pattern.compile("\\d+ (小时|分钟).*后升级到区县"));
            assertThat(row).containsText(student.studentNo(), slowContains());
            atLeastAA(
                page.getByTestId("alert-level-" + alertId[0]).locator(".crisis-level"),
                "the level pill");
            atLeastAA(
                page.getByTestId("alert-level-" + alertId[0]).locator(".tier"), "the tier pill");
            assertEquals(1, streams(page), "the alerts page uses the shell's stream, opens none");
          });

      steps.run(
          "04-acknowledged",
          () -> {
            page.getByTestId("alert-ack-" + alertId[0]).click();
            assertThat(page.getByTestId("alert-row-" + alertId[0]))
                .hasCount(0, new LocatorAssertions.HasCountOptions().setTimeout(SLOW_MS));
            assertThat(badge).hasAttribute("data-count", "0", feedWait());
            assertThat(page).hasTitle("护心 · 工作台");
            atLeastAA(badge, "the badge at 0");
            assertTrue(
                new AlertOutboxStore(gw.store.dataSource())
                        .find(alertId[0])
                        .orElseThrow()
                        .acknowledgedAt()
                    != null,
                "the alert is acknowledged in the store");
          });

      steps.run(
          "05-one-stream-across-sections",
          () -> {
            for (String section : List.of("tiers", "progress", "alerts", "reports")) {
              page.getByTestId("nav-" + section).click();
              assertThat(page.getByTestId("view")).hasAttribute("data-section", section);
              assertThat(badge).isVisible();
            }
            assertEquals(1, streams(page), "one crisis stream for the whole console");
          });

      steps.run(
          "05b-level-in-tier-list-and-archive",
          () -> {
            page.getByTestId("nav-tiers").click();
            Locator level = page.getByTestId("tier-level-" + student.id());
            assertThat(level).containsText("危机");
            assertThat(level).containsText("一般");
            atLeastAA(level.locator(".crisis-level"), "the tier list's level pill");
            page.getByTestId("tier-row-" + student.id()).getByRole(AriaRole.LINK).first().click();
            Locator results = page.getByTestId("archive-results");
            assertThat(results).containsText("一般");
            atLeastAA(results.locator(".crisis-level"), "the archive's level pill");
            assertEquals(1, streams(page), "still one crisis stream");
          });

      steps.run(
          "06-unsubmitted-draft",
          () -> {
            RosterEntry classmate = classmateOf(student);
            saveRefusedAsqDraft(classmate);
            gw.clock.advance(Duration.ofMinutes(21)); // past HUXIN_UNSUBMITTED_CRISIS_MINUTES (20)
            assertThat(badge)
                .hasAttribute(
                    "data-count",
                    "1",
                    new LocatorAssertions.HasAttributeOptions().setTimeout(SLOW_MS));
            long id = gw.awaitAlertOf(classmate);
            badge.click();
            assertThat(page.getByTestId("alert-source-" + id)).containsText("未提交作答");
            assertThat(page.getByTestId("alert-level-" + id)).containsText("一般");
            assertEquals(1, streams(page), "still one crisis stream");
          });
    }
  }

  /**
   * Issue 12's acceptance path end to end: a psychologist of a school numbered above 127 watches
   * 实时进度; a student of her school answers an ASQ positive; within 5 s her page counts it and 危机预警
   * shows it at 一般; the school's WeCom robot gets one message that names no student; left
   * unacknowledged, it goes to the district's robot and the console marks it 已升级 at 2 h by the
   * injected clock, and not a minute before.
   */
  @Test
  void schoolAbove127_alertReachesConsoleAndPhone_escalatesAtTheLevelsTime() throws Exception {
    gw.clock.set(GatewayFixture.START);
    RosterEntry student = classmates(gw.studentA()).get(3);
    assertTrue(student.schoolId() > 127, "school id " + student.schoolId());
    assertTrue(student.districtId() > 127, "district id " + student.districtId());
    Http city = gw.staffSession("city");
    long alert = -1;
    try (SinkReceiver robots = SinkReceiver.start();
        BrowserContext context = chromium.browser().newContext(phone())) {
      addRobot(city, robots.url("/school?key=s"), student.districtId(), student.schoolId());
      addRobot(city, robots.url("/district?key=d"), student.districtId(), null);
      context.setDefaultTimeout(SLOW_MS);
      context.clock().setFixedTime(GatewayFixture.START.toEpochMilli());
      Page page = context.newPage();
      Steps steps = new Steps(page, "crisis-done-when");
      Locator badge = page.getByTestId("crisis-count");
      signIn(page, "psy");
      page.getByTestId("nav-progress").click();
      assertThat(page.getByTestId("progress-live")).containsText("实时", slowContains());
      int before = Integer.parseInt(badge.getAttribute("data-count"));

      submitAsqPositive(student);
      assertThat(badge).hasAttribute("data-count", Integer.toString(before + 1), feedWait());
      assertEquals("progress", page.getByTestId("view").getAttribute("data-section"));
      alert = gw.awaitAlertOf(student);
      long id = alert;
      steps.run(
          "01-level-general",
          () -> {
            badge.click();
            assertThat(page.getByTestId("alert-level-" + id)).containsText("一般");
          });

      Eventually.await(
          "the school robot's message", Duration.ofSeconds(5), () -> robots.count("/school") == 1);
      String message = robots.received("/school").get(0).body();
      assertTrue(message.contains("危机预警（一般）"), message);
      assertTrue(message.contains("编号：" + id), message);
      assertFalse(message.contains(student.studentNo()), "no student number: " + message);
      for (String word : List.of("ASQ", "自杀", "PHQ", "student")) {
        assertFalse(message.contains(word), word + " in " + message);
      }
      assertEquals(0, robots.count("/district"), "the district hears of it only by escalation");

      gw.clock.set(GatewayFixture.START.plus(Duration.ofHours(2)).minusSeconds(60));
      Thread.sleep(2_000); // four escalator passes
      assertEquals(0, robots.count("/district"), "not a minute before 一般's 2 hours");
      assertNull(new AlertOutboxStore(gw.store.dataSource()).find(id).orElseThrow().escalatedAt());

      gw.clock.set(GatewayFixture.START.plus(Duration.ofHours(2)));
      Eventually.await(
          "the district robot's escalation",
          Duration.ofSeconds(10),
          () -> robots.count("/district") == 1);
      String escalation = robots.received("/district").get(0).body();
      assertTrue(escalation.contains("【升级】"), escalation);
      assertTrue(escalation.contains("编号：" + id), escalation);
      assertFalse(escalation.contains(student.studentNo()), escalation);
      assertEquals(
          GatewayFixture.START.plus(Duration.ofHours(2)),
          new AlertOutboxStore(gw.store.dataSource()).find(id).orElseThrow().escalatedAt());
      steps.run(
          "02-escalated",
          () ->
              assertThat(page.getByTestId("alert-due-" + id))
                  .containsText(
                      "已升级", new LocatorAssertions.ContainsTextOptions().setTimeout(SLOW_MS)));
      assertEquals(1, robots.count("/school"), "the school's robot had it once");
    } finally {
      if (alert > 0) {
        city.postJson("/api/staff/alerts/" + alert + "/ack", "{}");
      }
      gw.clock.set(GatewayFixture.START);
    }
  }

  private static void addRobot(Http admin, String url, long districtId, Long schoolId) {
    JsonObject body =
        new JsonObject()
            .put("kind", "wecom")
            .put("name", schoolId == null ? "区县值班群" : "学校心理组")
            .put("districtId", districtId)
            .put("url", url);
    if (schoolId != null) {
      body.put("schoolId", schoolId);
    }
    HttpResponse<String> r = admin.postJson("/api/staff/alert-channels", body.encode());
    assertEquals(201, r.statusCode(), r.body());
  }

  /** Consenting grade 7–9 students of {@code student}'s school, {@code student} first. */
  private static List<RosterEntry> classmates(RosterEntry student) {
    return gw.roster.stream()
        .filter(e -> e.schoolId() == student.schoolId())
        .filter(e -> e.consent() && e.grade() >= 7 && e.grade() <= 9)
        .toList();
  }

  @Test
  void headTeacher_opensNoStream() throws Exception {
    try (BrowserContext context = chromium.browser().newContext(phone())) {
      context.setDefaultTimeout(SLOW_MS);
      context.addInitScript(COUNT_STREAMS);
      Page page = context.newPage();
      new Steps(page, "crisis-feed-teacher")
          .run(
              "01-no-feed",
              () -> {
                signIn(page, "teacher");
                assertThat(page.getByTestId("nav-followup")).isVisible();
                assertThat(page.getByTestId("crisis-count")).isHidden();
                assertEquals(0, streams(page), "a head teacher has no crisis feed");
                assertThat(page.getByTestId("error-banner")).isHidden();
              });
    }
  }

  private static Browser.NewContextOptions phone() {
    return new Browser.NewContextOptions()
        .setViewportSize(390, 844)
        .setDeviceScaleFactor(2)
        .setIsMobile(true)
        .setHasTouch(true)
        .setLocale("zh-CN")
        .setTimezoneId("Asia/Shanghai");
  }

  private static void signIn(Page page, String username) {
    page.navigate(gw.http.base() + "/console/");
    page.getByTestId("staff-username").fill(username);
    page.getByTestId("staff-password").fill(GatewayFixture.PASSWORD);
    page.getByTestId("staff-login-submit").click();
    assertThat(page.getByTestId("logout")).isVisible();
  }

  /** How many crisis streams the page has opened since it loaded. */
  private static int streams(Page page) {
    Object urls = page.evaluate("() => window.__streams");
    return (int) ((List<?>) urls).stream().filter(u -> String.valueOf(u).endsWith(STREAM)).count();
  }

  private static void atLeastAA(Locator node, String what) {
    double ratio = ((Number) node.first().evaluate(CONTRAST)).doubleValue();
    assertTrue(ratio >= 4.5, what + " has text contrast " + ratio + ", below WCAG AA 4.5:1");
  }

  /**
   * {@code student} signs in and submits an ASQ positive with a "no" to item 5 (一般, general): ASQ
   * item 1 yes, everything else 0.
   */
  private static void submitAsqPositive(RosterEntry student) {
    HttpResponse<String> login = gw.http.postJson("/api/student/login", gw.loginBody(student));
    assertEquals(200, login.statusCode(), "student login: " + login.body());
    JsonObject session = new JsonObject(login.body());
    JsonObject questionnaire =
        new JsonObject(gw.http.get(session.getString("questionnaire")).body());
    JsonObject body =
        new JsonObject()
            .put("idempotencyKey", UUID.randomUUID().toString())
            .put("locale", "zh-CN")
            .put("startedAt", gw.clock.instant().minusSeconds(300).toString())
            .put(
                "answers",
                StudentPathTest.answers(
                    questionnaire, (scale, item) -> scale.equals("asq") && item == 1 ? 1 : 0));
    HttpResponse<String> submit =
        gw.http.postJson(
            "/api/student/submit",
            body.encode(),
            "Authorization",
            "Bearer " + session.getString("token"));
    assertEquals(200, submit.statusCode(), "student submit: " + submit.body());
  }

  /** Another consenting grade 7–9 student of {@code student}'s school. */
  private static RosterEntry classmateOf(RosterEntry student) {
    return gw.roster.stream()
        .filter(e -> e.schoolId() == student.schoolId() && e.id() != student.id())
        .filter(e -> e.consent() && e.grade() >= 7 && e.grade() <= 9)
        .findFirst()
        .orElseThrow();
  }

  /**
   * {@code student} signs in and saves a draft that refuses ASQ item 1 (a positive), and no more.
   */
  private static void saveRefusedAsqDraft(RosterEntry student) {
    HttpResponse<String> login = gw.http.postJson("/api/student/login", gw.loginBody(student));
    assertEquals(200, login.statusCode(), "student login: " + login.body());
    String token = new JsonObject(login.body()).getString("token");
    JsonObject draft =
        new JsonObject()
            .put("seq", 1)
            .put("page", 3)
            .put(
                "answers",
                new JsonObject()
                    .put(
                        "asq",
                        new JsonArray().add("refused").addNull().addNull().addNull().addNull()));
    HttpResponse<String> saved =
        gw.http.put("/api/student/draft", draft.encode(), "Authorization", "Bearer " + token);
    assertEquals(200, saved.statusCode(), "draft save: " + saved.body());
  }

  private static LocatorAssertions.HasAttributeOptions feedWait() {
    return new LocatorAssertions.HasAttributeOptions().setTimeout(FEED_MS);
  }

  private static LocatorAssertions.ContainsTextOptions announced() {
    return new LocatorAssertions.ContainsTextOptions().setTimeout(FEED_MS);
  }

  private static LocatorAssertions.HasClassOptions notOffline() {
    return new LocatorAssertions.HasClassOptions().setTimeout(SLOW_MS);
  }

  private static LocatorAssertions.ContainsTextOptions slowContains() {
    return new LocatorAssertions.ContainsTextOptions().setTimeout(SLOW_MS);
  }
}
