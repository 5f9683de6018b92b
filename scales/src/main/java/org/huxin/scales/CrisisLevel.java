package org.huxin.scales;

/**
 * The three crisis levels within tier 3 (the Qingdao plan's 一般 / 严重 / 重大心理危机), lowest to highest.
 * Each sets how soon an unacknowledged alert goes to the district; the times are data of the tier
 * rule set ({@link TierRuleSet#escalateAfter()}).
 */
public enum CrisisLevel {
  /** 一般: any other ASQ positive; a brief safety assessment before the student goes home. */
  GENERAL(1, "general", "一般", "general"),
  /** 严重: act within the school day. */
  SERIOUS(2, "serious", "严重", "serious"),
  /** 重大: imminent; keep the student in sight, psychologist now, guardian called. */
  MAJOR(3, "major", "重大", "major");

  private static final CrisisLevel[] BY_CODE = {null, GENERAL, SERIOUS, MAJOR};

  private final int code;
  private final String key;
  private final String zh;
  private final String en;

  CrisisLevel(int code, String key, String zh, String en) {
    this.code = code;
    this.key = key;
    this.zh = zh;
    this.en = en;
  }

  /** 1 general, 2 serious, 3 major, as stored; 0 stands for no crisis. */
  public int code() {
    return code;
  }

  /** The key in rule files and the API: {@code general}, {@code serious}, {@code major}. */
  public String key() {
    return key;
  }

  /** 一般 / 严重 / 重大 for {@code zh*} locales, otherwise the English word. */
  public String label(String locale) {
    return locale.startsWith("zh") ? zh : en;
  }

  /** The level with this stored code (1–3). */
  public static CrisisLevel ofCode(int code) {
    if (code < 1 || code > 3) {
      throw new IllegalArgumentException("crisis level " + code + " is outside 1–3");
    }
    return BY_CODE[code];
  }

  /** The level with this key. */
  public static CrisisLevel ofKey(String key) {
    for (CrisisLevel level : values()) {
      if (level.key.equals(key)) {
        return level;
      }
    }
    throw new IllegalArgumentException(
        "crisis level '" + key + "' is not general, serious or major");
  }

  /** The higher of two levels; null counts as lower than any. */
  public static CrisisLevel higher(CrisisLevel a, CrisisLevel b) {
    if (a == null) {
      return b;
    }
    return b == null || a.code >= b.code ? a : b;
  }
}
