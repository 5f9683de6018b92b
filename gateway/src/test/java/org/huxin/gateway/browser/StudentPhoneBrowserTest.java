package org.huxin.gateway.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.gateway.student.StudentPathTest;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.testsupport.BrowserTest;
import org.huxin.testsupport.Eventually;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Students on a phone-sized screen log in with the three fields of their slip, answer every item of
 * their questionnaire and submit. A student doing well sees the thank-you screen with the "需要帮助时"
 * block and nothing more; a student who would rather not answer an ASQ question is asked the acuity
 * question next (a refusal counts as yes), can resume on another device from the server draft, and
 * gets the personal message above the help block; a student who says yes to ASQ item 5 gets the
 * directive message first of all, as an alert. No page ever shows a risk label, a tier or a score.
 */
@BrowserTest
class StudentPhoneBrowserTest {
  /** Words that would tell a student their risk: the console's tier names and the word itself. */
  private static final List<String> RISK_WORDS =
      List.of("危机", "密切关注", "重点关注", "日常关注", "tier", "Tier");

  /**
   * What a thank-you page must never say, beyond {@link #RISK_WORDS}: risk (风险, which also covers
   * 自杀风险), the crisis levels 严重 and 重大 (一般 is an everyday word, checked as 一般危机 by 危机), and any
   * score or result.
   */
  private static final List<String> THANKS_FORBIDDEN =
      List.of("风险", "自杀", "严重", "重大", "得分", "分数", "总分", "结果", "score", "Score", "risk", "Risk");

  /** The personal and directive messages' titles (HelpContacts). */
  private static final String PERSONAL_TITLE = "谢谢你告诉我们";

  private static final String DIRECTIVE_TITLE = "请现在就告诉身边的老师或大人";

  /**
   * An answer the helpers below give instead of the routine one: an option's value or "refused".
   */
  @FunctionalInterface
  private interface Choice {
    /** The value to choose for this item, or null for the routine answer. */
    String of(String scale, int number);
  }

  private static final Choice ROUTINE = (scale, number) -> null;

