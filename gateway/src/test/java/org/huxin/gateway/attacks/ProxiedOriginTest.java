package org.huxin.gateway.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.huxin.gateway.auth.StaffAuth;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.testsupport.DatabaseTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A gateway behind a TLS reverse proxy: people type {@code https://huxin.example.edu.cn}, the proxy
 * forwards to the node's own address, so every request arrives with {@code Host: 127.0.0.1:<port>}.
 * The console's requests, whose {@code Origin} is the public URL, pass; a request whose {@code
 * Origin} merely equals the rewritten {@code Host} is another site and is refused; every answer
 * carries HSTS.
 */
@DatabaseTest
class ProxiedOriginTest {
  private static final String PUBLIC = "https://huxin.example.edu.cn";
  private static final String HSTS = "max-age=31536000; includeSubDomains";

  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw =
        GatewayFixture.start(
            ProxiedOriginTest.class,
            Map.of(
                "HUXIN_PUBLIC_URL",
                PUBLIC,
                "HUXIN_ADMISSION_MAX_LAG_MS",
                "600000",
                "HUXIN_ADMISSION_TARGET_MS",
                "600000"));
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void staffLogin_publicOriginPassesThoughHostIsRewritten() {
    for (String[] site :
        List.of(
            new String[] {"Origin", PUBLIC},
            new String[] {"Origin", "https://HUXIN.example.edu.cn:443"},
            new String[] {"Referer", PUBLIC + "/console/"})) {
      HttpResponse<String> r = login(site);
      assertEquals(200, r.statusCode(), site[0] + ": " + site[1] + " → " + r.body());
      String cookie = sessionCookie(r);
      assertTrue(cookie.startsWith(StaffAuth.COOKIE + "="), cookie);
      assertTrue(cookie.toLowerCase(java.util.Locale.ROOT).contains("; secure"), cookie);
    }
  }

  @Test
  void staffPost_publicOriginPassesThoughHostIsRewritten() {
    String cookie = session();
    HttpResponse<String> r =
        Raw.send(
            gw.app.port(),
            "POST",
            "/api/staff/alerts/999999999/ack",
            "{}",
            "Cookie",
            cookie,
            "Origin",
            PUBLIC);
    assertEquals(404, r.statusCode(), r.body());
    HttpResponse<String> logout =
        Raw.send(
            gw.app.port(), "POST", "/api/staff/logout", "{}", "Cookie", cookie, "Origin", PUBLIC);
    assertEquals(204, logout.statusCode(), logout.body());
  }

  /** The {@code Host} the node sees is not the site: an origin equal to it is refused. */
  @Test
  void staffRequests_otherOriginsRefused() {
    String cookie = session();
    String host = "http://127.0.0.1:" + gw.app.port();
    List<String> failures = new ArrayList<>();
    for (String[] site :
        List.of(
            new String[] {"Origin", host},
            new String[] {"Referer", host + "/console/"},
            new String[] {"Origin", "http://huxin.example.edu.cn"},
            new String[] {"Origin", PUBLIC + ":8443"},
            new String[] {"Origin", PUBLIC + ".evil.example"},
            new String[] {"Referer", "https://evil.example/console/"})) {
      HttpResponse<String> login = login(site);
      HttpResponse<String> ack =
          Raw.send(
              gw.app.port(),
              "POST",
              "/api/staff/alerts/999999999/ack",
              "{}",
              "Cookie",
              cookie,
              site[0],
              site[1]);
      for (HttpResponse<String> r : List.of(login, ack)) {
        if (r.statusCode() != 403 || !r.body().contains("cross_origin")) {
          failures.add(
              r.uri().getPath() + " with " + site[0] + ": " + site[1] + " → " + r.statusCode());
        }
      }
      assertFalse(login.headers().firstValue("set-cookie").isPresent(), site[1]);
    }
    assertEquals(List.of(), failures, "requests from another origin that were let through");
  }

  @Test
  void everyAnswer_carriesHsts() {
    HttpResponse<String> page = Raw.send(gw.app.port(), "GET", "/", null);
    HttpResponse<String> json = Raw.send(gw.app.port(), "GET", "/api/staff/me", null);
    HttpResponse<String> refused = login(new String[] {"Origin", "https://evil.example"});
    for (HttpResponse<String> r : List.of(page, json, refused)) {
      assertEquals(HSTS, r.headers().firstValue("strict-transport-security").orElse("(none)"));
    }
    assertEquals(200, page.statusCode());
    assertEquals(401, json.statusCode());
  }

  private static HttpResponse<String> login(String[] site) {
    String body =
        new JsonObject().put("username", "psy").put("password", GatewayFixture.PASSWORD).encode();
    return Raw.send(gw.app.port(), "POST", "/api/staff/login", body, site[0], site[1]);
  }

  private static String session() {
    HttpResponse<String> r = login(new String[] {"Origin", PUBLIC});
    assertEquals(200, r.statusCode(), r.body());
    return sessionCookie(r).split(";", 2)[0];
  }

  /** The session's Set-Cookie among those of a sign-in (it also sets a device cookie). */
  private static String sessionCookie(HttpResponse<String> r) {
    return r.headers().allValues("set-cookie").stream()
        .filter(c -> c.startsWith(StaffAuth.COOKIE + "="))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no session cookie: " + r.headers()));
  }
}
