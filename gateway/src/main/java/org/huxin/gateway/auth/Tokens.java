package org.huxin.gateway.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Clock;
import java.time.Instant;
import org.huxin.engine.store.StaffRole;

/**
 * Stateless signed tokens for students and staff: JWTs signed with HS256 only (no other algorithm
 * is configured, so {@code alg: none} and key-confusion tokens fail). Expiry is checked here
 * against the injected clock rather than by the library, so tests never sleep.
 */
public final class Tokens {
  private static final String STUDENT = "student";
  private static final String STAFF = "staff";

  private final JWTAuth jwt;
  private final Clock clock;

  public Tokens(Vertx vertx, byte[] secret, Clock clock) {
    if (secret.length < 32) {
      throw new IllegalArgumentException("the token secret needs at least 32 bytes");
    }
    this.jwt =
        JWTAuth.create(
            vertx,
            new JWTAuthOptions()
                .addPubSecKey(
                    new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(Buffer.buffer(secret)))
                .setJWTOptions(new JWTOptions().setIgnoreExpiration(true)));
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
    return jwt.generateToken(claims, new JWTOptions().setAlgorithm("HS256").setNoTimestamp(true));
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
            .put("exp", p.expiresAt().getEpochSecond());
    return jwt.generateToken(claims, new JWTOptions().setAlgorithm("HS256").setNoTimestamp(true));
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
                    Instant.ofEpochSecond(c.getLong("exp"))));
  }

  private Future<JsonObject> verify(String token, String type) {
    if (token == null || token.isEmpty() || token.length() > 4096) {
      return Future.failedFuture(new TokenException("no token"));
    }
    return jwt.authenticate(new TokenCredentials(token))
        .recover(e -> Future.failedFuture(new TokenException("token rejected")))
        .compose(
            user -> {
              // vertx-auth-jwt keeps the verified claims under the "accessToken" attribute.
              JsonObject claims = user.attributes().getJsonObject("accessToken");
              Object exp = claims == null ? null : claims.getValue("exp");
              if (claims == null
                  || !type.equals(claims.getString("typ"))
                  || !(exp instanceof Number)) {
                return Future.failedFuture(new TokenException("wrong kind of token"));
              }
              if (((Number) exp).longValue() <= clock.instant().getEpochSecond()) {
                return Future.failedFuture(new TokenException("token expired"));
              }
              return Future.succeededFuture(claims);
            });
  }
}
