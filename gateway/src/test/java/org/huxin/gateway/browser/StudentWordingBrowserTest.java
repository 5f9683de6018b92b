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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.windows.Window;
import org.huxin.gateway.auth.AccessCodes;
import org.huxin.gateway.student.StudentWords;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.scales.Battery;
import org.huxin.scales.Scale;
import org.huxin.scales.ScaleLibrary;
import org.huxin.testsupport.BrowserTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a child and a rating parent read, at a phone size (360 × 740) in zh-CN and en: a grade 4
 * student (primary wording), a grade 8 and a grade 11 student and a parent of a grade 1–3 child
 * walk through every page of their questionnaire. Each page's headings and titles hold no
 * diagnostic, instrument or risk word ({@link StudentWords}), each scale's heading is its neutral
 * student title in the battery's text variant, and no page names an instrument. The first page of
 * each is kept as {@code target/screenshots/<who>-<locale>.png} (grade4-zh-CN.png, grade8-en.png,
 * parent-zh-CN.png …), the later ones as {@code <who>-<locale>-p<n>.png}, for a psychologist to
 * read.
 */
@BrowserTest
class StudentWordingBrowserTest {
  private static final ScaleLibrary LIBRARY = ScaleLibrary.loadDefault();
  private static final double SLOW_MS = 15_000;

  private static GatewayFixture gw;
  private static Window ratingWindow;
  private static Chromium chromium;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(StudentWordingBrowserTest.class, Chromium.CALM_ADMISSION);
    ratingWindow = gw.openRatingWindow();
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
  void grade4_primaryWordingNeutralTitles() throws Exception {
    List<RosterEntry> students = consenting(4, 2);
    for (int k = 0; k < 2; k++) {
      RosterEntry student = students.get(k);
      String locale = k == 0 ? "zh-CN" : "en";
      walk("grade4", locale, "g4-6", student, gw.codeOf(student));
    }
  }

  @Test
  void grade8_neutralTitles() throws Exception {
    List<RosterEntry> students = consenting(8, 2);
    for (int k = 0; k < 2; k++) {
      RosterEntry student = students.get(k);
      String locale = k == 0 ? "zh-CN" : "en";
      walk("grade8", locale, "g7-9", student, gw.codeOf(student));
    }
  }

  @Test
  void grade11_neutralTitles() throws Exception {
    List<RosterEntry> students = consenting(11, 2);
    for (int k = 0; k < 2; k++) {
      RosterEntry student = students.get(k);
      String locale = k == 0 ? "zh-CN" : "en";
      walk("grade11", locale, "g10-12", student, gw.codeOf(student));
    }
  }

  @Test
  void parent_ratingFormAboutTheChild() throws Exception {
    List<RosterEntry> children = new ArrayList<>();
    children.addAll(consenting(1, 1));
    children.addAll(consenting(2, 1));
    for (int k = 0; k < 2; k++) {
      RosterEntry child = children.get(k);
      String locale = k == 0 ? "zh-CN" : "en";
      String code =
          AccessCodes.parentCode(ratingWindow.codeSecret(), ratingWindow.id(), child.id());
      walk("parent", locale, "g1-3-parent", child, code);
    }
  }

  /**
   * Signs in with {@code code} in {@code locale}, then checks and screenshots every page of the
   * questionnaire of {@code batteryId}, answering each page with its lowest options to go on. It
   * does not submit.
   */
  private static void walk(
      String who, String locale, String batteryId, RosterEntry student, String code)
      throws Exception {
    Battery battery = LIBRARY.battery(batteryId);
    String variant = battery.textLocale(locale);
    try (BrowserContext phone = chromium.browser().newContext(phone(locale))) {
      Page page = phone.newPage();
      Steps steps = new Steps(page, "wording-" + who + "-" + locale);
      steps.run("01-login", () -> logIn(page, student, code, locale));
      List<String> scaleIds = battery.scaleIds();
      for (int p = 0; p < scaleIds.size(); p++) {
        Scale scale = LIBRARY.scale(scaleIds.get(p));
        int number = p + 1;
        steps.run(
            String.format("%02d-%s", number + 1, scale.id()),
            () -> {
              assertThat(page.getByTestId("scale-title"))
                  .hasText(
                      scale.studentTitle().get(variant),
                      new LocatorAssertions.HasTextOptions().setTimeout(SLOW_MS));
              assertThat(page.getByTestId("scale-instructions"))
                  .hasText(scale.instructions().get(variant));
              assertThat(page.getByTestId("item-" + scale.id() + "-1"))
                  .containsText(scale.items().get(0).text().get(variant));
              assertThat(page.getByTestId("item-" + scale.id() + "-1"))
                  .containsText(scale.options().get(1).label().get(variant));
              noDiagnosticWordInHeadings(page, who + " " + locale + " page " + number);
              noInstrumentNamed(page, who + " " + locale + " page " + number);
            });
        Path shot =
            Steps.SCREENSHOTS.resolve(
                who + "-" + locale + (number == 1 ? "" : "-p" + number) + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(shot).setFullPage(true));
        assertTrue(Files.size(shot) > 0, shot.toString());
        if (number < scaleIds.size()) {
          answerVisibleItems(page);
          page.getByTestId("next").click();
        }
      }
      assertThat(page.getByTestId("submit")).isVisible();
    }
  }

