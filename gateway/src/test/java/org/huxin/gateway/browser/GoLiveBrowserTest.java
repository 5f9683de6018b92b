package org.huxin.gateway.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.huxin.engine.city.SchoolStage;
import org.huxin.engine.roster.RosterStore;
import org.huxin.engine.store.Store;
import org.huxin.gateway.GatewayApp;
import org.huxin.gateway.config.GatewayConfig;
import org.huxin.gateway.staff.StaffCli;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.gateway.testing.Nginx;
import org.huxin.testsupport.BrowserTest;
import org.huxin.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A city goes live, as issue 13's "done when" walks it, on a fresh database with no demo and no
 * account: {@code ./huxin staff add --role city_admin} prints the first admin's one-time password;
 * she signs in through Debian's nginx over HTTPS (the shipped site file, a self-signed certificate,
 * {@code HUXIN_TRUSTED_PROXIES} and {@code HUXIN_PUBLIC_URL} set as the README says), sets her own
 * password and creates a district admin in 账号管理, who does the same and creates a school
 * psychologist, who signs in and keeps the console (with its crisis feed) open. The city admin
 * disables her: her feed through the proxy ends and her console asks her to sign in, within
 * seconds.
 */
@BrowserTest
class GoLiveBrowserTest {
  private static final double SLOW_MS = 15_000;
  private static final Pattern ONE_TIME = Pattern.compile("one-time password .*: (\\S+)");
  private static final String STREAM = "/api/staff/alerts/stream";

  private static final int HTTPS_PORT = GatewayFixture.freePort();
  private static final String PUBLIC = "https://" + Nginx.SERVER_NAME + ":" + HTTPS_PORT;

  private static TestDatabase db;
  private static Map<String, String> env;
  private static long district;
  private static long school;
  private static Vertx vertx;
  private static Store store;
  private static GatewayApp app;
  private static Nginx nginx;
  private static Chromium chromium;

  @BeforeAll
  static void freshCity() throws Exception {
    db = TestDatabase.create(GoLiveBrowserTest.class);
    RosterStore roster = new RosterStore(db.dataSource());
    district = roster.createDistrict("D301", "历下区", null);
    school = roster.createSchool(district, "S1001", "第一实验中学", SchoolStage.JUNIOR);
    env = GatewayFixture.env(db, GatewayFixture.homeWithTestDataKey("huxin-go-live"), 0);
    env.put("HUXIN_HTTP_PORT", Integer.toString(GatewayFixture.freePort()));
    env.put("HUXIN_PUBLIC_URL", PUBLIC);
    env.put("HUXIN_TRUSTED_PROXIES", "127.0.0.1");
    env.put("HUXIN_STAFF_IDLE_MINUTES", "30");
    env.putAll(Chromium.CALM_ADMISSION);
  }

  @AfterAll
  static void stop() {
    try {
      if (chromium != null) {
        chromium.close();
      }
      if (nginx != null) {
        nginx.close();
      }
      if (app != null) {
        GatewayFixture.await(app.close());
        GatewayFixture.await(vertx.close());
        store.close();
      }
    } finally {
      db.close();
    }
  }