  private static final double SLOW_MS = 15_000;

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
          "02-privacy-notice",
          () -> {
            page.getByTestId("login-submit").click();
            assertThat(page.getByTestId("view-assent")).isVisible();
            assertThat(page.getByTestId("assent-who")).containsText("心理老师");
            assertThat(page.getByTestId("assent-kept")).containsText("保存期限");
            assertThat(page.getByTestId("assent-start")).isDisabled();
            noRiskWords(page);
          });

      steps.run(
          "02-first-scale",
          () -> {
            page.getByTestId("assent-check").check();
            page.getByTestId("assent-start").click();
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
            helpBlockShown(page);
            assertThat(page.getByTestId("thanks-message")).hasCount(0);
            noRiskWords(page);
            nothingOfTheResult(page);
          });
    }
    assertEquals(1, resultRows(student), "one stored result for the student");
    assertEquals(1, assentRows(student), "the assent went with the submit");
  }

  /**
   * A grade 7 student would rather not answer ASQ item 3: the refusal is a radio of the item's own
   * group with its own label, and it opens item 5 as a yes would. The server draft carries the
   * refusal to a second phone, where the student answers item 5 "no", submits and reads the
   * personal message above the help block.
   */
  @Test
  void refusal_asqItem3_asksItem5_resumesElsewhere_personalMessage() throws Exception {
    RosterEntry student = grade7(1);
    try (BrowserContext first = chromium.browser().newContext(phone());
        BrowserContext second = chromium.browser().newContext(phone())) {
      Page page = first.newPage();
      Steps steps = new Steps(page, "student-refusal");
      Choice refuseItem3 = (scale, number) -> scale.equals("asq") && number == 3 ? "refused" : null;

      steps.run(
          "01-asq-page",
          () -> {
            logIn(page, student);
            answerUntilScale(page, "asq");
            assertThat(page.getByTestId("item-asq-5")).isHidden();
          });

      steps.run(
          "02-refuse-item-3",
          () -> {
            Locator item3 = page.getByTestId("item-asq-3");
            Locator refusal =
                item3.getByRole(AriaRole.RADIO, new Locator.GetByRoleOptions().setName("不想回答"));
            assertThat(refusal).hasCount(1);
            assertEquals(
                item3.locator("input[value='0']").getAttribute("name"),
                refusal.getAttribute("name"),
                "the refusal is one more radio of the item's group");
            answerVisibleItems(page, refuseItem3);
            assertThat(refusal).isChecked();
            assertThat(page.getByTestId("item-asq-5")).isVisible();
            String token =
                (String)
                    page.evaluate(
                        "() => JSON.parse(sessionStorage.getItem('huxin.session')).token");
            JsonArray asq =
                serverDraftOfAsq(
                    token,
                    a ->
                        "refused".equals(a.getValue(2))
                            && Integer.valueOf(0).equals(a.getValue(4)));
            assertEquals("refused", asq.getValue(2), "the draft carries the refusal: " + asq);
            assertEquals(0, asq.getValue(4), "and item 5, asked after it: " + asq);
            noRiskWords(page);
          });

      Page other = second.newPage();
      Steps elsewhere = new Steps(other, "student-refusal");
      elsewhere.run(
          "03-resumed-on-another-phone",
          () -> {
            logIn(other, student);
            assertThat(other.getByTestId("item-asq-3")).isVisible();
            assertThat(other.getByTestId("q-asq-3-refused")).isChecked();
            assertThat(other.getByTestId("item-asq-5")).isVisible();
            other.getByTestId("q-asq-5-0").check();
            answerToTheEnd(other, refuseItem3);
          });

      elsewhere.run(
          "04-thanks-personal",
          () -> {
            other.getByTestId("submit").click();
            assertThat(other.getByTestId("thanks")).isVisible();
            Locator message = other.getByTestId("thanks-message");
            assertThat(message).isVisible();
            assertThat(message).hasAttribute("data-kind", "personal");
            assertThat(message).containsText(PERSONAL_TITLE);
            assertThat(message).not().hasAttribute("role", "alert");
            helpBlockShown(other);
            assertTrue(
                above(message, other.getByTestId("help")),
                "the message stands above the help block");
            noRiskWords(other);
            nothingOfTheResult(other);
          });
    }
    assertEquals(1, resultRows(student), "one stored result for the student");
    assertEquals(1, crisisLevel(student), "a refused ASQ item with item 5 no is 一般 (general)");
  }

  /**
   * A grade 7 student says yes to ASQ item 1 and to item 5 ("right now"): the directive message is
   * the first thing on the thank-you page, as an alert, above the thanks and the help block.
   */
  @Test
  void asqItem5Yes_directiveMessageFirst() throws Exception {
    RosterEntry student = grade7(2);
    try (BrowserContext phone = chromium.browser().newContext(phone())) {
      Page page = phone.newPage();
      Steps steps = new Steps(page, "student-directive");
      Choice acute =
          (scale, number) -> scale.equals("asq") && (number == 1 || number == 5) ? "1" : null;

      steps.run(
          "01-answered",
          () -> {
            logIn(page, student);
            answerToTheEnd(page, acute);
            noRiskWords(page);
          });

      steps.run(
          "02-thanks-directive",
          () -> {
            page.getByTestId("submit").click();
            assertThat(page.getByTestId("thanks")).isVisible();
            Locator message = page.getByTestId("thanks-message");
            assertThat(message).isVisible();
            assertThat(message).hasAttribute("data-kind", "directive");
            assertThat(message).hasAttribute("role", "alert");
            assertThat(message).containsText(DIRECTIVE_TITLE);
            helpBlockShown(page);
            Locator heading = page.locator("section[data-view=thanks] h1.view-heading");
            assertTrue(above(message, heading), "the directive message comes before the thanks");
            assertTrue(above(message, page.getByTestId("help")), "and before the help block");
            noRiskWords(page);
            nothingOfTheResult(page);
          });

      steps.run(
          "03-reload-keeps-it",
          () -> {
            page.reload();
            assertThat(page.getByTestId("thanks")).isVisible();
            assertThat(page.getByTestId("thanks-message")).hasAttribute("data-kind", "directive");
            helpBlockShown(page);
          });
    }
    assertEquals(3, crisisLevel(student), "ASQ item 5 yes is 重大 (major)");
  }

  /**
   * A student whose form was submitted from another device signs in again: the thank-you page with
   * the generic help block and the national lines, no message and no receipt.
   */
  @Test
  void signInAfterSubmit_thanksWithGenericHelp() throws Exception {
    RosterEntry student = grade7(3);
    gw.submitCrisis(student);
    try (BrowserContext phone = chromium.browser().newContext(phone())) {
      Page page = phone.newPage();
      Steps steps = new Steps(page, "student-again");
      steps.run(
          "01-thanks-again",
          () -> {
            logIn(page, student, "thanks");
            assertThat(page.getByTestId("thanks")).isVisible();
            helpBlockShown(page);
            assertThat(page.getByTestId("help-contacts")).containsText("12356");
            assertThat(page.getByTestId("help-contacts")).containsText("400-161-9995");
            assertThat(page.getByTestId("help-contacts")).containsText("120");
            assertThat(page.getByTestId("thanks-message")).hasCount(0);
            noRiskWords(page);
            nothingOfTheResult(page);
          });
    }
  }

  /**
   * The ASQ answers of the student's server draft, polled for up to 10 s until {@code until} holds
   * (the page saves a little after the last answer).
   */
  private static JsonArray serverDraftOfAsq(String token, Predicate<JsonArray> until) {
    return Eventually.await(
        "the server draft holding the ASQ answers",
        Duration.ofSeconds(10),
        () -> {
          HttpResponse<String> r =
              gw.http.get("/api/student/draft", "Authorization", "Bearer " + token);
          if (r.statusCode() != 200) {
            return Optional.empty();
          }
          JsonArray asq = new JsonObject(r.body()).getJsonObject("answers").getJsonArray("asq");
          return Optional.ofNullable(asq).filter(until);
        });
  }

  /** The n-th consenting grade 7 student other than {@link GatewayFixture#studentA}. */
  private static RosterEntry grade7(int n) {
    RosterEntry a = gw.studentA();
    return gw.roster.stream()
        .filter(e -> e.consent() && e.grade() == 7 && e.id() != a.id())
        .skip(n)
        .findFirst()
        .orElseThrow();
  }

  /** Signs {@code student} in on {@code page} and waits for the questionnaire. */
  private static void logIn(Page page, RosterEntry student) {
    logIn(page, student, "scale");
  }

  /** Signs {@code student} in on {@code page} and waits for the view named {@code view}. */
  private static void logIn(Page page, RosterEntry student, String view) {
    page.navigate(gw.http.base() + "/");
    assertThat(page.getByTestId("view-login")).isVisible();
    page.getByTestId("login-school").fill(student.schoolCode());
    page.getByTestId("login-student").fill(student.studentNo());
    page.getByTestId("login-code").fill(gw.codeOf(student));
    page.getByTestId("login-submit").click();
    if (!view.equals("notice") && !view.equals("login")) {
      // The privacy notice comes first for a student's own form, once per window.
      page.waitForSelector(
          "body[data-view='assent'], body[data-view='" + view + "']",
          new Page.WaitForSelectorOptions().setTimeout(SLOW_MS));
      if ("assent".equals(page.locator("body").getAttribute("data-view"))) {
        page.getByTestId("assent-check").check();
        page.getByTestId("assent-start").click();
      }
    }
    assertThat(page.locator("body"))
        .hasAttribute(
            "data-view", view, new LocatorAssertions.HasAttributeOptions().setTimeout(SLOW_MS));
  }

  /** Answers pages routinely until the page of {@code scale} is shown. */
  private static void answerUntilScale(Page page, String scale) {
    for (int pages = 0; page.getByTestId("item-" + scale + "-1").count() == 0; pages++) {
      assertTrue(pages < 20, "the questionnaire has no scale " + scale);
      answerVisibleItems(page, ROUTINE);
      page.getByTestId("next").click();
    }
  }

  /** Answers this page and every later one with {@code choice}, stopping at the submit button. */
  private static void answerToTheEnd(Page page, Choice choice) {
    answerVisibleItems(page, choice);
    for (int pages = 0; !page.getByTestId("submit").isVisible(); pages++) {
      assertTrue(pages < 20, "the questionnaire never reached its submit button");
      page.getByTestId("next").click();
      answerVisibleItems(page, choice);
    }
  }

  /** The help block with its title and at least one line to call. */
  private static void helpBlockShown(Page page) {
    assertThat(page.getByTestId("help")).isVisible();
    assertThat(page.getByTestId("help-title")).hasText("需要帮助时");
    assertThat(page.getByTestId("help-phone").first()).isVisible();
  }

  /** Whether {@code a} is laid out above {@code b}. */
  private static boolean above(Locator a, Locator b) {
    return a.boundingBox().y + a.boundingBox().height <= b.boundingBox().y + 1;
  }

  private static void nothingOfTheResult(Page page) {
    String text = page.locator("body").innerText();
    for (String word : THANKS_FORBIDDEN) {
      assertFalse(text.contains(word), "the thank-you page says '" + word + "'");
    }
    String html = page.content();
    assertFalse(html.contains("tier"), "the thank-you page's markup names a tier");
  }

  private static Browser.NewContextOptions phone() {
    return new Browser.NewContextOptions()
        .setViewportSize(390, 844)
        .setDeviceScaleFactor(3)
        .setIsMobile(true)
        .setHasTouch(true)
        .setLocale("zh-CN");
  }

  private static void answerVisibleItems(Page page) {
    answerVisibleItems(page, ROUTINE);
  }

  /**
   * Answers each item of the page shown, top to bottom, with {@code choice}, else {@link
   * StudentPathTest#ROUTINE} clamped to the item's options; an item shown only after an earlier
   * answer is answered when it appears.
   */
  private static void answerVisibleItems(Page page, Choice choice) {
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
      String chosen = choice.of(scale, number);
      if (chosen != null) {
        page.getByTestId("q-" + scale + "-" + number + "-" + chosen).check();
        continue;
      }
      Locator options = item.locator("input[type=radio]:not([value=refused])");
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

  /** The stored crisis level of the student's result (0 none … 3 major). */
  private static int crisisLevel(RosterEntry student) throws SQLException {
    try (Connection c = gw.db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT crisis_level FROM result WHERE student_id = ?")) {
      ps.setLong(1, student.id());
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), "a stored result for student " + student.id());
        return rs.getInt(1);
      }
    }
  }

  private static long assentRows(RosterEntry student) throws SQLException {
    try (Connection c = gw.db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM student_assent WHERE student_id = ? AND form = 'self'"
                    + " AND window_id = ? AND assented_at <= recorded_at")) {
      ps.setLong(1, student.id());
      ps.setLong(2, gw.window.id());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
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
