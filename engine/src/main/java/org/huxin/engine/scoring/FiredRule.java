package org.huxin.engine.scoring;

import java.util.Objects;
import org.huxin.scales.CrisisLevel;

/**
 * A tier rule that fired, with its explanation filled in with the actual values, e.g. {@code PHQ-9
 * 第9题 = 2（≥ 2）：…}.
 *
 * @param level the crisis level of a tier 3 rule, null below tier 3
 */
public record FiredRule(
    String ruleId, Tier tier, CrisisLevel level, String explanationZh, String explanationEn) {

  public FiredRule {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(tier, "tier");
    if ((tier == Tier.CRISIS) != (level != null)) {
      throw new IllegalArgumentException(
          "rule " + ruleId + ": a crisis level goes with tier 3 and only with it");
    }
    Objects.requireNonNull(explanationZh, "explanationZh");
    Objects.requireNonNull(explanationEn, "explanationEn");
  }

  /** The Chinese explanation for {@code zh*} locales, otherwise the English one. */
  public String explanation(String locale) {
    return locale.startsWith("zh") ? explanationZh : explanationEn;
  }

  /** A fired rule below tier 3, which has no crisis level. */
  public FiredRule(String ruleId, Tier tier, String explanationZh, String explanationEn) {
    this(ruleId, tier, null, explanationZh, explanationEn);
  }
}
