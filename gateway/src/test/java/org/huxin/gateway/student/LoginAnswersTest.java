package org.huxin.gateway.student;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.huxin.engine.windows.Window;
import org.huxin.engine.windows.WindowStatus;

/** The spliced login answer is byte for byte the answer encoded whole, whatever the window. */
class LoginAnswersTest {
  private final LoginAnswers answers = new LoginAnswers();

  @Property(tries = 500)
  void answer_equalsTheWholeEncoding(
      @ForAll("tokens") String token,
      @ForAll("names") String name,
      @ForAll("grades") int grade,
      @ForAll("forms") String form) {
    Window window = window(grade % 5 + 1, name);
    String questionnaire = "/api/questionnaires/B" + grade + "/0123abcd/zh-CN";
    Buffer expected = LoginAnswers.encoded(token, window, form, grade, questionnaire).toBuffer();
    for (int twice = 0; twice < 2; twice++) { // the first builds the tail, the second reuses it
      Buffer got = answers.answer(token, window, form, "B" + grade, grade, questionnaire);
      assertEquals(expected, got, got.toString("UTF-8"));
      assertEquals(token, new JsonObject(got).getString("token"));
    }
  }

  @Property(tries = 50)
  void reloadedWindow_getsAFreshTail(
      @ForAll("names") String before, @ForAll("names") String after) {
    String path = "/api/questionnaires/B7/0123abcd/zh-CN";
    answers.answer("a.b.c", window(1, before), "self", "B7", 7, path);
    String got = answers.answer("a.b.c", window(1, after), "self", "B7", 7, path).toString("UTF-8");
    assertEquals(after, new JsonObject(got).getJsonObject("window").getString("name"));
  }

  @Property(tries = 200)
  void tokensNeedingEscapes_areEncodedWhole(@ForAll("oddTokens") String token) {
    Window window = window(1, "秋季 \"筛查\"");
    String got = answers.answer(token, window, "self", "B7", 7, "/q").toString("UTF-8");
    assertEquals(token, new JsonObject(got).getString("token"));
  }

  @Property(tries = 100)
  void plain_onlyForBase64UrlAndDots(@ForAll("oddTokens") String token) {
    assertFalse(LoginAnswers.plain(token), token);
    assertTrue(LoginAnswers.plain("eyJhbGciOiJIUzI1NiJ9.e30-_.AZaz09"));
  }

  @Provide
  Arbitrary<String> tokens() {
    return Arbitraries.strings()
        .withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")
        .ofMinLength(0)
        .ofMaxLength(300);
  }

  @Provide
  Arbitrary<String> oddTokens() {
    return Arbitraries.strings()
        .all()
        .ofMinLength(1)
        .ofMaxLength(40)
        .filter(s -> !LoginAnswers.plain(s));
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings().all().ofMinLength(1).ofMaxLength(60).filter(s -> !s.isBlank());
  }

  @Provide
  Arbitrary<Integer> grades() {
    return Arbitraries.integers().between(1, 12);
  }

  @Provide
  Arbitrary<String> forms() {
    return Arbitraries.of("self", "parent");
  }

  private static Window window(long id, String name) {
    return new Window(
        id,
        name,
        WindowStatus.OPEN,
        List.of(),
        List.of(),
        1,
        12,
        Map.of("1-12", "B"),
        Instant.parse("2026-11-01T00:00:00Z"),
        Instant.parse("2026-11-30T09:00:00Z"),
        new byte[Window.CODE_SECRET_BYTES],
        "[]",
        Instant.parse("2026-10-01T00:00:00Z"),
        16,
        "default");
  }
}
