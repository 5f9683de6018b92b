package org.huxin.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.huxin.engine.staff.StaffRole;
import org.junit.jupiter.api.Test;

class TokensTest {
  private static final Instant NOW = Instant.parse("2026-10-12T08:00:00Z");
  private static final byte[] SECRET =
      "token secret of at least 32 bytes!!".getBytes(StandardCharsets.US_ASCII);

  private static Tokens tokensAt(Instant now, byte[] secret) {
    return new Tokens(secret, Clock.fixed(now, ZoneOffset.UTC));
  }

  private static StudentPrincipal student(Instant expires) {
    return new StudentPrincipal(42, 7, "self", "g7-9", expires);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static Throwable failure(Future<?> f) throws Exception {
    try {
      await(f);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected the token to be refused");
  }

  @Test
  void verifyStudent_roundTrip() throws Exception {
    Tokens tokens = tokensAt(NOW, SECRET);
    StudentPrincipal p = student(NOW.plusSeconds(3600));
    assertEquals(p, await(tokens.verifyStudent(tokens.issueStudent(p))));
  }

  @Test
  void verifyStudent_expired() throws Exception {
    Tokens issuer = tokensAt(NOW, SECRET);
    String token = issuer.issueStudent(student(NOW.plusSeconds(60)));
    Tokens later = tokensAt(NOW.plusSeconds(61), SECRET);
    assertInstanceOf(TokenException.class, failure(later.verifyStudent(token)));
  }

  @Test
  void verifyStudent_wrongKey() throws Exception {
    String token = tokensAt(NOW, SECRET).issueStudent(student(NOW.plusSeconds(60)));
    byte[] other = SECRET.clone();
    other[3] ^= 1;
    assertInstanceOf(TokenException.class, failure(tokensAt(NOW, other).verifyStudent(token)));
  }

  @Test
  void verifyStudent_tamperedPayload() throws Exception {
    Tokens tokens = tokensAt(NOW, SECRET);
    String[] parts = tokens.issueStudent(student(NOW.plusSeconds(60))).split("\\.");
    String payload =
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace("\"42\"", "\"43\"");
    assertTrue(payload.contains("\"43\""));
    String forged =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];
    assertInstanceOf(TokenException.class, failure(tokens.verifyStudent(forged)));
  }

  @Test
  void verifyStudent_algNone() throws Exception {
    Tokens tokens = tokensAt(NOW, SECRET);
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes());
    String body =
        b64.encodeToString(
            ("{\"typ\":\"student\",\"sub\":\"42\",\"win\":7,\"form\":\"self\",\"bat\":\"g7-9\",\"exp\":"
                    + NOW.plusSeconds(60).getEpochSecond()
                    + "}")
                .getBytes());
    assertInstanceOf(
        TokenException.class, failure(tokens.verifyStudent(header + "." + body + ".")));
  }

  /** An HS512 header over a body signed with the HS256 key: the header alone refuses it. */
  @Test
  void verifyStudent_otherAlgorithmHeader() throws Exception {
    Tokens tokens = tokensAt(NOW, SECRET);
    String[] parts = tokens.issueStudent(student(NOW.plusSeconds(60))).split("\\.");
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"typ\":\"JWT\",\"alg\":\"HS512\"}".getBytes());
    assertInstanceOf(
        TokenException.class,
        failure(tokens.verifyStudent(header + "." + parts[1] + "." + parts[2])));
  }

  @Test
  void verifyStudent_malformed() throws Exception {
    Tokens tokens = tokensAt(NOW, SECRET);
    String good = tokens.issueStudent(student(NOW.plusSeconds(60)));
    String[] parts = good.split("\\.");
    for (String bad :
        new String[] {
          "",
          "abc",
          parts[0] + "." + parts[1],
          good + ".x",
          parts[0] + ".%%%." + parts[2],
          parts[0] + "." + parts[1] + ".***",
          good.substring(0, good.length() - 2)
        }) {
      assertInstanceOf(TokenException.class, failure(tokens.verifyStudent(bad)), bad);
    }
  }

  @Test
  void verifyStudent_staffTokenRefused() throws Exception {
    Tokens tokens = tokensAt(NOW, SECRET);
    String staff =
        tokens.issueStaff(
            new StaffPrincipal(
                1, "admin", StaffRole.CITY_ADMIN, null, null, null, NOW.plusSeconds(60)));
    assertInstanceOf(TokenException.class, failure(tokens.verifyStudent(staff)));
    String studentToken = tokens.issueStudent(student(NOW.plusSeconds(60)));
    assertInstanceOf(TokenException.class, failure(tokens.verifyStaff(studentToken)));
  }

  @Test
  void verifyStaff_roundTrip() throws Exception {
    Tokens tokens = tokensAt(NOW, SECRET);
    StaffPrincipal p =
        new StaffPrincipal(
            9, "psy.s0101", StaffRole.SCHOOL_PSYCHOLOGIST, 1L, 11L, null, NOW.plusSeconds(600));
    assertEquals(p, await(tokens.verifyStaff(tokens.issueStaff(p))));
  }
}
