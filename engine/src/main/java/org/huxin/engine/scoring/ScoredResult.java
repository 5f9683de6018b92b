package org.huxin.engine.scoring;

import java.util.List;
import java.util.Objects;
import org.huxin.scales.CrisisLevel;

/**
 * What scoring one questionnaire produces.
 *
 * <p>The constructor holds the invariants reviewers rely on: {@code tier} is the highest tier among
 * {@code firedRules} (routine if none fired), {@code crisis} is exactly {@code tier == CRISIS},
 * {@code crisisLevel} is the highest level among the fired crisis rules (null when there is no
 * crisis), and {@code validity} is the worst level among {@code validityFlags} (valid if none).
 * Validity is independent of the tier: an invalid questionnaire with a crisis answer is still a
 * crisis, at its level.
 *
 * @param tier the highest tier among the fired rules
 * @param crisis {@code tier == CRISIS}
 * @param crisisLevel 一般 / 严重 / 重大 for a crisis, null otherwise
 * @param validity whether the answers can be trusted
 * @param scales one score per scale, in battery order
 * @param subscales one score per subscale, in battery and file order; empty for most batteries
 * @param firedRules every rule that fired, in rule-set order
 * @param validityFlags every validity check that fired
 * @param normVersion the norm sets that gave T and percentiles ({@code id@version}, joined by
 *     {@code +}), or {@value #NO_NORMS}
 * @param batteryVersion the version of the battery that was scored
 * @param ruleSetVersion the version of the tier rule set that was applied
 */
public record ScoredResult(
    Tier tier,
    boolean crisis,
    CrisisLevel crisisLevel,
    Validity validity,
    List<ScaleScore> scales,
    List<SubscaleScore> subscales,
    List<FiredRule> firedRules,
    List<ValidityFlag> validityFlags,
    String normVersion,
    String batteryVersion,
    String ruleSetVersion) {

  /** The norm version of a result scored without norms. */
  public static final String NO_NORMS = "none";

  public ScoredResult {
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(validity, "validity");
    scales = List.copyOf(scales);
    subscales = List.copyOf(subscales);
    firedRules = List.copyOf(firedRules);
    validityFlags = List.copyOf(validityFlags);
    Objects.requireNonNull(normVersion, "normVersion");
    Objects.requireNonNull(batteryVersion, "batteryVersion");
    Objects.requireNonNull(ruleSetVersion, "ruleSetVersion");
    if (crisis != (tier == Tier.CRISIS)) {
      throw new IllegalArgumentException("crisis is " + crisis + " but the tier is " + tier);
    }
    int highest = 0;
    CrisisLevel level = null;
    for (int i = 0; i < firedRules.size(); i++) {
      highest = Math.max(highest, firedRules.get(i).tier().level());
      level = CrisisLevel.higher(level, firedRules.get(i).level());
    }
    if (crisisLevel != level) {
      throw new IllegalArgumentException(
          "crisis level " + crisisLevel + " is not the highest among the fired rules, " + level);
    }
    if (tier.level() != highest) {
      throw new IllegalArgumentException(
          "tier "
              + tier
              + " is not the highest tier among the fired rules, "
              + Tier.ofLevel(highest));
    }
    int worst = 0;
    for (int i = 0; i < validityFlags.size(); i++) {
      worst = Math.max(worst, validityFlags.get(i).level().code());
    }
    if (validity.code() != worst) {
      throw new IllegalArgumentException(
          "validity "
              + validity
              + " is not the worst level among the flags, "
              + Validity.ofCode(worst));
    }
  }

  /** The stored code of the crisis level: 0 without a crisis, 1 一般, 2 严重, 3 重大. */
  public int crisisLevelCode() {
    return crisisLevel == null ? 0 : crisisLevel.code();
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

  /** The score of one subscale. */
  public SubscaleScore subscale(String subscaleId) {
    for (int i = 0; i < subscales.size(); i++) {
      if (subscales.get(i).subscaleId().equals(subscaleId)) {
        return subscales.get(i);
      }
    }
    throw new IllegalArgumentException("result has no subscale " + subscaleId);
  }
}
