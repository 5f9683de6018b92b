package org.huxin.engine.scoring;

import static org.huxin.engine.scoring.Sheet.flags;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.huxin.scales.ScaleLibrary;
import org.huxin.scales.ValidityRules;
import org.huxin.scales.ValidityRules.Level;
import org.junit.jupiter.api.Test;

/**
 * The shipped validity checks (scales/validity/default.json): median under 2 s per item is
 * questionable; one option position throughout RSES or throughout WHO-5 with PHQ-9 is invalid;
 * every answer at an end, both ends used, is questionable. None of them changes the tier.
 */
class ValidityChecksTest {

  private static final CompiledBattery G4_6 = Sheet.ENGINE.battery("g4-6");

  /** Item times for g4-6: the first {@code fast} items take {@code fastMillis}, the rest 5 s. */
  private static int[] times(int fast, int fastMillis, int slowMillis) {
    int[] millis = new int[G4_6.itemCount()];
    Arrays.fill(millis, slowMillis);
    Arrays.fill(millis, 0, fast, fastMillis);
    return millis;
  }

  private static ScoredResult timed(Sheet sheet, int[] millis) throws AnswerRejectedException {
    return sheet.battery().score(sheet.answers(), millis, Sheet.GIRL_GRADE_5);
  }

  @Test
  void speed_oddCountMedianBelow() throws AnswerRejectedException {
    // 25 answered items (ASQ item 5 not asked): the 13th smallest time is the median
    ScoredResult fast = timed(Sheet.of("g4-6"), times(13, 1000, 5000));
    assertEquals(Validity.QUESTIONABLE, fast.validity());
    assertEquals(
        List.of(
            new ValidityFlag(
                "speed",
                Validity.QUESTIONABLE,
                "答题过快：每题用时中位数 1.0 秒，低于 2.0 秒",
                "answered too fast: median 1.0 s per item, under 2.0 s")),
        fast.validityFlags());
    assertEquals(Validity.VALID, timed(Sheet.of("g4-6"), times(12, 1000, 5000)).validity());
  }

  @Test
  void speed_evenCountAveragesTheMiddlePair() throws AnswerRejectedException {
    // ASQ item 5 asked: 26 answered; 13 at 1999 ms, the 14th smallest decides
    Sheet asked = Sheet.of("g4-6").item("asq", 1, 1).item("asq", 5, 0);
    assertEquals(List.of("speed"), flags(timed(asked, times(13, 1999, 2000))));
    assertEquals(List.of(), flags(timed(asked, times(13, 1999, 2001))));
    assertEquals(List.of("speed"), flags(timed(asked, times(14, 1999, 9000))));
  }

  @Test
  void speed_unknownTimesLeftOut() throws AnswerRejectedException {
    int[] millis = times(12, 1000, 5000);
    millis[24] = -1;
    millis[23] = -1;
    // 23 known times, 12 of them fast: the 12th smallest is the median
    assertEquals(List.of("speed"), flags(timed(Sheet.of("g4-6"), millis)));
  }

  @Test
  void speed_notCheckedWithoutTimes() throws AnswerRejectedException {
    assertEquals(Validity.VALID, Sheet.of("g4-6").score().validity());
  }

  @Test
  void straightLining_who5AgainstPhq9() throws AnswerRejectedException {
    ScoredResult result = Sheet.of("g4-6").all("phq9", 1).all("who5", 1).score();
    assertEquals(Validity.INVALID, result.validity());
    assertEquals(List.of("straight_lining:who5_phq9"), flags(result));
    assertEquals(
        "option 2 on all 14 items of WHO-5, PHQ-9, whose keys run both ways",
        result.validityFlags().get(0).explanationEn());
    assertEquals(Tier.CLOSE, result.tier());
  }

  @Test
  void straightLining_oneDifferentAnswerClears() throws AnswerRejectedException {
    ScoredResult result = Sheet.of("g4-6").all("phq9", 1).all("who5", 1).item("who5", 5, 2).score();
    assertEquals(List.of(), flags(result));
  }

  @Test
  void allExtreme_bothEnds() throws AnswerRejectedException {
    ScoredResult result = Sheet.of("g4-6").all("phq9", 3).all("who5", 5).score();
    assertEquals(List.of("all_extreme"), flags(result));
    assertEquals(Validity.QUESTIONABLE, result.validity());
    assertEquals(
        "every one of 21 answers is the lowest or highest option, at both ends",
        result.validityFlags().get(0).explanationEn());
    assertEquals(Tier.CRISIS, result.tier());
  }

  @Test
  void allExtreme_healthyEndAloneIsValid() throws AnswerRejectedException {
    assertEquals(List.of(), flags(Sheet.of("g4-6").all("who5", 5).score()));
  }

  @Test
  void allExtreme_wellbeingLowIsTheSevereEnd() throws AnswerRejectedException {
    // WHO-5 all 0 is the severe end, like PHQ-9 and GAD-7 all 3: one end only, so not flagged
    ScoredResult result = Sheet.of("g4-6").all("phq9", 3).all("gad7", 3).all("who5", 0).score();
    assertEquals(List.of(), flags(result));
  }

  @Test
  void thresholdsAreData() throws AnswerRejectedException {
    ScaleLibrary shipped = Sheet.LIBRARY;
    ValidityRules strict =
        new ValidityRules(
            "strict",
            "1",
            new ValidityRules.Speed(6000, 5, Level.INVALID),
            null,
            null,
            new ValidityRules.Missing(Level.VALID, Level.INVALID));
    CompiledBattery battery =
        ScoringEngine.compile(
                new ScaleLibrary(
                    shipped.scales(),
                    shipped.batteries(),
                    shipped.ruleSets(),
                    shipped.normSets(),
                    strict))
            .battery("g4-6");
    int[] answers = Sheet.of("g4-6").all("phq9", 1).all("who5", 1).answers();
    ScoredResult result = battery.score(answers, times(0, 0, 5000), Sheet.GIRL_GRADE_5);
    assertEquals(List.of("speed"), flags(result));
    assertEquals(Validity.INVALID, result.validity());
    assertEquals(
        "answered too fast: median 5.0 s per item, under 6.0 s",
        result.validityFlags().get(0).explanationEn());
  }
}
