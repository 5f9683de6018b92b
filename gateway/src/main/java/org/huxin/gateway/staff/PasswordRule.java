package org.huxin.gateway.staff;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a staff password must be, in NIST SP 800-63B's spirit: long enough, not a known common one,
 * not the username; no rules about character classes. Refused, with a sentence in Chinese that says
 * which rule:
 *
 * <ul>
 *   <li>fewer than {@link #MIN_LENGTH} characters (or more than {@link #MAX_LENGTH});
 *   <li>one of the 10,000 most common passwords (a list shipped as a resource, no network),
 *       compared lower-cased, also once the digits and symbols at either end are taken off ({@code
 *       Password2024!} is {@code password});
 *   <li>digits only, or fewer than four different characters ({@code aaaaaaaaab});
 *   <li>containing the username.
 * </ul>
 */
public final class PasswordRule {
  public static final int MIN_LENGTH = 10;
  public static final int MAX_LENGTH = 256;

  private static final Set<String> COMMON = load("/staff/common-passwords.txt");

  private PasswordRule() {}

  /** Whether a password passes, and if not the sentence that says why. */
  public record Verdict(boolean ok, String message) {
    static final Verdict OK = new Verdict(true, null);

    static Verdict no(String message) {
      return new Verdict(false, message);
    }
  }

  /** Checks {@code password} for the account {@code username}. */
  public static Verdict check(String password, String username) {
    if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
      return Verdict.no("密码至少需要 " + MIN_LENGTH + " 个字符。");
    }
    if (password.length() > MAX_LENGTH) {
      return Verdict.no("密码不能超过 " + MAX_LENGTH + " 个字符。");
    }
    String lower = password.toLowerCase(Locale.ROOT);
    if (lower.chars().allMatch(Character::isDigit)) {
      return Verdict.no("密码不能全是数字，请加入字母或汉字。");
    }
    if (lower.codePoints().distinct().count() < 4) {
      return Verdict.no("密码中重复的字符太多，请换一个。");
    }
    String core = trimEnds(lower);
    if (COMMON.contains(lower) || (core.length() >= 4 && COMMON.contains(core))) {
      return Verdict.no("这个密码太常见，容易被猜中，请换一个。");
    }
    if (username != null
        && username.length() >= 3
        && lower.contains(username.toLowerCase(Locale.ROOT))) {
      return Verdict.no("密码不能包含用户名。");
    }
    return Verdict.OK;
  }

  /** {@code s} without the digits, spaces and symbols at its start and end. */
  private static String trimEnds(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && !Character.isLetter(s.charAt(start))) {
      start++;
    }
    while (end > start && !Character.isLetter(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  private static Set<String> load(String resource) {
    Set<String> words = new HashSet<>();
    try (InputStream in = PasswordRule.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the gateway jar");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = reader.readLine()) != null; ) {
        String word = line.strip();
        if (!word.isEmpty() && !word.startsWith("#")) {
          words.add(word.toLowerCase(Locale.ROOT));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + resource, e);
    }
    return Set.copyOf(words);
  }
}
