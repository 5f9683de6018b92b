package org.huxin.gateway.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.testsupport.BrowserTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 账号管理 in the console, as the "done when" walks it: the city admin creates a district admin
 * and reads her one-time password off the screen; the district admin signs in with it, is shown
 * only the change-password page, sets her own, and creates a school psychologist of a school in her
 * district, who signs in and must change hers too.
 */
@BrowserTest
class AccountsBrowserTest {
  private static final double SLOW_MS = 15_000;

  private static GatewayFixture gw;
  private static Chromium chromium;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(AccountsBrowserTest.class, Chromium.CALM_ADMISSION);
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
  void cityCreatesDistrictAdmin_whoChangesHerPassword_andCreatesAPsychologist() throws Exception {
    RosterEntry school = gw.studentA();
    String[] districtPassword = new String[1];
    String[] psyPassword = new String[1];
    try (BrowserContext city = context();
        BrowserContext district = context();
        BrowserContext psy = context()) {
      Page page = city.newPage();
      page.onDialog(dialog -> dialog.accept());
      Steps steps = new Steps(page, "accounts");
      steps.run(
          "01-city-creates-district-admin",
          () -> {
            signIn(page, "city", GatewayFixture.PASSWORD);
            page.getByTestId("nav-accounts").click();
            page.getByTestId("account-new").click();
            page.getByTestId("account-username").fill("new.district");
            page.getByTestId("account-name").fill("区县管理员");
            page.getByTestId("account-role").selectOption("district_admin");
            page.getByTestId("account-unit").selectOption(Long.toString(school.districtId()));
            page.getByTestId("account-submit").click();
            assertThat(page.getByTestId("one-time-password")).isVisible();
            districtPassword[0] = page.getByTestId("one-time-password").textContent().strip();
            assertThat(page.getByTestId("account-state-new.district"))
                .containsText("待首次登录", text());
          });

      Page second = district.newPage();
      Steps districtSteps = new Steps(second, "accounts-district");
      districtSteps.run(
          "02-district-admin-must-change-password",
          () -> {
            signIn(second, "new.district", districtPassword[0]);
            assertThat(second.getByTestId("password-form")).isVisible();
            assertThat(second.getByTestId("nav-accounts")).hasCount(0);
            second.getByTestId("password-current").fill(districtPassword[0]);
            second.getByTestId("password-new").fill("password1234");
            second.getByTestId("password-again").fill("password1234");
            second.getByTestId("password-submit").click();
            assertThat(second.getByTestId("error-banner")).containsText("常见", text());
            second.getByTestId("password-new").fill("区县的春天来了2026");
            second.getByTestId("password-again").fill("区县的春天来了2026");
            second.getByTestId("password-submit").click();
            assertThat(second.getByTestId("nav-accounts")).isVisible();
          });
      districtSteps.run(
          "03-district-admin-creates-psychologist",
          () -> {
            second.getByTestId("nav-accounts").click();
            second.getByTestId("account-new").click();
            second.getByTestId("account-username").fill("new.psy");
            second.getByTestId("account-name").fill("心理老师");
            second.getByTestId("account-role").selectOption("school_psychologist");
            second.getByTestId("account-unit").selectOption(Long.toString(school.schoolId()));
            second.getByTestId("account-submit").click();
            assertThat(second.getByTestId("one-time-password")).isVisible();
            psyPassword[0] = second.getByTestId("one-time-password").textContent().strip();
          });

      Page third = psy.newPage();
      new Steps(third, "accounts-psy")
          .run(
              "04-psychologist-signs-in",
              () -> {
                signIn(third, "new.psy", psyPassword[0]);
                assertThat(third.getByTestId("password-form")).isVisible();
              });
    }
  }

  private static BrowserContext context() {
    BrowserContext context =
        chromium
            .browser()
            .newContext(
                new Browser.NewContextOptions().setViewportSize(1366, 900).setLocale("zh-CN"));
    context.setDefaultTimeout(SLOW_MS);
    return context;
  }

  private static void signIn(Page page, String username, String password) {
    page.navigate(gw.http.base() + "/console/");
    page.getByTestId("staff-username").fill(username);
    page.getByTestId("staff-password").fill(password);
    page.getByTestId("staff-login-submit").click();
    assertThat(page.getByTestId("logout")).isVisible();
  }

  private static LocatorAssertions.ContainsTextOptions text() {
    return new LocatorAssertions.ContainsTextOptions().setTimeout(SLOW_MS);
  }
}
