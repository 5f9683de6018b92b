package org.huxin.gateway.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.gateway.auth.StaffAuth;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.testsupport.DatabaseTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cross-site request forgery against the console: the session cookie is HttpOnly and SameSite, and
 * every state-changing staff route, with the city admin's live session (the widest scope), refuses
 * a request from another site, named by {@code Origin} or, without one, by {@code Referer}, with
 * 403 before anything happens. So does the sign-in, which needs no session (login CSRF).
 */
@DatabaseTest
class CrossSiteTest {
  /** Rows of the tables a staff request could change, summed into one fingerprint. */
  private static final String STATE =
      "SELECT (SELECT count(*) FROM screening_window) || '/'"
          + " || (SELECT string_agg(status, ',' ORDER BY id) FROM screening_window) || '/'"
          + " || (SELECT count(*) FROM followup) || '/' || (SELECT count(*) FROM followup_case)"
          + " || '/' || (SELECT count(*) FROM audit) || '/'"
          + " || (SELECT count(*) FROM roster_import) || '/' || (SELECT count(*) FROM result)"
          + " || '/' || (SELECT count(*) FROM alert_outbox WHERE acknowledged_at IS NOT NULL)";

  private static GatewayFixture gw;
  private static String cookie;

  @BeforeAll
  static void start() {
    gw = Gateways.start(CrossSiteTest.class);
    cookie = gw.staffSession("city").cookieHeader();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void sessionCookie_httpOnlyAndSameSite() {
    HttpResponse<String> login =
        Raw.send(
            gw.app.port(),
            "POST",
            "/api/staff/login",
            "{\"username\":\"psy\",\"password\":\"" + GatewayFixture.PASSWORD + "\"}");
    assertEquals(200, login.statusCode(), login.body());
    List<String> set = login.headers().allValues("set-cookie");
    // The session, and the device cookie that lets this browser past a stranger's back-off.
    assertEquals(2, set.size(), set.toString());
    String sessionCookie = sessionCookie(set);
    assertSessionCookie(sessionCookie);
    set.forEach(CrossSiteTest::assertHttpOnlySameSite);

    String session = sessionCookie.split(";", 2)[0];
    HttpResponse<String> logout =
        Raw.send(gw.app.port(), "POST", "/api/staff/logout", "{}", "Cookie", session);
    assertEquals(204, logout.statusCode(), logout.body());
    assertSessionCookie(logout.headers().firstValue("set-cookie").orElseThrow());
  }

  @Test
  void stateChangingStaffRoutes_refuseAnotherSite() throws Exception {
    List<String[]> foreign = foreignSites();
    RosterEntry a = gw.studentA();
    Map<String, Object> ids =
        Map.of(
            "id", a.id(),
            "classId", a.classId(),
            "studentId", a.id(),
            "windowId", gw.window.id());
    String before = state();
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (StaffRoutes.Route route : StaffRoutes.all()) {
      if (!route.changesState()) {
        continue;
      }
      for (String[] site : foreign) {
        HttpResponse<String> r =
            Raw.send(
                gw.app.port(),
                route.method(),
                route.path(ids),
                "{\"status\":\"closed\",\"action\":\"interview\"}",
                "Cookie",
                cookie,
                site[0],
                site[1]);
        checked++;
        if (r.statusCode() != 403 || !r.body().contains("cross_origin")) {
          failures.add(route + " with " + site[0] + ": " + site[1] + " → " + r.statusCode());
        }
      }
    }
    assertEquals(List.of(), failures, "cross-site requests that were let through");
    assertTrue(checked >= 8 * foreign.size(), "requests: " + checked);
    assertEquals(before, state(), "a refused cross-site request changed something");
    HttpResponse<String> me =
        Raw.send(gw.app.port(), "GET", "/api/staff/me", null, "Cookie", cookie);
    assertEquals(200, me.statusCode(), "a cross-site logout did not end the session");
  }

  @Test
  void stateChangingStaffRoutes_acceptTheConsoleItself() {
    String own = "http://127.0.0.1:" + gw.app.port();
    String path = "/api/staff/alerts/999999999/ack";
    for (String[] site :
        List.of(
            new String[] {"Origin", own},
            new String[] {"Referer", own + "/console/"},
            new String[] {"X-Nothing", "no origin, no referer"})) {
      HttpResponse<String> r =
          Raw.send(gw.app.port(), "POST", path, "{}", "Cookie", cookie, site[0], site[1]);
      assertNotEquals("cross_origin", new JsonObject(r.body()).getString("error"), site[0]);
      assertEquals(404, r.statusCode(), site[0] + ": " + r.body());
    }
  }

  /**
   * Login CSRF: a page elsewhere posts the attacker's own username and password, so that the
   * browser's staff session becomes the attacker's and what the victim then records lands there.
   * The sign-in refuses another site as every state-changing staff route does, sets no cookie, and
   * leaves no trace in the tables.
   */
  @Test
  void staffLogin_refusesAnotherSite() throws Exception {
    String before = state();
    List<String> failures = new ArrayList<>();
    for (String[] site : foreignSites()) {
      HttpResponse<String> r =
          Raw.send(gw.app.port(), "POST", "/api/staff/login", loginBody(), site[0], site[1]);
      if (r.statusCode() != 403
          || !r.body().contains("cross_origin")
          || r.headers().firstValue("set-cookie").isPresent()) {
        boolean cookieSet = r.headers().firstValue("set-cookie").isPresent();
        failures.add(
            site[0] + ": " + site[1] + " → " + r.statusCode() + ", cookie set " + cookieSet);
      }
    }
    assertEquals(List.of(), failures, "cross-site sign-ins that were let through");
    assertEquals(before, state(), "a refused cross-site sign-in changed something");
  }

  @Test
  void staffLogin_acceptsTheConsoleItself() {
    String own = "http://127.0.0.1:" + gw.app.port();
    for (String[] site :
        List.of(
            new String[] {"Origin", own},
            new String[] {"Referer", own + "/console/"},
            new String[] {"X-Nothing", "no origin, no referer"})) {
      HttpResponse<String> r =
          Raw.send(gw.app.port(), "POST", "/api/staff/login", loginBody(), site[0], site[1]);
      assertEquals(200, r.statusCode(), site[0] + ": " + r.body());
      assertSessionCookie(sessionCookie(r.headers().allValues("set-cookie")));
    }
  }

  private static String sessionCookie(List<String> setCookies) {
    return setCookies.stream()
        .filter(c -> c.startsWith(StaffAuth.COOKIE + "="))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no session cookie in " + setCookies));
  }

  /**
   * Another site, as an {@code Origin} or a {@code Referer} names it: a foreign host, the opaque
   * origin, look-alike hosts and ports, and a referer that names no origin at all.
   */
  private static List<String[]> foreignSites() {
    String own = "http://127.0.0.1:" + gw.app.port();
    return List.of(
        new String[] {"Origin", "https://evil.example"},
        new String[] {"Origin", "null"},
        new String[] {"Origin", own + ".evil.example"},
        new String[] {"Origin", "http://127.0.0.1:" + (gw.app.port() + 1)},
        new String[] {"Referer", "https://evil.example/console/"},
        new String[] {"Referer", own + ".evil.example/console/"},
        new String[] {"Referer", own + "@evil.example/"},
        new String[] {"Referer", "not a url at all"});
  }

  private static String loginBody() {
    return new JsonObject()
        .put("username", "psy")
        .put("password", GatewayFixture.PASSWORD)
        .encode();
  }

  private static void assertHttpOnlySameSite(String setCookie) {
    String lower = setCookie.toLowerCase(Locale.ROOT);
    assertTrue(lower.contains("; httponly"), "not HttpOnly: " + setCookie);
    assertTrue(lower.contains("; samesite=strict"), "not SameSite Strict: " + setCookie);
  }

  private static void assertSessionCookie(String setCookie) {
    String lower = setCookie.toLowerCase(Locale.ROOT);
    assertTrue(setCookie.startsWith(StaffAuth.COOKIE + "="), setCookie);
    assertTrue(lower.contains("; httponly"), "not HttpOnly: " + setCookie);
    assertTrue(
        lower.contains("; samesite=strict") || lower.contains("; samesite=lax"),
        "not SameSite Strict or Lax: " + setCookie);
    assertTrue(lower.contains("; path=/"), setCookie);
  }

  private static String state() throws Exception {
    try (Connection c = gw.db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(STATE)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
