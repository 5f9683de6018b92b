package org.huxin.scales;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class LocalizedTextTest {

  private static final LocalizedText PRIMARY =
      LocalizedText.of("感到心情低落", "Feeling down").with("zh-CN-primary", "心情不好");

  @Test
  void get_exactLocale() {
    assertEquals("心情不好", PRIMARY.get("zh-CN-primary"));
    assertEquals("感到心情低落", PRIMARY.get("zh-CN"));
    assertEquals("Feeling down", PRIMARY.get("en"));
  }

  @Test
  void get_primaryFallsBackToZhCn() {
    assertEquals("感到心情低落", LocalizedText.of("感到心情低落", "Feeling down").get("zh-CN-primary"));
  }

  @Test
  void get_unknownLocaleFallsBackToZhCn() {
    assertEquals("感到心情低落", PRIMARY.get("fr"));
    assertEquals("Feeling down", PRIMARY.get("en-GB"));
  }

  @Test
  void has_noFallback() {
    assertTrue(PRIMARY.has("zh-CN-primary"));
    assertFalse(LocalizedText.of("一", "One").has("zh-CN-primary"));
  }

  @Test
  void new_missingZhCn() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new LocalizedText(Map.of("en", "One")));
    assertEquals("no zh-CN text", e.getMessage());
  }

  @Test
  void new_missingEn() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new LocalizedText(Map.of("zh-CN", "一")));
    assertEquals("no en text", e.getMessage());
  }

  @Test
  void new_blankText() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new LocalizedText(Map.of("zh-CN", "一", "en", " ")));
    assertEquals("blank en text", e.getMessage());
  }

  @Test
  void new_badLocaleKey() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new LocalizedText(Map.of("zh-CN", "一", "en", "One", "zh_CN", "一")));
    assertEquals("locale 'zh_CN' is not a tag like zh-CN, en or zh-CN-primary", e.getMessage());
  }

  @Test
  void texts_immutable() {
    assertThrows(UnsupportedOperationException.class, () -> PRIMARY.texts().put("fr", "Un"));
  }

  @Property
  void get_alwaysOneOfTheTexts(@ForAll("locales") String locale) {
    assertTrue(PRIMARY.texts().containsValue(PRIMARY.get(locale)), locale);
  }

  @Provide
  Arbitrary<String> locales() {
    Arbitrary<String> language = Arbitraries.of("zh", "en", "fr", "ug", "bo");
    Arbitrary<String> region = Arbitraries.of("", "-CN", "-TW", "-GB", "-US");
    Arbitrary<String> variant = Arbitraries.of("", "-primary", "-simple");
    return Combinators.combine(language, region, variant).as((l, r, v) -> l + r + v);
  }
}
