package org.huxin.engine.progress;

import java.util.Objects;

/**
 * A tier rule that fired for a stored result: its id, and the explanation with the actual values
 * that was stored with the scores ({@code zh}, {@code en}; null when the stored scores carry none).
 */
public record RuleHit(String ruleId, Integer tier, String zh, String en) {

  public RuleHit {
    Objects.requireNonNull(ruleId, "ruleId");
    if (tier != null && (tier < 0 || tier > 3)) {
      throw new IllegalArgumentException("rule " + ruleId + ": tier " + tier + " is outside 0–3");
    }
  }
}
