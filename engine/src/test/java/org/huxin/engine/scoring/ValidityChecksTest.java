package org.huxin.engine.scoring;

import static org.huxin.engine.scoring.Sheet.fired;
import static org.huxin.engine.scoring.Sheet.flags;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.huxin.scales.CrisisLevel;
import org.huxin.scales.Scale;
import org.huxin.scales.ScaleLibrary;
import org.huxin.scales.ValidityRules;
import org.huxin.scales.ValidityRules.Level;
import org.junit.jupiter.api.Test;

/**
 * The shipped validity checks (scales/validity/default.json): median under 2 s per item is
 * questionable; one option position throughout RSES is invalid (WHO-5 against PHQ-9 is not checked:
 * their option sets differ); every answer to the scales of five or more options (K10, WHO-5) at an
 * end, both ends used, is questionable. None of them changes the tier.
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
  void straightLining_coherentDepressedProfileIsValid() throws AnswerRejectedException {
    // PHQ-9 all "一半以上的天数" (2) with WHO-5 all "少于一半的时间" (2): the same option position on
    // two different option sets, a coherent depressed profile, not a contradiction
    for (String battery : List.of("g4-6", "g7-9", "g10-12")) {
      ScoredResult result = Sheet.of(battery).all("phq9", 2).all("who5", 2).score();
      assertEquals(Validity.VALID, result.validity(), battery);
      assertEquals(List.of(), flags(result), battery);
      // the rules decide the tier: PHQ-9 item 9 = 2 is a serious crisis, the total 18 is ≥ 15
      assertEquals(Tier.CRISIS, result.tier(), battery);
      assertEquals(CrisisLevel.SERIOUS, result.crisisLevel(), battery);
      assertTrue(fired(result).contains("crisis_phq9_item9"), battery + ": " + fired(result));
      assertTrue(fired(result).contains("close_phq9_total"), battery + ": " + fired(result));
    }
  }

  @Test
  void straightLining_coherentDepressedProfileWithoutItem9IsValidAndClose()
      throws AnswerRejectedException {
    ScoredResult result = Sheet.of("g7-9").all("phq9", 2).item("phq9", 9, 0).all("who5", 2).score();
    assertEquals(Validity.VALID, result.validity());
    assertEquals(Tier.CLOSE, result.tier());
    assertEquals(List.of("close_phq9_total"), fired(result));
  }

  @Test
  void straightLining_rsesSameOptionThroughoutStaysInvalid() throws AnswerRejectedException {
    for (int option = 0; option <= 3; option++) {
      ScoredResult result = Sheet.of("g7-9").all("rses", option).score();
      assertEquals(Validity.INVALID, result.validity(), "RSES all " + option);
      assertEquals(List.of("straight_lining:rses"), flags(result), "RSES all " + option);
    }
  }

  @Test
  void straightLining_invalidSheetWithCrisisAnswerIsStillCrisis() throws AnswerRejectedException {
    ScoredResult result = Sheet.of("g7-9").all("rses", 1).item("phq9", 9, 3).score();
    assertEquals(Validity.INVALID, result.validity());
    assertEquals(Tier.CRISIS, result.tier());
    assertEquals(CrisisLevel.SERIOUS, result.crisisLevel());
  }

  @Test
  void allExtreme_k10TopWithWho5TopIsQuestionable() throws AnswerRejectedException {
    // K10 all 5 (all of the time distressed) with WHO-5 all 5 (all of the time well): both ends
    ScoredResult result = Sheet.of("g7-9").all("k10", 5).all("who5", 5).score();
    assertEquals(List.of("all_extreme"), flags(result));
    assertEquals(Validity.QUESTIONABLE, result.validity());
    assertEquals(
        "every one of 15 answers to WHO-5, K10 is the lowest or highest option, at both ends",
        result.validityFlags().get(0).explanationEn());
    assertEquals(
        "WHO-5、K10 全部 15 题都选了最高或最低的选项，且两端都有", result.validityFlags().get(0).explanationZh());
    assertEquals(Tier.CLOSE, result.tier(), "validity never changes the tier");
  }

  @Test
  void allExtreme_k10BottomWithWho5BottomIsQuestionable() throws AnswerRejectedException {
    // K10 all 1 (never distressed) with WHO-5 all 0 (never well): both ends
    ScoredResult result = Sheet.of("g10-12").all("k10", 1).all("who5", 0).score();
    assertEquals(List.of("all_extreme"), flags(result));
    assertEquals(Validity.QUESTIONABLE, result.validity());
    assertEquals(Tier.KEY, result.tier(), "WHO-5 raw 0 is still ≤ 7");
  }

  @Test
  void allExtreme_oneEndThroughoutIsACoherentProfile() throws AnswerRejectedException {
    // all distressed, never well; and never distressed, always well: not flagged
    assertEquals(List.of(), flags(Sheet.of("g7-9").all("k10", 5).all("who5", 0).score()));
    assertEquals(List.of(), flags(Sheet.of("g7-9").all("k10", 1).all("who5", 5).score()));
  }

  @Test
  void allExtreme_scalesOfFewerThanFiveOptionsNotCounted() throws AnswerRejectedException {
    // PHQ-9 and GAD-7 (4 options) at both ends with WHO-5 ordinary: nothing to flag
    ScoredResult result = Sheet.of("g7-9").all("phq9", 3).all("gad7", 0).all("rses", 0).score();
    assertEquals(List.of("straight_lining:rses"), flags(result));
    // grades 4-6 ask only WHO-5 with five or more options: 5 items, under minItems
    assertEquals(List.of(), flags(Sheet.of("g4-6").all("phq9", 3).all("who5", 5).score()));
  }

  @Test
  void allExtreme_textbookPsc17AttentionProfileIsNotQuestionable() throws AnswerRejectedException {
    for (String form : List.of("parent", "teacher")) {
      String scaleId = "psc17-" + form;
      Scale scale = Sheet.LIBRARY.scale(scaleId);
      Sheet sheet = Sheet.of("g1-3-" + form).all(scaleId, 0);
      for (String itemId : scale.subscale(scaleId + "_att").orElseThrow().itemIds()) {
        sheet.item(scaleId, scale.item(itemId).orElseThrow().number(), 2);
      }
      ScoredResult result = sheet.score();
      assertEquals(
          10,
          result.subscales().stream()
              .filter(sub -> sub.subscaleId().equals(scaleId + "_att"))
              .findFirst()
              .orElseThrow()
              .raw(),
          form);
      assertEquals(Validity.VALID, result.validity(), form);
      assertEquals(List.of(), flags(result), form);
    }
  }

  @Test
  void allExtreme_healthyEndAloneIsValid() throws AnswerRejectedException {
    assertEquals(List.of(), flags(Sheet.of("g4-6").all("who5", 5).score()));
    assertEquals(List.of(), flags(Sheet.of("g7-9").score()), "the calm sheet: K10 all 1");
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
