package org.huxin.gateway.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.huxin.engine.store.RosterEntry;
import org.huxin.gateway.student.StudentPathTest;
import org.huxin.gateway.testing.GatewayFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A student on a phone-sized screen logs in with the three fields of their slip, answers every item
 * of their questionnaire as a student doing well would, submits and sees the thank-you screen; the
 * result is stored, and the page never shows a risk label.
 */
class StudentPhoneBrowserTest {
  /** Words that would tell a student their risk: the console's tier names and the word itself. */
  private static final List<String> RISK_WORDS =
      List.of("危机", "密切关注", "重点关注", "日常关注", "tier", "Tier");

  private static GatewayFixture gw;
  private static Chromium chromium;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(StudentPhoneBrowserTest.class, Chromium.CALM_ADMISSION);
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
  void screening_phoneViewport() throws Exception {
    RosterEntry student = gw.studentA();
    try (BrowserContext phone = chromium.browser().newContext(phone())) {
      Page page = phone.newPage();
      Steps steps = new Steps(page, "student");

      steps.run(
          "01-login",
          () -> {
            page.navigate(gw.http.base() + "/");
            assertThat(page.getByTestId("view-login")).isVisible();
            page.getByTestId("login-school").fill(student.schoolCode());
            page.getByTestId("login-student").fill(student.studentNo());
            page.getByTestId("login-code").fill(gw.codeOf(student));
            noRiskWords(page);
          });

      steps.run(
          "02-first-scale",
          () -> {
            page.getByTestId("login-submit").click();
            assertThat(page.getByTestId("view-scale")).isVisible();
            noRiskWords(page);
          });

      steps.run(
          "03-mid-questionnaire",
          () -> {
            answerVisibleItems(page);
            page.getByTestId("next").click();
            answerVisibleItems(page);
            noRiskWords(page);
          });

      steps.run(
          "04-last-page",
          () -> {
            int pages = 2;
            while (!page.getByTestId("submit").isVisible()) {
              assertTrue(pages < 20, "the questionnaire never reached its submit button");
              page.getByTestId("next").click();
              answerVisibleItems(page);
              pages++;
            }
            assertTrue(pages >= 3, "a grades 7–9 questionnaire has several scales, saw " + pages);
            noRiskWords(page);
          });

      steps.run(
          "05-done",
          () -> {
            page.getByTestId("submit").click();
            assertThat(page.getByTestId("thanks")).isVisible();
            assertThat(page.getByTestId("receipt")).not().isEmpty();
            assertThat(page.getByTestId("help")).isHidden();
            noRiskWords(page);
          });
    }
    assertEquals(1, resultRows(student), "one stored result for the student");
  }

  private static Browser.NewContextOptions phone() {
    return new Browser.NewContextOptions()
        .setViewportSize(390, 844)
        .setDeviceScaleFactor(3)
        .setIsMobile(true)
        .setHasTouch(true)
        .setLocale("zh-CN");
  }

  /**
   * Answers each item of the page shown, top to bottom, with {@link StudentPathTest#ROUTINE}
   * clamped to the item's options; an item shown only after an earlier answer is answered when it
   * appears.
   */
  private static void answerVisibleItems(Page page) {
    Locator items = page.locator("#items fieldset.item");
    int count = items.count();
    assertTrue(count > 0, "a page of the questionnaire has items");
    for (int i = 0; i < count; i++) {
      Locator item = items.nth(i);
      if (!item.isVisible()) {
        continue;
      }
      String[] id = item.getAttribute("data-testid").split("-", 2);
      String scale = id[1].substring(0, id[1].lastIndexOf('-'));
      int number = Integer.parseInt(id[1].substring(id[1].lastIndexOf('-') + 1));
      Locator options = item.locator("input[type=radio]");
      int min = Integer.MAX_VALUE;
      int max = Integer.MIN_VALUE;
      for (int o = 0; o < options.count(); o++) {
        int value = Integer.parseInt(options.nth(o).getAttribute("value"));
        min = Math.min(min, value);
        max = Math.max(max, value);
      }
      int wanted = Math.max(min, Math.min(max, StudentPathTest.ROUTINE.apply(scale, number)));
      page.getByTestId("q-" + scale + "-" + number + "-" + wanted).check();
    }
  }

  private static void noRiskWords(Page page) {
    String text = page.locator("body").innerText();
    for (String word : RISK_WORDS) {
      assertFalse(text.contains(word), "the student page shows the risk word '" + word + "'");
    }
  }

  private static long resultRows(RosterEntry student) throws SQLException {
    try (Connection c = gw.db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM result WHERE student_id = ?")) {
      ps.setLong(1, student.id());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
