package org.huxin.gateway.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.testsupport.BrowserTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A psychologist reads a grade 4–6 result in the console with its battery's staff note beside the
 * fired rules, in the archive and in the tier list, and reads no note beside a grade 7–9 result
 * (SCALES.md, Norms: grades 4–6).
 */
@BrowserTest
class StaffNoteBrowserTest {
  private static final String NOTE = "本地改编表述，界值未在该年龄验证，结果仅供初筛";
  private static final double SLOW_MS = 15_000;

  private static GatewayFixture gw;
  private static Chromium chromium;
  private static RosterEntry primary;
  private static RosterEntry secondary;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(StaffNoteBrowserTest.class, Chromium.CALM_ADMISSION);
    primary =
        gw.roster.stream()
            .filter(e -> e.consent() && e.grade() >= 4 && e.grade() <= 6)
            .findFirst()
            .orElseThrow();
    secondary = gw.studentA();
    submit(primary);
    submit(secondary);
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
  void console_grade4to6ResultShowsTheStaffNote() throws Exception {
    try (BrowserContext context =
        chromium
            .browser()
            .newContext(
                new Browser.NewContextOptions().setViewportSize(1366, 900).setLocale("zh-CN"))) {
      context.setDefaultTimeout(SLOW_MS);
      Page page = context.newPage();
      Steps steps = new Steps(page, "staff-note");
      String base = gw.http.base();
      steps.run(
          "01-sign-in",
          () -> {
            page.navigate(base + "/console/");
            page.getByTestId("staff-username").fill("city");
            page.getByTestId("staff-password").fill(GatewayFixture.PASSWORD);
            page.getByTestId("staff-login-submit").click();
            assertThat(page.getByTestId("logout")).isVisible();
          });
      steps.run(
          "02-archive-grade-4-6",
          () -> {
            page.navigate(base + "/console/#/student/" + primary.id());
            assertThat(page.getByTestId("archive-results")).containsText("分数段 10–14");
            assertThat(page.getByTestId("archive-results").locator(".staff-note"))
                .hasText("注：" + NOTE);
          });
      steps.run(
          "03-archive-grade-7-9",
          () -> {
            page.navigate(base + "/console/#/student/" + secondary.id());
            assertThat(page.getByTestId("archive-results")).containsText("中度抑郁症状");
            assertEquals(0, page.getByTestId("archive-results").locator(".staff-note").count());
          });
      steps.run(
          "04-tier-list-grade-4-6",
          () -> {
            page.navigate(base + "/console/#/tiers/" + gw.window.id() + "/" + primary.schoolId());
            assertThat(page.getByTestId("tier-staff-note-" + primary.id())).hasText("注：" + NOTE);
            assertThat(page.getByTestId("tier-row-" + primary.id())).containsText("分数段");
          });
    }
  }

  /** PHQ-9 items 1–4 at 3 (total 12), every other answer at its calmest. */
  private static void submit(RosterEntry student) {
    gw.submitAnswers(
        student,
        (scale, number) ->
            switch (scale) {
              case "phq9" -> number <= 4 ? 3 : 0;
              case "who5" -> 3;
              case "k10" -> 1;
              default -> 0;
            });
  }
}
