package org.huxin.gateway.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.gateway.auth.StaffAuth;
import org.huxin.gateway.student.StudentPathTest;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.testsupport.DatabaseTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Forged, altered and misused tokens against the endpoints that take them. The tokens are built
 * here by hand (base64url JSON, HMAC-SHA256), as an attacker would; {@code TokensTest} covers the
 * class, this covers what the routes do with them: refuse, store nothing, show nothing.
 */
@DatabaseTest
class TokenAttackTest {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();
  private static final String HS256 = "{\"typ\":\"JWT\",\"alg\":\"HS256\"}";

  private static GatewayFixture gw;
  private static RosterEntry student;
  private static RosterEntry victim;
  private static String genuine;
  private static JsonObject claims;
  private static String submitBody;

  @BeforeAll
  static void start() {
    gw = Gateways.start(TokenAttackTest.class);
    student = gw.secondaryStudent(5);
    victim = gw.secondaryStudent(6);
    HttpResponse<String> login = gw.http.postJson("/api/student/login", gw.loginBody(student));
    assertEquals(200, login.statusCode(), login.body());
    JsonObject session = new JsonObject(login.body());
    genuine = session.getString("token");
    claims = payloadOf(genuine);
    JsonObject questionnaire =
        new JsonObject(gw.http.get(session.getString("questionnaire")).body());
    submitBody =
        new JsonObject()
            .put("idempotencyKey", UUID.randomUUID().toString())
            .put("answers", StudentPathTest.answers(questionnaire, StudentPathTest.ROUTINE))
            .encode();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void studentEndpoints_refuseEveryForgedToken() throws Exception {
    assertEquals(200, draftPut(genuine).statusCode(), "the genuine token saves a draft");
    HttpResponse<String> genuineDraft = draftGet(genuine);
    assertEquals(200, genuineDraft.statusCode(), genuineDraft.body());

    long now = gw.clock.instant().getEpochSecond();
    Map<String, String> forged = new LinkedHashMap<>();
    forged.put("alg none", unsigned("{\"alg\":\"none\",\"typ\":\"JWT\"}", claims));
    forged.put("alg none, HS256 signature kept", withHeader(genuine, "{\"alg\":\"none\"}"));
    forged.put("alg HS512 header", withHeader(genuine, "{\"typ\":\"JWT\",\"alg\":\"HS512\"}"));
    forged.put("wrong key", signed(HS256, claims, "another key of thirty-two bytes!!"));
    forged.put("tampered subject", tampered(genuine, claims.copy().put("sub", id(victim))));
    forged.put("tampered expiry", tampered(genuine, claims.copy().put("exp", now + 365 * 86400)));
    forged.put("expired", signed(HS256, claims.copy().put("exp", now - 1), fixtureKey()));
    forged.put("expired now", signed(HS256, claims.copy().put("exp", now), fixtureKey()));
    forged.put("staff kind", signed(HS256, claims.copy().put("typ", "staff"), fixtureKey()));
    forged.put("no kind", signed(HS256, without(claims, "typ"), fixtureKey()));
    forged.put("no expiry", signed(HS256, without(claims, "exp"), fixtureKey()));
    forged.put("signature dropped", genuine.substring(0, genuine.lastIndexOf('.') + 1));
    forged.put("signature truncated", genuine.substring(0, genuine.length() - 4));
    forged.put("two parts", genuine.substring(0, genuine.lastIndexOf('.')));
    forged.put("garbage", "garbage");
    forged.put("empty", "");
    forged.put("dots", "..");
    forged.put("not base64", "!!!.@@@.###");
    forged.put("payload not json", tampered(genuine, null));
    forged.put("huge", "a".repeat(5000) + "." + "b".repeat(10) + "." + "c".repeat(10));
    forged.put("staff session as bearer", staffToken());

    for (Map.Entry<String, String> attack : forged.entrySet()) {
      String token = attack.getValue();
      for (HttpResponse<String> r : List.of(draftGet(token), draftPut(token), submit(token))) {
        assertEquals(401, r.statusCode(), attack.getKey() + " on " + r.uri() + ": " + r.body());
        assertEquals("token_invalid", new JsonObject(r.body()).getString("error"), r.body());
      }
    }
    HttpResponse<String> noHeader = Raw.send(gw.app.port(), "GET", "/api/student/draft", null);
    assertEquals(401, noHeader.statusCode(), noHeader.body());
    HttpResponse<String> basic =
        Raw.send(gw.app.port(), "GET", "/api/student/draft", null, "Authorization", genuine);
    assertEquals(401, basic.statusCode(), "the token without 'Bearer ' is not read");

    assertEquals(0, results(student), "no forged submit was stored");
    assertEquals(0, results(victim), "nothing was stored for the victim");
    HttpResponse<String> still = draftGet(genuine);
    assertEquals(genuineDraft.body(), still.body(), "no forged request touched the draft");
    assertEquals(200, submit(genuine).statusCode(), "the genuine token still submits");
    assertEquals(1, results(student));
  }

  @Test
  void studentEndpoints_refuseATokenForAnotherWindow() throws Exception {
    long otherWindow = gw.window.id() + 1000;
    String token = signed(HS256, claims.copy().put("win", otherWindow), fixtureKey());
    for (HttpResponse<String> r : List.of(draftGet(token), draftPut(token), submit(token))) {
      // Signed with the real key, so it passes as a token; the window check refuses it.
      assertTrue(r.statusCode() == 401 || r.statusCode() == 403, r.uri() + ": " + r.body());
      assertFalse(r.body().contains("answers"), r.body());
    }
    assertEquals(0, resultsIn(otherWindow));
  }

  @Test
  void staffEndpoints_refuseAStudentToken() {
    long w = gw.window.id();
    Map<String, Object> ids =
        Map.of(
            "id", student.id(),
            "classId", student.classId(),
            "studentId", student.id(),
            "windowId", w);
    int checked = 0;
    for (StaffRoutes.Route route : StaffRoutes.all()) {
      String path = route.path(ids);
      for (String[] carrier :
          List.of(
              new String[] {"Authorization", "Bearer " + genuine},
              new String[] {"Cookie", StaffAuth.COOKIE + "=" + genuine})) {
        HttpResponse<String> r =
            Raw.send(gw.app.port(), route.method(), path, "{}", carrier[0], carrier[1]);
        assertTrue(
            r.statusCode() == 401 || r.statusCode() == 403,
            route + " with a student token in " + carrier[0] + ": " + r.statusCode() + r.body());
        assertFalse(r.body().contains(student.studentNo()), route + " leaked a student number");
      }
      checked++;
    }
    assertTrue(checked >= 30, "staff routes checked: " + checked);
  }

  private static HttpResponse<String> draftGet(String token) {
    return Raw.send(
        gw.app.port(), "GET", "/api/student/draft", null, "Authorization", "Bearer " + token);
  }

  private static HttpResponse<String> draftPut(String token) {
    JsonObject answers = new JsonObject(submitBody).getJsonObject("answers");
    String draft = new JsonObject().put("seq", 1).put("page", 0).put("answers", answers).encode();
    return Raw.send(
        gw.app.port(), "PUT", "/api/student/draft", draft, "Authorization", "Bearer " + token);
  }

  private static HttpResponse<String> submit(String token) {
    return Raw.send(
        gw.app.port(),
        "POST",
        "/api/student/submit",
        submitBody,
        "Authorization",
        "Bearer " + token);
  }

  /** The value of the staff session cookie of {@code psy}: genuine, but not a student's. */
  private static String staffToken() {
    String cookies = gw.staffSession("psy").cookieHeader();
    for (String pair : cookies.split("; ")) {
      if (pair.startsWith(StaffAuth.COOKIE + "=")) {
        return pair.substring(StaffAuth.COOKIE.length() + 1);
      }
    }
    throw new AssertionError("no session cookie in " + cookies);
  }

  private static String id(RosterEntry e) {
    return Long.toString(e.id());
  }

  private static JsonObject payloadOf(String token) {
    String[] parts = token.split("\\.");
    return new JsonObject(new String(B64_DECODER.decode(parts[1]), StandardCharsets.UTF_8));
  }

  private static JsonObject without(JsonObject claims, String key) {
    JsonObject copy = claims.copy();
    copy.remove(key);
    return copy;
  }

  private static String encode(String json) {
    return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String unsigned(String header, JsonObject claims) {
    return encode(header) + "." + encode(claims.encode()) + ".";
  }

  /** {@code token} with another header and its original signature. */
  private static String withHeader(String token, String header) {
    return encode(header) + token.substring(token.indexOf('.'));
  }

  /** {@code token} with {@code claims} (or a payload that is not JSON) and its old signature. */
  private static String tampered(String token, JsonObject claims) {
    String[] parts = token.split("\\.");
    String payload = claims == null ? encode("not json") : encode(claims.encode());
    return parts[0] + "." + payload + "." + parts[2];
  }

  private static byte[] fixtureKey() {
    return GatewayFixture.TOKEN_SECRET;
  }

  private static String signed(String header, JsonObject claims, String key) throws Exception {
    return signed(header, claims, key.getBytes(StandardCharsets.US_ASCII));
  }

  private static String signed(String header, JsonObject claims, byte[] key)
      throws GeneralSecurityException {
    String signed = encode(header) + "." + encode(claims.encode());
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return signed
        + "."
        + B64.encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
  }

  private static int results(RosterEntry s) throws Exception {
    return count("SELECT count(*) FROM result WHERE student_id = ?", s.id());
  }

  private static int resultsIn(long windowId) throws Exception {
    return count("SELECT count(*) FROM result WHERE window_id = ?", windowId);
  }

  private static int count(String sql, long id) throws Exception {
    try (Connection c = gw.db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
