package org.huxin.engine.scoring;

/** Attention tiers, lowest to highest; a result takes the highest tier among its fired rules. */
public enum Tier {
  /** 日常关注: nothing beyond the usual. */
  ROUTINE(0, "日常关注", "routine"),
  /** 重点关注: second-stage check. */
  KEY(1, "重点关注", "key attention"),
  /** 密切关注: interview within days. */
  CLOSE(2, "密切关注", "close attention"),
  /** 危机: act the same day; alert now. */
  CRISIS(3, "危机", "crisis");

  private static final Tier[] BY_LEVEL = values();

  private final int level;
  private final String zh;
  private final String en;

  Tier(int level, String zh, String en) {
    this.level = level;
    this.zh = zh;
    this.en = en;
  }

  /** 0 routine … 3 crisis, as stored and as written in rule files. */
  public int level() {
    return level;
  }

  /** The tier's name in Chinese for {@code zh*} locales, otherwise in English. */
  public String label(String locale) {
    return locale.startsWith("zh") ? zh : en;
  }

  /** The tier at {@code level}. */
  public static Tier ofLevel(int level) {
    if (level < 0 || level >= BY_LEVEL.length) {
      throw new IllegalArgumentException("tier level " + level + " is outside 0–3");
    }
    return BY_LEVEL[level];
  }
}
