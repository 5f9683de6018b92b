package org.huxin.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessCodesTest {
  private static final byte[] SECRET =
      "a window secret of thirty-two by".getBytes(StandardCharsets.US_ASCII);

  @Test
  void code_isTenCrockfordSymbolsInTwoGroups() {
    String code = AccessCodes.code(SECRET, 7, 123_456);
    assertTrue(code.matches("[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}"), code);
    assertEquals(code, AccessCodes.code(SECRET, 7, 123_456));
  }

  @Test
  void code_differsByStudentWindowAndSecret() {
    String code = AccessCodes.code(SECRET, 7, 1);
    assertNotEquals(code, AccessCodes.code(SECRET, 7, 2));
    assertNotEquals(code, AccessCodes.code(SECRET, 8, 1));
    byte[] other = SECRET.clone();
    other[0] ^= 1;
    assertNotEquals(code, AccessCodes.code(other, 7, 1));
  }

  @Test
  void code_spreadsOverManyStudentsWithoutCollisions() {
    Set<String> seen = new HashSet<>();
    for (long student = 1; student <= 100_000; student++) {
      seen.add(AccessCodes.code(SECRET, 1, student));
    }
    // 50 bits: the chance of any collision among 100,000 codes is about 4 in a billion.
    assertEquals(100_000, seen.size());
  }

  @Test
  void matches_forgivesCaseSpacesDashesAndLookAlikes() {
    String code = AccessCodes.code(SECRET, 3, 42);
    assertTrue(AccessCodes.matches(SECRET, 3, 42, code));
    assertTrue(AccessCodes.matches(SECRET, 3, 42, code.toLowerCase(Locale.ROOT)));
    assertTrue(AccessCodes.matches(SECRET, 3, 42, code.replace("-", "")));
    assertTrue(AccessCodes.matches(SECRET, 3, 42, " " + code.replace("-", " ") + " "));
    String lookAlike = code.replace('0', 'O').replace('1', 'I');
    assertTrue(AccessCodes.matches(SECRET, 3, 42, lookAlike));
  }

  @Test
  void matches_wrongCode() {
    String code = AccessCodes.code(SECRET, 3, 42);
    char last = code.charAt(code.length() - 1);
    String wrong = code.substring(0, code.length() - 1) + (last == 'Z' ? 'Y' : 'Z');
    assertFalse(AccessCodes.matches(SECRET, 3, 42, wrong));
    assertFalse(AccessCodes.matches(SECRET, 3, 43, code));
    assertFalse(AccessCodes.matches(SECRET, 3, 42, null));
    assertFalse(AccessCodes.matches(SECRET, 3, 42, ""));
  }

  @Test
  void normalize_rejectsWrongLengthAndForeignCharacters() {
    assertNull(AccessCodes.normalize("ABCDE-FGHJ"));
    assertNull(AccessCodes.normalize("ABCDE-FGHJKM"));
    assertNull(AccessCodes.normalize("ABCDE-FGH!K"));
    assertNull(AccessCodes.normalize("ABCDE-FGHJ中"));
    assertEquals("ABCDE-FGHJK", AccessCodes.normalize("abcde fghjk"));
  }
}
