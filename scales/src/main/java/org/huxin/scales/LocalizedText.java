package org.huxin.scales;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One text in several locales. {@code zh-CN} and {@code en} are required; {@code zh-CN-primary} is
 * the simpler primary-school wording of the same text.
 */
public record LocalizedText(Map<String, String> texts) {

  /** Simplified Chinese. */
  public static final String ZH_CN = "zh-CN";

  /** English. */
  public static final String EN = "en";

  /** Simplified Chinese in primary-school (grades 4–6) wording. */
  public static final String ZH_CN_PRIMARY = "zh-CN-primary";

  private static final Pattern LOCALE = Pattern.compile("[a-z]{2,3}(-[A-Z]{2})?(-[a-z]{2,16})?");

  public LocalizedText {
    Objects.requireNonNull(texts, "texts");
    for (Map.Entry<String, String> e : texts.entrySet()) {
      if (e.getKey() == null || !LOCALE.matcher(e.getKey()).matches()) {
        throw new IllegalArgumentException(
            "locale '" + e.getKey() + "' is not a tag like zh-CN, en or zh-CN-primary");
      }
      if (e.getValue() == null || e.getValue().isBlank()) {
        throw new IllegalArgumentException("blank " + e.getKey() + " text");
      }
    }
    if (!texts.containsKey(ZH_CN)) {
      throw new IllegalArgumentException("no zh-CN text");
    }
    if (!texts.containsKey(EN)) {
      throw new IllegalArgumentException("no en text");
    }
    texts = Collections.unmodifiableMap(new TreeMap<>(texts));
  }

  /** A text with only the two required locales. */
  public static LocalizedText of(String zhCn, String en) {
    return new LocalizedText(Map.of(ZH_CN, zhCn, EN, en));
  }

  /** This text with one more locale variant (or a replaced one). */
  public LocalizedText with(String locale, String text) {
    Map<String, String> copy = new TreeMap<>(texts);
    copy.put(locale, text);
    return new LocalizedText(copy);
  }

  /**
   * The text for a locale. Falls back by dropping trailing subtags ({@code zh-CN-primary} → {@code
   * zh-CN}), then to {@code zh-CN}, then to {@code en}; so it always returns a text.
   */
  public String get(String locale) {
    Objects.requireNonNull(locale, "locale");
    String tag = locale;
    while (true) {
      String text = texts.get(tag);
      if (text != null) {
        return text;
      }
      int dash = tag.lastIndexOf('-');
      if (dash < 0) {
        break;
      }
      tag = tag.substring(0, dash);
    }
    String zh = texts.get(ZH_CN);
    return zh != null ? zh : texts.get(EN);
  }

  /** Whether this exact locale has its own text (no fallback). */
  public boolean has(String locale) {
    return texts.containsKey(locale);
  }
}
