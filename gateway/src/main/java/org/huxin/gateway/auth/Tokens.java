package org.huxin.gateway.auth;

import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.huxin.engine.staff.StaffRole;

/**
 * Stateless signed tokens for students and staff: compact JWTs signed with HMAC-SHA256 and nothing
 * else. A token is accepted only when its header is exactly one of the two HS256 headers ({@code
 * alg} and {@code typ} in either order), its signature matches in constant time, its {@code typ}
 * claim is the kind asked for and its {@code exp} is still ahead of the injected clock (so tests
 * never sleep); {@code alg: none}, other algorithms and key-confusion tokens never reach the
 * signature check.
 *
 * <p>Written out rather than through vertx-auth-jwt: under a login storm that library's generic
 * path (header parsing, key lookup by algorithm, a {@code User} per request) was the largest cost
 * of the gateway's own code in the JFR profile, for a format this narrow.
 */
public final class Tokens {
  private static final String STUDENT = "student";
  private static final String STAFF = "staff";
  private static final String DEVICE = "device";

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();

  /** The header this class writes, and the same header with its members the other way round. */
  private static final String HEADER = encode("{\"typ\":\"JWT\",\"alg\":\"HS256\"}");

  private static final String HEADER_SWAPPED = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");

  private final ThreadLocal<Mac> mac;
  private final Clock clock;

  public Tokens(byte[] secret, Clock clock) {
    if (secret.length < 32) {
      throw new IllegalArgumentException("the token secret needs at least 32 bytes");
    }
    SecretKeySpec key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    this.mac =
        ThreadLocal.withInitial(
            () -> {
              try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(key);
                return m;
              } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
              }
            });
    this.clock = clock;
  }

  /** A student token that expires when its window closes. */
  public String issueStudent(StudentPrincipal p) {
    JsonObject claims =
        new JsonObject()
            .put("typ", STUDENT)
            .put("sub", Long.toString(p.studentId()))
            .put("win", p.windowId())
            .put("form", p.form())
            .put("bat", p.batteryId())
            .put("exp", p.expiresAt().getEpochSecond());
    return sign(claims);
  }

  /** A staff session token. */
  public String issueStaff(StaffPrincipal p) {
    JsonObject claims =
        new JsonObject()
            .put("typ", STAFF)
            .put("sub", Long.toString(p.accountId()))
            .put("usr", p.username())
            .put("role", p.role().code())
            .put("dis", p.districtId())
            .put("sch", p.schoolId())
            .put("cls", p.classId())
            .put("sid", p.session())
            .put("pend", p.pending())
            .put("exp", p.expiresAt().getEpochSecond());
    return sign(claims);
  }

  /**
   * A device token: this browser signed in to {@code username} before. It opens no session; the
   * staff sign-in lets its holder past the per-username back-off that a stranger's wrong passwords
   * set off.
   */
  public String issueDevice(String username, Instant expiresAt) {
    return sign(
        new JsonObject()
            .put("typ", DEVICE)
            .put("usr", username)
            .put("exp", expiresAt.getEpochSecond()));
  }

  /** Whether {@code token} is a valid, unexpired device token of {@code username}. */
  public boolean isDeviceOf(String token, String username) {
    Future<JsonObject> claims = verify(token, DEVICE);
    return claims.succeeded() && username.equals(claims.result().getValue("usr"));
  }

  /** The student a token speaks for; fails with {@link TokenException} for anything else. */
  public Future<StudentPrincipal> verifyStudent(String token) {
    return verify(token, STUDENT)
        .map(
            c ->
                new StudentPrincipal(
                    Long.parseLong(c.getString("sub")),
                    c.getLong("win"),
                    c.getString("form"),
                    c.getString("bat"),
                    Instant.ofEpochSecond(c.getLong("exp"))));
  }

  /** The staff account a token speaks for; fails with {@link TokenException} for anything else. */
  public Future<StaffPrincipal> verifyStaff(String token) {
    return verify(token, STAFF)
        .map(
            c ->
                new StaffPrincipal(
                    Long.parseLong(c.getString("sub")),
                    c.getString("usr"),
                    StaffRole.fromCode(c.getString("role")),
                    c.getLong("dis"),
                    c.getLong("sch"),
                    c.getLong("cls"),
                    Instant.ofEpochSecond(c.getLong("exp")),
                    c.getString("sid"),
                    c.getString("pend")));
  }

  private String sign(JsonObject claims) {
    String signed = HEADER + "." + B64.encodeToString(claims.toBuffer().getBytes());
    return signed + "." + B64.encodeToString(signature(signed));
  }

  private byte[] signature(String signed) {
    return mac.get().doFinal(signed.getBytes(StandardCharsets.US_ASCII));
  }

  private Future<JsonObject> verify(String token, String type) {
    if (token == null || token.isEmpty() || token.length() > 4096) {
      return Future.failedFuture(new TokenException("no token"));
    }
    int first = token.indexOf('.');
    int last = token.lastIndexOf('.');
    if (first < 0 || last == first) {
      return Future.failedFuture(new TokenException("token rejected"));
    }
    String header = token.substring(0, first);
    if (!header.equals(HEADER) && !header.equals(HEADER_SWAPPED)) {
      return Future.failedFuture(new TokenException("token rejected"));
    }
    JsonObject claims;
    try {
      byte[] given = B64_DECODER.decode(token.substring(last + 1));
      if (!MessageDigest.isEqual(given, signature(token.substring(0, last)))) {
        return Future.failedFuture(new TokenException("token rejected"));
      }
      claims =
          new JsonObject(
              new String(
                  B64_DECODER.decode(token.substring(first + 1, last)), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      return Future.failedFuture(new TokenException("token rejected"));
    }
    Object exp = claims.getValue("exp");
    if (!type.equals(claims.getValue("typ")) || !(exp instanceof Number)) {
      return Future.failedFuture(new TokenException("wrong kind of token"));
    }
    if (((Number) exp).longValue() <= clock.instant().getEpochSecond()) {
      return Future.failedFuture(new TokenException("token expired"));
    }
    return Future.succeededFuture(claims);
  }

  private static String encode(String json) {
    return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
