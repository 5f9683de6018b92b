package org.huxin.gateway.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * What a request body must be before it is read as JSON, beyond what the lenient reader checks:
 * UTF-8 text (RFC 3629: no overlong forms, no encoded surrogates, nothing past U+10FFFF, and no NUL
 * byte, so a UTF-16 or UTF-32 body is refused rather than guessed), each key once per object (the
 * reader would keep the last one silently), strings without lone surrogates (a {@code \ud800}
 * escape the database would store as {@code ?}), at most {@value #MAX_DEPTH} levels of nesting, and
 * one JSON value with nothing after it. A body that breaks one is answered 400 {@code
 * malformed_json} with a sentence saying which rule, never echoing more than a cut-down key.
 */
final class StrictJson {
  /** Deepest nesting of objects and arrays a body may have; the contract's bodies use 4. */
  static final int MAX_DEPTH = 32;

  private static final JsonFactory FACTORY = new JsonFactory();
  private static final Set<String> ARRAY = Set.of();
  private static final int MAX_KEY_SHOWN = 40;

  private StrictJson() {}

  /**
   * Returns normally when {@code body} keeps every rule above (an empty or blank body included: the
   * caller answers those), else throws 400 {@code malformed_json}.
   */
  static void check(Buffer body) {
    byte[] bytes = body.getBytes();
    int bad = firstNonUtf8(bytes);
    if (bad >= 0) {
      throw malformed(
          "The body is not UTF-8 text (byte " + bad + " is not); send JSON encoded as UTF-8.");
    }
    Deque<Set<String>> open = new ArrayDeque<>();
    try (JsonParser parser = FACTORY.createParser(bytes)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        switch (token) {
          case START_OBJECT, START_ARRAY -> {
            if (open.size() == MAX_DEPTH) {
              throw malformed("The body is nested deeper than " + MAX_DEPTH + " levels.");
            }
            open.push(token == JsonToken.START_OBJECT ? new HashSet<>() : ARRAY);
          }
          case END_OBJECT, END_ARRAY -> open.pop();
          case FIELD_NAME -> {
            String key = parser.currentName();
            if (!wellFormed(key)) {
              throw malformed("body: a key holds a lone surrogate; send valid Unicode.");
            }
            if (!open.element().add(key)) {
              throw malformed("body: the key '" + shown(key) + "' appears twice in one object.");
            }
          }
          case VALUE_STRING -> {
            if (!wellFormed(parser.getText())) {
              throw malformed(
                  "body: a string holds a lone surrogate (such as \\ud800 without its pair); send"
                      + " valid Unicode.");
            }
          }
          default -> {}
        }
        if (open.isEmpty()) {
          if (parser.nextToken() != null) {
            throw malformed("The body holds more than one JSON value.");
          }
          return;
        }
      }
    } catch (IOException e) {
      throw malformed("The body is not valid JSON.");
    }
  }

  /** The index of the first byte that breaks UTF-8 (RFC 3629, table 3-7) or is NUL, else -1. */
  static int firstNonUtf8(byte[] b) {
    int i = 0;
    while (i < b.length) {
      int c = b[i] & 0xFF;
      if (c >= 0x01 && c < 0x80) {
        i++;
        continue;
      }
      int more;
      int low = 0x80;
      int high = 0xBF;
      if (c >= 0xC2 && c <= 0xDF) {
        more = 1;
      } else if (c == 0xE0) {
        more = 2;
        low = 0xA0;
      } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
        more = 2;
      } else if (c == 0xED) {
        more = 2;
        high = 0x9F;
      } else if (c == 0xF0) {
        more = 3;
        low = 0x90;
      } else if (c >= 0xF1 && c <= 0xF3) {
        more = 3;
      } else if (c == 0xF4) {
        more = 3;
        high = 0x8F;
      } else {
        return i; // NUL, a continuation byte without a lead, C0, C1 or F5..FF
      }
      if (i + more >= b.length) {
        return i;
      }
      int second = b[i + 1] & 0xFF;
      if (second < low || second > high) {
        return i;
      }
      for (int k = 2; k <= more; k++) {
        int next = b[i + k] & 0xFF;
        if (next < 0x80 || next > 0xBF) {
          return i;
        }
      }
      i += more + 1;
    }
    return -1;
  }

  /** Whether every surrogate in {@code s} is half of a pair. */
  static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        return false;
      }
      if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static String shown(String key) {
    String printable = key.replaceAll("\\p{Cntrl}", "?");
    return printable.length() <= MAX_KEY_SHOWN
        ? printable
        : printable.substring(0, MAX_KEY_SHOWN) + "…";
  }

  private static ApiException malformed(String message) {
    return ApiException.badRequest("malformed_json", message);
  }
}
