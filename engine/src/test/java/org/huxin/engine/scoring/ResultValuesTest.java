package org.huxin.engine.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.huxin.scales.CrisisLevel;
import org.junit.jupiter.api.Test;

/** The result values refuse states that would misreport a student. */
class ResultValuesTest {

  private static final ScaleScore PHQ9 =
      new ScaleScore("phq9", 3, 3, "minimal", Double.NaN, Double.NaN);
  private static final FiredRule CRISIS =
      new FiredRule("crisis_phq9_item9", Tier.CRISIS, CrisisLevel.SERIOUS, "危机", "crisis");
  private static final ValidityFlag FAST =
      new ValidityFlag("speed", Validity.QUESTIONABLE, "过快", "too fast");

  private static ScoredResult result(
      Tier tier,
      boolean crisis,
      Validity validity,
      List<FiredRule> fired,
      List<ValidityFlag> flags) {
    CrisisLevel level = null;
    for (FiredRule rule : fired) {
      level = CrisisLevel.higher(level, rule.level());
    }
    return new ScoredResult(
        tier, crisis, level, validity, List.of(PHQ9), List.of(), fired, flags, "none", "1", "1");
  }

  @Test
  void tier_levels() {
    for (Tier tier : Tier.values()) {
      assertEquals(tier, Tier.ofLevel(tier.level()));
    }
    assertEquals(3, Tier.CRISIS.level());
    assertEquals("密切关注", Tier.CLOSE.label("zh-CN"));
    assertEquals("key attention", Tier.KEY.label("en"));
    assertThrows(IllegalArgumentException.class, () -> Tier.ofLevel(4));
    assertThrows(IllegalArgumentException.class, () -> Tier.ofLevel(-1));
  }

  @Test
  void validity_codes() {
    for (Validity v : Validity.values()) {
      assertEquals(v, Validity.ofCode(v.code()));
    }
    assertEquals(2, Validity.INVALID.code());
    assertThrows(IllegalArgumentException.class, () -> Validity.ofCode(3));
  }

  @Test
  void respondent_gradeOutOfRange() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Respondent(13, 'F'));
    assertEquals("grade 13 is outside 1–12", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Respondent(0, 'M'));
  }

  @Test
  void respondent_sex() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Respondent(4, 'f'));
    assertEquals("sex 'f' is not F or M", e.getMessage());
  }

  @Test
  void scaleScore_notNormed() {
    assertFalse(PHQ9.normed());
    assertTrue(new ScaleScore("k10", 30, 30, "severe", 59.2, 84.0).normed());
    assertThrows(
        IllegalArgumentException.class,
        () -> new ScaleScore("k10", 30, 30, "severe", 59.2, Double.NaN));
    assertThrows(
        IllegalArgumentException.class, () -> new ScaleScore("k10", 30, 30, "severe", 59, 101));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ScaleScore("who5", 5, 4, "poor", Double.NaN, Double.NaN));
  }

  @Test
  void subscaleScore_values() {
    SubscaleScore att =
        new SubscaleScore("psc17-parent_att", "psc17-parent", 7, "positive", 67.8, 96.3);
    assertTrue(att.normed());
    assertThrows(
        IllegalArgumentException.class,
        () -> new SubscaleScore("x_a", "x", -1, "", Double.NaN, Double.NaN));
  }

  @Test
  void scoredResult_crisisFlagMatchesTier() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> result(Tier.CRISIS, false, Validity.VALID, List.of(CRISIS), List.of()));
    assertEquals("crisis is false but the tier is CRISIS", e.getMessage());
  }

  @Test
  void scoredResult_tierBelowFiredRule() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> result(Tier.CLOSE, false, Validity.VALID, List.of(CRISIS), List.of()));
    assertEquals(
        "tier CLOSE is not the highest tier among the fired rules, CRISIS", e.getMessage());
  }

  @Test
  void scoredResult_crisisLevelIsTheHighestFiredLevel() {
    FiredRule major =
        new FiredRule("crisis_asq_acute", Tier.CRISIS, CrisisLevel.MAJOR, "重大", "major");
    ScoredResult both =
        result(Tier.CRISIS, true, Validity.VALID, List.of(CRISIS, major), List.of());
    assertEquals(CrisisLevel.MAJOR, both.crisisLevel());
    assertEquals(3, both.crisisLevelCode());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new ScoredResult(
                    Tier.CRISIS,
                    true,
                    CrisisLevel.GENERAL,
                    Validity.VALID,
                    List.of(PHQ9),
                    List.of(),
                    List.of(CRISIS),
                    List.of(),
                    "none",
                    "1",
                    "1"));
    assertEquals(
        "crisis level GENERAL is not the highest among the fired rules, SERIOUS", e.getMessage());
  }

  @Test
  void firedRule_levelExactlyAtTier3() {
    assertThrows(
        IllegalArgumentException.class, () -> new FiredRule("x", Tier.CRISIS, "危机", "crisis"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new FiredRule("x", Tier.CLOSE, CrisisLevel.GENERAL, "密切", "close"));
  }

  @Test
  void scoredResult_validityIsTheWorstFlag() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> result(Tier.ROUTINE, false, Validity.INVALID, List.of(), List.of(FAST)));
    assertEquals(
        "validity INVALID is not the worst level among the flags, QUESTIONABLE", e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> result(Tier.ROUTINE, false, Validity.VALID, List.of(), List.of(FAST)));
  }

  @Test
  void scoredResult_questionableCrisisStands() {
    ScoredResult result =
        result(Tier.CRISIS, true, Validity.QUESTIONABLE, List.of(CRISIS), List.of(FAST));
    assertTrue(result.crisis());
    assertEquals(PHQ9, result.scale("phq9"));
    assertThrows(IllegalArgumentException.class, () -> result.scale("gad7"));
    assertThrows(IllegalArgumentException.class, () -> result.subscale("gad7_x"));
  }

  @Test
  void validityFlag_neverValid() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new ValidityFlag("speed", Validity.VALID, "快", "fast"));
    assertEquals("过快", FAST.explanation("zh-CN"));
  }

  @Test
  void firedRule_explanationByLocale() {
    assertEquals("危机", CRISIS.explanation("zh-CN-primary"));
    assertEquals("crisis", CRISIS.explanation("en"));
  }
}