  @Test
  void firstAdminFromTheCommandLine_buildsTheCityThroughTheProxy_disablingEndsAFeed()
      throws Exception {
    String cityPassword = staffAdd("city_admin", "first.admin", "市教育局管理员");
    assertTrue(cityPassword.length() >= 16, "a one-time password was printed");

    vertx = Vertx.vertx();
    store = db.openStore();
    app =
        GatewayFixture.await(
            GatewayApp.start(vertx, GatewayConfig.fromEnv(env), store, Clock.systemUTC()));
    nginx = Nginx.start(HTTPS_PORT, List.of(app.port()));
    chromium =
        Chromium.launch(List.of("--host-resolver-rules=MAP " + Nginx.SERVER_NAME + " 127.0.0.1"));

    String[] districtPassword = new String[1];
    String[] psyPassword = new String[1];
    try (BrowserContext cityBrowser = context();
        BrowserContext districtBrowser = context();
        BrowserContext psyBrowser = context()) {
      Page city = cityBrowser.newPage();
      city.onDialog(dialog -> dialog.accept());
      Steps citySteps = new Steps(city, "go-live-city");
      citySteps.run(
          "01-first-admin-sets-her-password",
          () -> {
            signIn(city, "first.admin", cityPassword);
            changePassword(city, cityPassword, "市里的第一把钥匙2026");
            assertThat(city.getByTestId("nav-accounts")).isVisible();
          });
      citySteps.run(
          "02-creates-a-district-admin",
          () -> {
            districtPassword[0] = create(city, "lixia.admin", "历下区管理员", "district_admin", district);
          });

      Page second = districtBrowser.newPage();
      Steps districtSteps = new Steps(second, "go-live-district");
      districtSteps.run(
          "03-district-admin-creates-a-psychologist",
          () -> {
            signIn(second, "lixia.admin", districtPassword[0]);
            changePassword(second, districtPassword[0], "历下区的春天来了2026");
            psyPassword[0] = create(second, "wang.psy", "王老师", "school_psychologist", school);
          });

      Page psy = psyBrowser.newPage();
      List<Integer> feedAnswers = new java.util.concurrent.CopyOnWriteArrayList<>();
      psy.onResponse(
          r -> {
            if (r.url().contains(STREAM)) {
              feedAnswers.add(r.status());
            }
          });
      Steps psySteps = new Steps(psy, "go-live-psy");
      psySteps.run(
          "04-psychologist-signs-in-and-watches",
          () -> {
            signIn(psy, "wang.psy", psyPassword[0]);
            changePassword(psy, psyPassword[0], "心理辅导室的钥匙2026");
            assertThat(psy.getByTestId("password-form")).isHidden();
          });
      // Her console holds the crisis feed open through nginx; give it time to connect.
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!feedAnswers.contains(200) && System.nanoTime() < deadline) {
        psy.waitForTimeout(100);
      }
      assertTrue(
          feedAnswers.contains(200), "the psychologist's crisis feed is open: " + feedAnswers);
      long endedBefore = endedStreams();

      long[] millis = new long[1];
      citySteps.run(
          "05-city-admin-disables-her",
          () -> {
            city.reload(); // the list she saw before the psychologist was created
            city.getByTestId("nav-accounts").click();
            long started = System.nanoTime();
            city.getByTestId("account-toggle-wang.psy").click();
            assertThat(city.getByTestId("account-state-wang.psy")).containsText("已停用", text());
            assertThat(psy.getByTestId("staff-username")).isVisible(visible(10_000));
            millis[0] = (System.nanoTime() - started) / 1_000_000;
          });
      assertTrue(endedStreams() > endedBefore, "nginx logged her feed's end: " + nginx.accessLog());
      assertTrue(
          nginx.accessLog().stream().anyMatch(l -> l.contains(STREAM) && l.contains("\" 401 ")),
          "her feed's reconnect was refused: " + nginx.accessLog());
      System.out.printf(
          "go-live: the disabled psychologist's feed ended and her console asked her to sign in"
              + " %d ms after the click%n",
          millis[0]);
    }
  }

  /** {@code ./huxin staff add}; returns the one-time password it printed. */
  private static String staffAdd(String role, String username, String name) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        new StaffCli(
                new HashMap<>(env),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Clock.systemUTC())
            .run(
                new String[] {
                  "staff", "add", "--role", role, "--username", username, "--name", name
                });
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    Matcher m = ONE_TIME.matcher(out.toString(StandardCharsets.UTF_8));
    assertTrue(m.find(), out.toString(StandardCharsets.UTF_8));
    return m.group(1);
  }

  /** Crisis-feed requests nginx has finished (it logs a request when it ends). */
  private static long endedStreams() {
    return nginx.accessLog().stream().filter(l -> l.contains(STREAM)).count();
  }

  private static String create(Page page, String username, String name, String role, long unit) {
    page.getByTestId("nav-accounts").click();
    page.getByTestId("account-new").click();
    page.getByTestId("account-username").fill(username);
    page.getByTestId("account-name").fill(name);
    page.getByTestId("account-role").selectOption(role);
    page.getByTestId("account-unit").selectOption(Long.toString(unit));
    page.getByTestId("account-submit").click();
    assertThat(page.getByTestId("one-time-password")).isVisible();
    String password = page.getByTestId("one-time-password").textContent().strip();
    assertThat(page.getByTestId("account-state-" + username)).containsText("待首次登录", text());
    return password;
  }

  private static void changePassword(Page page, String current, String next) {
    assertThat(page.getByTestId("password-form")).isVisible();
    page.getByTestId("password-current").fill(current);
    page.getByTestId("password-new").fill(next);
    page.getByTestId("password-again").fill(next);
    page.getByTestId("password-submit").click();
  }

  private static void signIn(Page page, String username, String password) {
    page.navigate(PUBLIC + "/console/");
    page.getByTestId("staff-username").fill(username);
    page.getByTestId("staff-password").fill(password);
    page.getByTestId("staff-login-submit").click();
    assertThat(page.getByTestId("logout")).isVisible();
  }

  private static BrowserContext context() {
    BrowserContext context =
        chromium
            .browser()
            .newContext(
                new Browser.NewContextOptions()
                    .setViewportSize(1366, 900)
                    .setLocale("zh-CN")
                    .setIgnoreHTTPSErrors(true));
    context.setDefaultTimeout(SLOW_MS);
    return context;
  }

  private static LocatorAssertions.ContainsTextOptions text() {
    return new LocatorAssertions.ContainsTextOptions().setTimeout(SLOW_MS);
  }

  private static LocatorAssertions.IsVisibleOptions visible(double ms) {
    return new LocatorAssertions.IsVisibleOptions().setTimeout(ms);
  }
}
