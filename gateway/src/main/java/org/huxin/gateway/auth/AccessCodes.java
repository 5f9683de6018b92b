package org.huxin.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Access codes printed on slips: {@code HMAC-SHA256(window secret, "window|student")}, cut to 50
 * bits and written as ten Crockford base32 characters in two groups ({@code 7Q3KM-X9D2A}). A parent
 * code (grades 1–3, where a parent rates the child) is the same with the input {@code
 * "parent|window|student"}: the two never coincide by construction, so a child's slip cannot be
 * used to answer the parent form or the other way round.
 *
 * <p>Checking a code needs the window secret and the student id only, never the database. Crockford
 * base32 leaves out I, L, O and U, and reading accepts them as their look-alikes (1, 1, 0, V), so a
 * code copied by hand from a slip still works.
 */
public final class AccessCodes {
  /** Length of a code without its dash. 10 symbols × 5 bits = 50 bits. */
  public static final int SYMBOLS = 10;

  /** Prefix of a parent code's HMAC input; a student code's input starts with a digit. */
  private static final String PARENT = "parent|";

  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

  /** Each ASCII character's place in {@link #ALPHABET}, or -1. */
  private static final byte[] PLACE = new byte[128];

  static {
    Arrays.fill(PLACE, (byte) -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      PLACE[ALPHABET[i]] = (byte) i;
    }
  }

  private static final ThreadLocal<Mac> MAC =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Mac.getInstance("HmacSHA256");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
            }
          });

  private AccessCodes() {}

  /** The code of {@code studentId} in {@code windowId}, formatted {@code XXXXX-XXXXX}. */
  public static String code(byte[] windowSecret, long windowId, long studentId) {
    return format(mac(windowSecret, windowId + "|" + studentId));
  }

  /**
   * The parent code of {@code studentId} in {@code windowId}: what a parent of a grade 1–3 child
   * types to rate the child. Same format as {@link #code}, another HMAC input.
   */
  public static String parentCode(byte[] windowSecret, long windowId, long studentId) {
    return format(mac(windowSecret, PARENT + windowId + "|" + studentId));
  }

  /**
   * Whether {@code typed} is the parent code of this student in this window (as {@link #matches}).
   */
  public static boolean matchesParent(
      byte[] windowSecret, long windowId, long studentId, String typed) {
    return same(normalize(typed), parentCode(windowSecret, windowId, studentId));
  }

  private static String format(byte[] mac) {
    long bits = 0;
    for (int i = 0; i < 7; i++) {
      bits = (bits << 8) | (mac[i] & 0xFF);
    }
    bits >>>= 6; // 56 → 50 bits
    char[] out = new char[SYMBOLS + 1];
    out[5] = '-';
    for (int i = SYMBOLS - 1; i >= 0; i--) {
      out[i < 5 ? i : i + 1] = ALPHABET[(int) (bits & 31)];
      bits >>>= 5;
    }
    return new String(out);
  }

  /**
   * Whether {@code typed} is the code of this student in this window. Spaces, dashes, case and
   * Crockford look-alikes are forgiven; the comparison takes constant time.
   */
  public static boolean matches(byte[] windowSecret, long windowId, long studentId, String typed) {
    return same(normalize(typed), code(windowSecret, windowId, studentId));
  }

  private static boolean same(String normalized, String expected) {
    return normalized != null
        && MessageDigest.isEqual(
            normalized.getBytes(StandardCharsets.US_ASCII),
            expected.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * {@code typed} in canonical {@code XXXXX-XXXXX} form, or {@code null} if it cannot be a code (a
   * wrong length or a character outside Crockford base32).
   */
  public static String normalize(String typed) {
    if (typed == null || typed.length() > 32) {
      return null;
    }
    char[] out = new char[SYMBOLS + 1];
    int n = 0;
    for (int i = 0; i < typed.length(); i++) {
      char c = Character.toUpperCase(typed.charAt(i));
      if (c == ' ' || c == '-') {
        continue;
      }
      char canonical =
          switch (c) {
            case 'O' -> '0';
            case 'I', 'L' -> '1';
            case 'U' -> 'V';
            default -> c;
          };
      if (indexOf(canonical) < 0 || n == SYMBOLS) {
        return null;
      }
      out[n < 5 ? n : n + 1] = canonical;
      n++;
    }
    if (n != SYMBOLS) {
      return null;
    }
    out[5] = '-';
    return new String(out);
  }

  private static int indexOf(char c) {
    return c < PLACE.length ? PLACE[c] : -1;
  }

  private static byte[] mac(byte[] windowSecret, String input) {
    Mac mac = MAC.get();
    try {
      mac.init(new SecretKeySpec(windowSecret, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("window secret is not a usable HMAC key", e);
    }
    return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
  }
}
