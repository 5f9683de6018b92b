package org.huxin.gateway.staff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The staff password rule: long, not common, not the username; each refusal says why. */
class PasswordRuleTest {

  @Test
  void check_nineCharacters_refusedTenAllowed() {
    PasswordRule.Verdict nine = PasswordRule.check("x7#kq!mzp", "wang");
    assertFalse(nine.ok());
    assertEquals("密码至少需要 10 个字符。", nine.message());
    assertTrue(PasswordRule.check("x7#kq!mzpw", "wang").ok());
  }

  @Test
  void check_chineseCharactersCountAsOne() {
    assertFalse(PasswordRule.check("护心平台护心平台护", "wang").ok(), "nine characters");
    assertTrue(PasswordRule.check("春眠不觉晓处处闻啼鸟", "wang").ok());
  }

  @Test
  void check_commonPasswords_refusedAlsoWithDigitsAround() {
    for (String common :
        new String[] {
          "1234567890", "qwertyuiop", "Password123456", "password2024!", "woaini1314"
        }) {
      PasswordRule.Verdict v = PasswordRule.check(common, "wang");
      assertFalse(v.ok(), common);
    }
    assertEquals("这个密码太常见，容易被猜中，请换一个。", PasswordRule.check("Sunshine2024!!", "wang").message());
    assertTrue(PasswordRule.check("sunshine over the lake", "wang").ok());
  }

  @Test
  void check_digitsOnlyOrFewDistinct_refused() {
    assertEquals("密码不能全是数字，请加入字母或汉字。", PasswordRule.check("8302917465", "wang").message());
    assertFalse(PasswordRule.check("abababababab", "wang").ok());
  }

  @Test
  void check_containsUsername_refused() {
    PasswordRule.Verdict v = PasswordRule.check("zhang.wei-spring-rain", "Zhang.Wei");
    assertEquals("密码不能包含用户名。", v.message());
    assertTrue(PasswordRule.check("zhang.wei-spring-rain", "li.na").ok());
  }
}
