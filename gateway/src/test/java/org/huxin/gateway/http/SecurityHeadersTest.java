package org.huxin.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.testsupport.DatabaseTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every response carries a CSP that forbids framing and a no-sniff header: pages get the full set
 * (no inline script or style, no referrer), JSON answers the short API set. A gateway whose public
 * URL is plain http sends no HSTS (see ProxiedOriginTest for https).
 */
@DatabaseTest
class SecurityHeadersTest {
  private static final String API_CSP = "default-src 'none'; frame-ancestors 'none'";
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(SecurityHeadersTest.class);
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void jsonAnswers_carryTheApiSet() {
    RosterEntry student = gw.secondaryStudent(0);
    HttpResponse<String> ok = gw.http.postJson("/api/student/login", gw.loginBody(student));
    assertEquals(200, ok.statusCode(), ok.body());
    RosterEntry other = gw.secondaryStudent(1);
    String wrong = gw.codeOf(other).endsWith("Z") ? "AAAAA-AAAAY" : "AAAAA-AAAAZ";
    HttpResponse<String> refused =
        gw.http.postJson(
            "/api/student/login",
            GatewayFixture.loginBody(other.schoolCode(), other.studentNo(), wrong));
    assertEquals(401, refused.statusCode(), refused.body());
    HttpResponse<String> missing = gw.http.get("/api/staff/no-such-thing");
    for (HttpResponse<String> r : List.of(ok, refused, missing)) {
      assertTrue(header(r, "content-type").startsWith("application/json"), r.uri().toString());
      assertEquals(API_CSP, header(r, "content-security-policy"), r.uri().toString());
      assertEquals("nosniff", header(r, "x-content-type-options"));
      assertEquals("DENY", header(r, "x-frame-options"));
      assertEquals(1, r.headers().allValues("content-security-policy").size(), "one CSP");
      assertEquals("(none)", header(r, "strict-transport-security"), "no HSTS over plain http");
    }
    assertEquals("no-store", header(ok, "cache-control"), "API answers are never cached");
  }

  @Test
  void pages_carryThePageSet() {
    for (String path : new String[] {"/", "/student/main.js", "/i18n.js", "/app.css"}) {
      HttpResponse<String> r = gw.http.get(path);
      assertEquals(200, r.statusCode(), path);
      if (path.endsWith(".js")) {
        // A module script of any other type is refused by the browser.
        assertTrue(header(r, "content-type").startsWith("text/javascript"), path);
      }
      String csp = header(r, "content-security-policy");
      assertTrue(csp.contains("script-src 'self'"), path + ": " + csp);
      assertTrue(csp.contains("style-src 'self'"), path + ": " + csp);
      assertTrue(csp.contains("frame-ancestors 'none'"), path + ": " + csp);
      assertFalse(csp.contains("unsafe-inline"), path + ": " + csp);
      assertEquals("nosniff", header(r, "x-content-type-options"), path);
      assertEquals("DENY", header(r, "x-frame-options"), path);
      assertEquals("no-referrer", header(r, "referrer-policy"), path);
      assertEquals(1, r.headers().allValues("content-security-policy").size(), "one CSP");
      assertEquals("(none)", header(r, "strict-transport-security"), "no HSTS over plain http");
    }
  }

  private static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse("(none)");
  }
}
