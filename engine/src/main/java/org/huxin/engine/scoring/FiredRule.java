package org.huxin.engine.scoring;

import java.util.Objects;

/**
 * A tier rule that fired, with its explanation filled in with the actual values, e.g. {@code PHQ-9
 * 第9题 = 2（≥ 2）：…}.
 */
public record FiredRule(String ruleId, Tier tier, String explanationZh, String explanationEn) {

  public FiredRule {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(explanationZh, "explanationZh");
    Objects.requireNonNull(explanationEn, "explanationEn");
  }

  /** The Chinese explanation for {@code zh*} locales, otherwise the English one. */
  public String explanation(String locale) {
    return locale.startsWith("zh") ? explanationZh : explanationEn;
  }
}
