package org.huxin.engine.scoring;

import java.util.List;
import java.util.Objects;

/**
 * What scoring one questionnaire produces.
 *
 * <p>The constructor holds the two invariants reviewers rely on: {@code tier} is the highest tier
 * among {@code firedRules} (routine if none fired), and {@code crisis} is exactly {@code tier ==
 * CRISIS}. Validity is independent of both: an invalid questionnaire with a crisis answer is still
 * a crisis.
 *
 * @param tier the highest tier among the fired rules
 * @param crisis {@code tier == CRISIS}
 * @param validity whether the answers can be trusted
 * @param scales one score per scale, in battery order
 * @param firedRules every rule that fired, in rule-set order
 * @param normVersion the norm set that gave T and percentiles, or {@value #NO_NORMS}
 * @param batteryVersion the version of the battery that was scored
 * @param ruleSetVersion the version of the tier rule set that was applied
 */
public record ScoredResult(
    Tier tier,
    boolean crisis,
    Validity validity,
    List<ScaleScore> scales,
    List<FiredRule> firedRules,
    String normVersion,
    String batteryVersion,
    String ruleSetVersion) {

  /** The norm version of a result scored without norms. */
  public static final String NO_NORMS = "none";

  public ScoredResult {
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(validity, "validity");
    scales = List.copyOf(scales);
    firedRules = List.copyOf(firedRules);
    Objects.requireNonNull(normVersion, "normVersion");
    Objects.requireNonNull(batteryVersion, "batteryVersion");
    Objects.requireNonNull(ruleSetVersion, "ruleSetVersion");
    if (crisis != (tier == Tier.CRISIS)) {
      throw new IllegalArgumentException("crisis is " + crisis + " but the tier is " + tier);
    }
    int highest = 0;
    for (int i = 0; i < firedRules.size(); i++) {
      highest = Math.max(highest, firedRules.get(i).tier().level());
    }
    if (tier.level() != highest) {
      throw new IllegalArgumentException(
          "tier "
              + tier
              + " is not the highest tier among the fired rules, "
              + Tier.ofLevel(highest));
    }
  }

  /** The score of one scale. */
  public ScaleScore scale(String scaleId) {
    for (int i = 0; i < scales.size(); i++) {
      if (scales.get(i).scaleId().equals(scaleId)) {
        return scales.get(i);
      }
    }
    throw new IllegalArgumentException("result has no scale " + scaleId);
  }
}
