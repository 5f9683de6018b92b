package org.huxin.gateway.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.testsupport.BrowserTest;
import org.huxin.testsupport.SinkReceiver;
import org.huxin.testsupport.SinkReceiver.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A district administrator sets up the phone channel of a school in the console section 预警通知: adds
 * a WeCom robot, sends a test that arrives, sees the channel turn 发送失败 with the robot's error when
 * it stops answering, switches it off and deletes it. A school psychologist has no such menu.
 */
@BrowserTest
class AlertChannelsBrowserTest {
  private static final double SLOW_MS = 15_000;
  private static final String NAME = "初二年级危机值班群";
  private static final String PATH = "/browser-robot";

  private static GatewayFixture gw;
  private static Chromium chromium;
  private static SinkReceiver receiver;

  @BeforeAll
  static void start() {
    Map<String, String> env = new HashMap<>(Chromium.CALM_ADMISSION);
    env.put("HUXIN_ALERT_SINK_ALLOW_HTTP", "true");
    gw = GatewayFixture.start(AlertChannelsBrowserTest.class, env);
    receiver = SinkReceiver.start();
    chromium = Chromium.launch();
  }

  @AfterAll
  static void stop() {
    try {
      if (chromium != null) {
        chromium.close();
      }
      receiver.close();
    } finally {
      gw.close();
    }
  }

  @Test
  void districtAdmin_addTestFailDisableDelete() throws Exception {
    RosterEntry student = gw.studentA();
    try (BrowserContext context =
        chromium
            .browser()
            .newContext(
                new Browser.NewContextOptions().setViewportSize(1366, 900).setLocale("zh-CN"))) {
      context.setDefaultTimeout(SLOW_MS);
      Page page = context.newPage();
      page.onDialog(dialog -> dialog.accept());
      Steps steps = new Steps(page, "alert-channels");
      long[] id = new long[1];

      steps.run(
          "01-sign-in",
          () -> {
            signIn(page, "district");
            page.getByTestId("nav-alert-channels").click();
            assertThat(page.getByTestId("channels-table")).containsText("还没有通知通道", text());
          });

      steps.run(
          "02-add",
          () -> {
            page.getByTestId("channel-new").click();
            page.getByTestId("channel-scope").selectOption("s" + student.schoolId());
            page.getByTestId("channel-kind").selectOption("wecom");
            page.getByTestId("channel-name").fill(NAME);
            page.getByTestId("channel-url").fill(receiver.url(PATH + "?key=browser-key-1"));
            page.getByTestId("channel-save").click();
            assertThat(page.getByTestId("channel-note")).containsText("已添加", text());
            id[0] = channelId();
            assertThat(page.getByTestId("channel-row-" + id[0])).containsText(NAME);
            assertThat(page.getByTestId("channel-row-" + id[0])).not().containsText("browser-key");
            assertThat(page.getByTestId("channel-status-" + id[0])).containsText("尚未发送");
          });

      steps.run(
          "03-test-arrives",
          () -> {
            page.getByTestId("channel-test-" + id[0]).click();
            assertThat(page.getByTestId("channel-note")).containsText("测试消息已发送", text());
            assertEquals(1, receiver.count(PATH));
            String content =
                new JsonObject(receiver.received(PATH).get(0).body())
                    .getJsonObject("text")
                    .getString("content");
            assertTrue(content.startsWith("【测试】"), content);
            assertThat(page.getByTestId("channel-status-" + id[0])).containsText("正常");
          });

      steps.run(
          "04-robot-refuses",
          () -> {
            receiver.always(PATH, new Answer(500, ""));
            page.getByTestId("channel-test-" + id[0]).click();
            assertThat(page.getByTestId("channel-note")).containsText("测试失败：HTTP 500", text());
            assertThat(page.getByTestId("channel-status-" + id[0]))
                .hasAttribute("data-status", "failing");
            assertThat(page.getByTestId("channel-status-" + id[0])).containsText("发送失败");
            assertThat(page.getByTestId("channel-status-" + id[0])).containsText("HTTP 500");
          });

      steps.run(
          "05-switch-off",
          () -> {
            page.getByTestId("channel-toggle-" + id[0]).click();
            assertThat(page.getByTestId("channel-status-" + id[0]))
                .hasAttribute(
                    "data-status",
                    "off",
                    new LocatorAssertions.HasAttributeOptions().setTimeout(SLOW_MS));
            assertThat(page.getByTestId("channel-toggle-" + id[0])).hasText("启用");
          });

      steps.run(
          "06-delete",
          () -> {
            page.getByTestId("channel-delete-" + id[0]).click();
            assertThat(page.getByTestId("channel-note")).containsText("已删除", text());
            assertThat(page.getByTestId("channel-row-" + id[0])).hasCount(0);
          });
    }
  }

  @Test
  void psychologist_hasNoChannelMenu() throws Exception {
    try (BrowserContext context =
        chromium.browser().newContext(new Browser.NewContextOptions().setLocale("zh-CN"))) {
      context.setDefaultTimeout(SLOW_MS);
      Page page = context.newPage();
      signIn(page, "psy");
      assertThat(page.getByTestId("nav-alerts")).isVisible();
      assertThat(page.getByTestId("nav-alert-channels")).hasCount(0);
    }
  }

  private static void signIn(Page page, String username) {
    page.navigate(gw.http.base() + "/console/");
    page.getByTestId("staff-username").fill(username);
    page.getByTestId("staff-password").fill(GatewayFixture.PASSWORD);
    page.getByTestId("staff-login-submit").click();
    assertThat(page.getByTestId("logout")).isVisible();
  }

  private static long channelId() throws Exception {
    try (Connection c = gw.db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT id FROM alert_channel WHERE name = ?")) {
      ps.setString(1, NAME);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), "the channel was stored");
        return rs.getLong(1);
      }
    }
  }

  private static LocatorAssertions.ContainsTextOptions text() {
    return new LocatorAssertions.ContainsTextOptions().setTimeout(SLOW_MS);
  }
}
