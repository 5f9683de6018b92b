package org.huxin.engine.progress;

import java.util.List;

/**
 * Counts of one node: students to be screened ({@code inScope}), those of them without guardian
 * consent, those who submitted, the forms those stored ({@code results}, at least one each), the
 * submitted ones by their highest tier (0..3), which sum to {@code submitted}, and those of them
 * with a crisis answer in any form ({@code crisisStudents}).
 */
public record ProgressCounts(
    long inScope,
    long withoutConsent,
    long submitted,
    long results,
    long tier0,
    long tier1,
    long tier2,
    long tier3,
    long crisisStudents) {

  public static final ProgressCounts ZERO = new ProgressCounts(0, 0, 0, 0, 0, 0, 0, 0, 0);

  public ProgressCounts {
    if (inScope < 0 || withoutConsent < 0 || submitted < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
    if (withoutConsent > inScope || submitted > inScope) {
      throw new IllegalArgumentException(
          "withoutConsent ("
              + withoutConsent
              + ") and submitted ("
              + submitted
              + ") cannot exceed inScope ("
              + inScope
              + ")");
    }
    if (results < submitted || (submitted == 0 && results != 0)) {
      throw new IllegalArgumentException(
          "results ("
              + results
              + ") must be at least one per submitted student ("
              + submitted
              + ") and none without one");
    }
    if (tier0 + tier1 + tier2 + tier3 != submitted
        || Math.min(Math.min(tier0, tier1), Math.min(tier2, tier3)) < 0) {
      throw new IllegalArgumentException(
          "tier counts "
              + List.of(tier0, tier1, tier2, tier3)
              + " must be non-negative and sum to submitted "
              + submitted);
    }
    if (crisisStudents < 0 || crisisStudents > submitted) {
      throw new IllegalArgumentException(
          "crisisStudents ("
              + crisisStudents
              + ") must lie within 0..submitted ("
              + submitted
              + ")");
    }
  }

  public ProgressCounts plus(ProgressCounts o) {
    return new ProgressCounts(
        inScope + o.inScope,
        withoutConsent + o.withoutConsent,
        submitted + o.submitted,
        results + o.results,
        tier0 + o.tier0,
        tier1 + o.tier1,
        tier2 + o.tier2,
        tier3 + o.tier3,
        crisisStudents + o.crisisStudents);
  }

  /** Students by tier, index = tier. */
  public List<Long> tiers() {
    return List.of(tier0, tier1, tier2, tier3);
  }
}