  /**
   * Headings, titles and instructions the page shows: none holds a word of {@link StudentWords}.
   */
  private static void noDiagnosticWordInHeadings(Page page, String where) {
    List<String> texts = new ArrayList<>();
    texts.add(page.title());
    Locator headings =
        page.locator(
            "h1:visible, h2:visible, h3:visible, [data-testid=questionnaire-title]:visible,"
                + " [data-testid=scale-instructions]:visible, [data-testid=progress]:visible");
    for (int i = 0; i < headings.count(); i++) {
      texts.add(headings.nth(i).innerText());
    }
    assertTrue(texts.size() >= 3, where + ": the page shows its headings, saw " + texts);
    for (String text : texts) {
      assertEquals(
          Optional.empty(),
          StudentWords.firstIn(text),
          where + ": a heading or title says: " + text);
    }
  }

  /** No text on the page names an instrument (PHQ-9, GAD-7, WHO-5, ASQ, K10, RSES, PSC-17 …). */
  private static void noInstrumentNamed(Page page, String where) {
    String text = page.locator("body").innerText();
    for (Scale scale : LIBRARY.scales()) {
      assertFalse(text.contains(scale.shortName()), where + " names " + scale.shortName());
      assertFalse(text.contains(scale.title().get("zh-CN")), where + ": " + scale.id());
      assertFalse(text.contains(scale.title().get("en")), where + ": " + scale.id());
    }
  }

  /** Signs in on the login page in {@code locale} and waits for the first page of questions. */
  private static void logIn(Page page, RosterEntry student, String code, String locale) {
    page.navigate(gw.http.base() + "/");
    assertThat(page.getByTestId("view-login")).isVisible();
    page.getByTestId(locale.equals("en") ? "lang-en" : "lang-zh").click();
    page.getByTestId("login-school").fill(student.schoolCode());
    page.getByTestId("login-student").fill(student.studentNo());
    page.getByTestId("login-code").fill(code);
    page.getByTestId("login-submit").click();
    page.waitForSelector(
        "body[data-view='assent'], body[data-view='scale']",
        new Page.WaitForSelectorOptions().setTimeout(SLOW_MS));
    if ("assent".equals(page.locator("body").getAttribute("data-view"))) {
      page.getByTestId("assent-check").check();
      page.getByTestId("assent-start").click();
    }
    assertThat(page.locator("body"))
        .hasAttribute(
            "data-view", "scale", new LocatorAssertions.HasAttributeOptions().setTimeout(SLOW_MS));
  }

  /** Answers each visible item of the page with its lowest option (no item is a crisis at 0). */
  private static void answerVisibleItems(Page page) {
    Locator items = page.locator("#items fieldset.item");
    for (int i = 0; i < items.count(); i++) {
      Locator item = items.nth(i);
      if (item.isVisible()) {
        item.locator("input[type=radio]:not([value=refused])").first().check();
      }
    }
  }

  /** {@code count} consenting students of {@code grade}, in roster order. */
  private static List<RosterEntry> consenting(int grade, int count) {
    List<RosterEntry> out =
        gw.roster.stream().filter(e -> e.consent() && e.grade() == grade).limit(count).toList();
    assertEquals(count, out.size(), "consenting students of grade " + grade);
    return out;
  }

  /** A 360 × 740 phone in {@code locale}. */
  private static Browser.NewContextOptions phone(String locale) {
    return new Browser.NewContextOptions()
        .setViewportSize(360, 740)
        .setDeviceScaleFactor(2)
        .setIsMobile(true)
        .setHasTouch(true)
        .setLocale(locale);
  }
}
