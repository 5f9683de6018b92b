package org.huxin.gateway.student;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.huxin.engine.windows.Window;

/**
 * The body of a successful login: {@code {"token":..,"form":..,"grade":..,"window":{"id":..,
 * "name":..,"closesAt":..},"questionnaire":..}}. All but the token depends only on the window, the
 * form, the battery and the grade, so that tail is encoded once per such combination and a login
 * splices its token in front of it: encoding the whole answer was a tenth of a login's CPU. The
 * token is base64url and dots, which JSON never escapes; any other token is encoded the slow way.
 */
final class LoginAnswers {
  private static final byte[] HEAD = "{\"token\":\"".getBytes(StandardCharsets.US_ASCII);

  /** More combinations than a city has (windows × forms × grades): start again rather than grow. */
  private static final int MAX_TAILS = 4096;

  private final Map<Key, Tail> tails = new ConcurrentHashMap<>();

  private record Key(long windowId, String form, String batteryId, int grade) {}

  /** A tail and the window object it was encoded from: a reloaded window encodes a fresh one. */
  private record Tail(Window window, byte[] bytes) {}

  /** The answer's bytes, equal to {@link #encoded}'s. */
  Buffer answer(
      String token, Window window, String form, String batteryId, int grade, String questionnaire) {
    if (!plain(token)) {
      return encoded(token, window, form, grade, questionnaire).toBuffer();
    }
    Key key = new Key(window.id(), form, batteryId, grade);
    Tail tail = tails.get(key);
    if (tail == null || tail.window() != window) {
      if (tails.size() >= MAX_TAILS) {
        tails.clear();
      }
      tail = new Tail(window, tailBytes(window, form, grade, questionnaire));
      tails.put(key, tail);
    }
    byte[] rest = tail.bytes();
    return Buffer.buffer(HEAD.length + token.length() + rest.length)
        .appendBytes(HEAD)
        .appendString(token, "US-ASCII")
        .appendBytes(rest);
  }

  /** The answer as a JSON object, the form its bytes must always equal. */
  static JsonObject encoded(
      String token, Window window, String form, int grade, String questionnaire) {
    return new JsonObject()
        .put("token", token)
        .put("form", form)
        .put("grade", grade)
        .put(
            "window",
            new JsonObject()
                .put("id", window.id())
                .put("name", window.name())
                .put("closesAt", window.closesAt().toString()))
        .put("questionnaire", questionnaire);
  }

  /**
   * {@code ","form":..}}: the answer from the token's closing quote on, cut from the bytes Vert.x
   * encodes for an empty token, so that every character is written as the whole answer writes it.
   */
  private static byte[] tailBytes(Window window, String form, int grade, String questionnaire) {
    byte[] whole = encoded("", window, form, grade, questionnaire).toBuffer().getBytes();
    int emptyToken = HEAD.length + 1; // {"token":""
    return Arrays.copyOfRange(whole, emptyToken - 1, whole.length);
  }

  /** Whether {@code token} is written in JSON as it is: only base64url characters and dots. */
  static boolean plain(String token) {
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_'
              || c == '.';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
