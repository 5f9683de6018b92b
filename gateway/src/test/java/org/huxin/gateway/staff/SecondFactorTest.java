package org.huxin.gateway.staff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.gateway.testing.Http;
import org.huxin.testsupport.DatabaseTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The TOTP second factor where a deployment requires it of city and district admins: the first
 * sign-in may do nothing but enrol; a wrong code enrols nothing; afterwards every sign-in needs the
 * current code, and the secret is stored only encrypted. Roles not named sign in as before.
 */
@DatabaseTest
class SecondFactorTest {
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw =
        GatewayFixture.start(
            SecondFactorTest.class,
            Map.of("HUXIN_STAFF_TOTP_REQUIRED", "city_admin,district_admin"));
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void requiredRole_enrolsAtFirstSignIn_thenNeedsTheCode() throws Exception {
    Http console = gw.staffSession("city");
    assertEquals(
        "enrol_totp", new JsonObject(console.get("/api/staff/me").body()).getString("pending"));
    HttpResponse<String> refused = console.get("/api/staff/windows");
    assertEquals(403, refused.statusCode());
    assertEquals("enrol_totp", new JsonObject(refused.body()).getString("error"));

    JsonObject enrolment = new JsonObject(console.postJson("/api/staff/totp", "{}").body());
    String uri = enrolment.getString("uri");
    assertTrue(uri.startsWith("otpauth://totp/"), uri);
    assertTrue(enrolment.getInteger("qrSize") > 20);
    String secret = query(uri, "secret");
    HttpResponse<String> wrong = confirm(console, enrolment, wrongCode(secret));
    assertEquals(403, wrong.statusCode(), wrong.body());
    HttpResponse<String> enrolled = confirm(console, enrolment, code(secret));

    assertEquals(200, enrolled.statusCode(), enrolled.body());
    assertNull(new JsonObject(enrolled.body()).getString("pending"));
    assertEquals(200, console.get("/api/staff/windows").statusCode());
    assertFalse(storedSecret("city").contains(secret), "the secret is stored encrypted");

    assertEquals("otp_required", error(login("city", null)));
    assertEquals("login_failed", error(login("city", wrongCode(secret))));
    HttpResponse<String> withCode = login("city", code(secret));
    assertEquals(200, withCode.statusCode(), withCode.body());
    assertNull(new JsonObject(withCode.body()).getString("pending"));
  }

  @Test
  void enrolment_ofAnotherAccount_refused() {
    Http district = gw.staffSession("district");
    JsonObject theirs = new JsonObject(district.postJson("/api/staff/totp", "{}").body());
    Http psy = gw.staffSession("psy");
    HttpResponse<String> stolen =
        confirm(psy, theirs, code(query(theirs.getString("uri"), "secret")));
    assertEquals(400, stolen.statusCode(), stolen.body());
  }

  @Test
  void roleNotRequired_signsInWithoutPendingStep() {
    HttpResponse<String> r = login("psy", null);
    assertEquals(200, r.statusCode(), r.body());
    assertNull(new JsonObject(r.body()).getString("pending"));
  }

  private static HttpResponse<String> confirm(Http console, JsonObject enrolment, String code) {
    return console.postJson(
        "/api/staff/totp/confirm",
        new JsonObject()
            .put("enrolment", enrolment.getString("enrolment"))
            .put("code", code)
            .encode());
  }

  private static HttpResponse<String> login(String username, String otp) {
    JsonObject body =
        new JsonObject().put("username", username).put("password", GatewayFixture.PASSWORD);
    if (otp != null) {
      body.put("otp", otp);
    }
    return new Http(gw.app.port()).postJson("/api/staff/login", body.encode());
  }

  private static String error(HttpResponse<String> r) {
    assertEquals(401, r.statusCode(), r.body());
    return new JsonObject(r.body()).getString("error");
  }

  private static String query(String uri, String name) {
    for (String pair : URI.create(uri).getRawQuery().split("&")) {
      if (pair.startsWith(name + "=")) {
        return pair.substring(name.length() + 1);
      }
    }
    throw new AssertionError("no " + name + " in " + uri);
  }

  /**
   * The current RFC 6238 code of {@code base32Secret}, made here independently of the library. The
   * library checks against the system clock, so near the end of a 30 s step this waits for the next
   * one rather than race it.
   */
  static String code(String base32Secret) {
    long millis = System.currentTimeMillis();
    if (millis % 30_000 > 27_000) {
      try {
        Thread.sleep(30_000 - millis % 30_000 + 100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    return codeAt(base32Secret, System.currentTimeMillis() / 30_000);
  }

  private static String wrongCode(String secret) {
    String right = codeAt(secret, System.currentTimeMillis() / 30_000);
    return String.format(Locale.ROOT, "%06d", (Integer.parseInt(right) + 1) % 1_000_000);
  }

  private static String codeAt(String base32Secret, long step) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(base32(base32Secret), "HmacSHA1"));
      byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
      int offset = h[h.length - 1] & 0x0f;
      int binary =
          ((h[offset] & 0x7f) << 24)
              | ((h[offset + 1] & 0xff) << 16)
              | ((h[offset + 2] & 0xff) << 8)
              | (h[offset + 3] & 0xff);
      return String.format(Locale.ROOT, "%06d", binary % 1_000_000);
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] base32(String text) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int buffer = 0;
    int bits = 0;
    for (char c : text.replace("=", "").toUpperCase(Locale.ROOT).toCharArray()) {
      buffer = (buffer << 5) | alphabet.indexOf(c);
      bits += 5;
      if (bits >= 8) {
        out.write((buffer >> (bits - 8)) & 0xff);
        bits -= 8;
      }
    }
    return out.toByteArray();
  }

  private static String storedSecret(String username) throws Exception {
    try (Connection c = gw.db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT totp_secret_enc FROM staff_account WHERE username = ?")) {
      ps.setString(1, username);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new String(rs.getBytes(1), StandardCharsets.ISO_8859_1);
      }
    }
  }
}
