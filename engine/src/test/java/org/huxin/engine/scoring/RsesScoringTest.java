package org.huxin.engine.scoring;

import static org.huxin.engine.scoring.Sheet.flags;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RSES in the Chinese version's item order: options 0 strongly disagree … 3 strongly agree; items
 * 3, 5, 8, 9, 10 reverse-scored; raw 0–30, &lt; 15 low, 15–25 normal, &gt; 25 high. No tier rule
 * reads it; answering one option throughout contradicts its mixed keys and is invalid.
 */
class RsesScoringTest {

  private static ScoredResult rses(int... answers) throws AnswerRejectedException {
    return Sheet.of("g7-9").scale("rses", answers).score();
  }

  @Test
  void score_minimum() throws AnswerRejectedException {
    ScoredResult result = rses(0, 0, 3, 0, 3, 0, 0, 3, 3, 3);
    assertEquals(0, result.scale("rses").raw());
    assertEquals("low", result.scale("rses").band());
    assertEquals(Tier.ROUTINE, result.tier());
  }

  @Test
  void score_maximum() throws AnswerRejectedException {
    ScoredResult result = rses(3, 3, 0, 3, 0, 3, 3, 0, 0, 0);
    assertEquals(30, result.scale("rses").raw());
    assertEquals("high", result.scale("rses").band());
  }

  @ParameterizedTest(name = "RSES {0} is {1}")
  @CsvSource({"14, low", "15, normal", "25, normal", "26, high"})
  void score_cutOffBoundaries(int raw, String band) throws AnswerRejectedException {
    ScoredResult result = Sheet.of("g7-9").total("rses", raw).score();
    assertEquals(raw, result.scale("rses").raw());
    assertEquals(band, result.scale("rses").band());
    assertEquals(Tier.ROUTINE, result.tier());
  }

  @ParameterizedTest(name = "reverse item {0} scores 3 − answer")
  @ValueSource(ints = {3, 5, 8, 9, 10})
  void score_everyReverseItem(int number) throws AnswerRejectedException {
    // the calm profile keys every item to 2 (raw 20); a reverse item answered 3 scores 0
    assertEquals(20, Sheet.of("g7-9").score().scale("rses").raw());
    for (int answer = 0; answer <= 3; answer++) {
      ScoredResult result = Sheet.of("g7-9").item("rses", number, answer).score();
      assertEquals(18 + (3 - answer), result.scale("rses").raw(), "answer " + answer);
    }
  }

  @ParameterizedTest(name = "positive item {0} scores as answered")
  @ValueSource(ints = {1, 2, 4, 6, 7})
  void score_everyPositiveItem(int number) throws AnswerRejectedException {
    for (int answer = 0; answer <= 3; answer++) {
      ScoredResult result = Sheet.of("g7-9").item("rses", number, answer).score();
      assertEquals(18 + answer, result.scale("rses").raw(), "answer " + answer);
    }
  }

  @Test
  void score_reverseItemsAreThoseOfTheChineseVersion() {
    assertEquals(
        List.of(3, 5, 8, 9, 10),
        Sheet.LIBRARY.scale("rses").items().stream()
            .filter(org.huxin.scales.Item::reverse)
            .map(org.huxin.scales.Item::number)
            .toList());
  }

  @Test
  void score_sameOptionThroughoutIsInvalid() throws AnswerRejectedException {
    ScoredResult result = Sheet.of("g7-9").all("rses", 2).score();
    assertEquals(15, result.scale("rses").raw());
    assertEquals(Validity.INVALID, result.validity());
    assertEquals(List.of("straight_lining:rses"), flags(result));
    ValidityFlag flag = result.validityFlags().get(0);
    assertEquals(
        "option 3 on all 10 items of RSES, whose keys run both ways", flag.explanationEn());
    assertEquals("RSES 全部 10 题都选了第 3 个选项，而这些题的计分方向不一致", flag.explanationZh());
  }
}
