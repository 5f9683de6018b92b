package org.huxin.engine.scoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.huxin.scales.Band;
import org.huxin.scales.Item;
import org.huxin.scales.Scale;
import org.huxin.scales.Scoring;
import org.huxin.scales.Subscale;

/** What must hold for every possible submission to every shipped battery, not just examples. */
class ScoringPropertiesTest {

  private static final List<String> BATTERIES =
      List.of("g1-3-teacher", "g1-3-parent", "g4-6", "g7-9", "g10-12");

  /** A battery, a respondent of its band, and a valid answer array with no blanks. */
  record Submission(String batteryId, Respondent respondent, int[] answers) {
    CompiledBattery battery() {
      return Sheet.ENGINE.battery(batteryId);
    }

    ScoredResult score() throws AnswerRejectedException {
      return battery().score(answers, respondent);
    }
  }

  @Provide
  Arbitrary<Submission> submissions() {
    Arbitrary<String> ids = Arbitraries.of(BATTERIES);
    return ids.flatMap(
        id -> {
          CompiledBattery battery = Sheet.ENGINE.battery(id);
          Arbitrary<int[]> raw =
              Arbitraries.integers().between(0, 999).array(int[].class).ofSize(battery.itemCount());
          Arbitrary<Integer> grade =
              Arbitraries.integers()
                  .between(battery.definition().band().first(), battery.definition().band().last());
          Arbitrary<Character> sex = Arbitraries.of('F', 'M');
          return Combinators.combine(raw, grade, sex)
              .as((r, g, s) -> new Submission(id, new Respondent(g, s), fit(battery, r)));
        });
  }

  /** Maps uniform numbers onto each item's options; a conditional item not asked is blank. */
  static int[] fit(CompiledBattery battery, int[] raw) {
    int[] out = new int[raw.length];
    for (ScaleLayout layout : battery.layout()) {
      int span = layout.maxValue() - layout.minValue() + 1;
      for (int k = 0; k < layout.itemCount(); k++) {
        out[layout.offset() + k] = layout.minValue() + raw[layout.offset() + k] % span;
      }
    }
    settle(battery, out);
    return out;
  }

  /** Blanks conditional items that are not asked and answers "no" to those newly asked. */
  static void settle(CompiledBattery battery, int[] answers) {
    for (ScaleLayout layout : battery.layout()) {
      Scale scale = Sheet.LIBRARY.scale(layout.scaleId());
      for (int k = 0; k < layout.itemCount(); k++) {
        Item item = scale.items().get(k);
        if (item.showIf() == null) {
          continue;
        }
        boolean shown = false;
        for (int gate : item.showIf().anyOf()) {
          shown |= answers[layout.offset() + gate - 1] == item.showIf().equals();
        }
        int at = layout.offset() + k;
        if (!shown) {
          answers[at] = Answers.MISSING;
        } else if (answers[at] == Answers.MISSING) {
          answers[at] = layout.minValue();
        }
      }
    }
  }

  @Property
  void score_everyScoreInRange(@ForAll("submissions") Submission s) throws AnswerRejectedException {
    ScoredResult result = s.score();
    int at = 0;
    for (ScaleLayout layout : s.battery().layout()) {
      Scale scale = Sheet.LIBRARY.scale(layout.scaleId());
      Scoring scoring = scale.scoring();
      ScaleScore score = result.scale(scale.id());
      int expected = 0;
      for (Item item : scale.items()) {
        int a = s.answers()[at++];
        int value = a == Answers.MISSING ? scale.minValue() : a;
        expected += item.reverse() ? scale.minValue() + scale.maxValue() - value : value;
      }
      assertEquals(expected, score.raw(), scale.id());
      assertTrue(score.raw() >= scoring.min() && score.raw() <= scoring.max(), scale.id());
      assertEquals(score.raw() * scoring.multiplier(), score.scaled(), scale.id());
      assertTrue(scoring.bands().stream().map(Band::id).anyMatch(score.band()::equals), scale.id());
      assertTrue(!score.normed() || (score.percentile() >= 0 && score.percentile() <= 100));
      for (Subscale sub : scale.subscales()) {
        int raw = result.subscale(sub.id()).raw();
        assertTrue(raw >= 0 && raw <= sub.itemIds().size() * scale.maxValue(), sub.id());
      }
    }
  }

  @Property
  void score_moreSymptomaticNeverLowersTier(
      @ForAll("submissions") Submission s, @ForAll @IntRange(min = 0, max = 45) int pick)
      throws AnswerRejectedException {
    int index = pick % s.answers().length;
    Assume.that(s.answers()[index] != Answers.MISSING);
    CompiledBattery battery = s.battery();
    ScaleLayout layout =
        battery.layout().stream()
            .filter(l -> index >= l.offset() && index < l.offset() + l.itemCount())
            .findFirst()
            .orElseThrow();
    Scale scale = Sheet.LIBRARY.scale(layout.scaleId());
    Item item = scale.items().get(index - layout.offset());
    boolean higherIsWorse =
        (scale.scoring().direction() == Scoring.Direction.SYMPTOM) != item.reverse();
    int[] worse = s.answers().clone();
    worse[index] += higherIsWorse ? 1 : -1;
    Assume.that(worse[index] >= layout.minValue() && worse[index] <= layout.maxValue());
    settle(battery, worse);
    Tier before = s.score().tier();
    Tier after = battery.score(worse, s.respondent()).tier();
    assertTrue(after.level() >= before.level(), item.id() + ": " + before + " became " + after);
  }

  @Provide
  Arbitrary<Integer> crisisKinds() {
    return Arbitraries.integers().between(0, 3);
  }

  @Property
  void score_crisisAnswerIsAlwaysCrisis(
      @ForAll("submissions") Submission s,
      @ForAll("crisisKinds") int kind,
      @ForAll @IntRange(min = 0, max = 3) int blanks,
      @ForAll @IntRange(min = 0, max = 5000) int millis)
      throws AnswerRejectedException {
    CompiledBattery battery = s.battery();
    Sheet sheet = Sheet.of(battery);
    int[] answers = s.answers().clone();
    if (battery.id().startsWith("g1-3")) {
      answers[sheet.index("selfharm-proxy", 1 + kind % 2)] = 1; // talk or act
      for (int b = 0; b <= blanks; b++) {
        answers[b * 5] = Answers.MISSING; // PSC-17 scores blanks 0; a fourth makes it invalid
      }
    } else {
      int item9 = sheet.index("phq9", 9);
      int asq1 = sheet.index("asq", 1 + kind % 4);
      int asq5 = sheet.index("asq", 5);
      switch (kind) {
        case 0 -> answers[item9] = 2 + blanks % 2;
        case 1 -> {
          answers[asq1] = 1;
          settle(battery, answers);
          answers[asq5] = 1;
        }
        case 2 -> {
          answers[asq1] = 1;
          settle(battery, answers);
          answers[item9] = Math.max(1, answers[item9]);
        }
        default -> {
          answers[item9] = 3;
          Arrays.fill(answers, 0, 8, 0);
        }
      }
      if (battery.layout().stream().anyMatch(l -> l.scaleId().equals("k10")) && blanks >= 2) {
        answers[sheet.index("k10", 1)] = Answers.MISSING;
        answers[sheet.index("k10", 2)] = Answers.MISSING; // beyond K10's allowance: invalid
      }
    }
    int[] times = new int[answers.length];
    Arrays.fill(times, millis);
    ScoredResult result = battery.score(answers, times, s.respondent());
    assertEquals(Tier.CRISIS, result.tier(), () -> Sheet.fired(result).toString());
    assertTrue(result.crisis());
  }

  @Property
  void score_validityNeverChangesTier(
      @ForAll("submissions") Submission s, @ForAll @IntRange(min = 0, max = 5000) int millis)
      throws AnswerRejectedException {
    int[] times = new int[s.answers().length];
    Arrays.fill(times, millis);
    ScoredResult timed = s.battery().score(s.answers(), times, s.respondent());
    ScoredResult plain = s.score();
    assertEquals(plain.tier(), timed.tier());
    assertEquals(plain.firedRules(), timed.firedRules());
    assertEquals(plain.scales(), timed.scales());
  }

  @Property(tries = 200)
  void score_submissionOrderChangesNothing(
      @ForAll @Size(min = 2, max = 30) List<@From("submissions") Submission> batch,
      @ForAll long seed)
      throws AnswerRejectedException {
    List<ScoredResult> inOrder = new ArrayList<>();
    for (Submission s : batch) {
      inOrder.add(s.score());
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed));
    ScoredResult[] shuffled = new ScoredResult[batch.size()];
    for (int i : order) {
      shuffled[i] = batch.get(i).score();
    }
    assertEquals(inOrder, List.of(shuffled));
  }

  @Property
  void compactAnswers_roundTrip(@ForAll("submissions") Submission s) {
    CompiledBattery battery = s.battery();
    assertArrayEquals(s.answers(), battery.expandAnswers(battery.compactAnswers(s.answers())));
  }

  @Property
  void score_outOfRangeRejected(
      @ForAll("submissions") Submission s,
      @ForAll @IntRange(min = 0, max = 45) int pick,
      @ForAll("outOfRange") int bad) {
    int index = pick % s.answers().length;
    int[] submitted = s.answers().clone();
    Assume.that(submitted[index] != Answers.MISSING);
    submitted[index] = bad;
    ScaleLayout layout =
        s.battery().layout().stream()
            .filter(l -> index >= l.offset() && index < l.offset() + l.itemCount())
            .findFirst()
            .orElseThrow();
    AnswerRejectedException e =
        assertThrows(
            AnswerRejectedException.class, () -> s.battery().score(submitted, s.respondent()));
    assertEquals(
        "answer "
            + (index - layout.offset() + 1)
            + " of "
            + layout.shortName()
            + " is "
            + bad
            + "; allowed "
            + layout.minValue()
            + "–"
            + layout.maxValue(),
        e.getMessage());
  }

  @Provide
  Arbitrary<Integer> outOfRange() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(6, Integer.MAX_VALUE),
        Arbitraries.integers().between(Integer.MIN_VALUE, -3));
  }

  /** Answers to the test library's {@code both} battery, with at most one non-critical blank. */
  @Provide
  Arbitrary<int[]> moodAnswers() {
    Arbitrary<int[]> mood = Arbitraries.integers().between(0, 2).array(int[].class).ofSize(4);
    Arbitrary<int[]> sleep = Arbitraries.integers().between(1, 5).array(int[].class).ofSize(2);
    Arbitrary<Integer> blank = Arbitraries.integers().between(-1, 2);
    return Combinators.combine(mood, sleep, blank)
        .as(
            (m, s, b) -> {
              int[] out = {m[0], m[1], m[2], m[3], s[0], s[1]};
              if (b >= 0) {
                out[b] = Answers.MISSING;
              }
              return out;
            });
  }

  @Property
  void score_validityNeverHidesCrisis(@ForAll("moodAnswers") int[] answers)
      throws AnswerRejectedException {
    ScoredResult result = TestLibrary.BOTH.score(answers, TestLibrary.BOY_GRADE_2);
    assertEquals(answers[3] >= 2, result.crisis());
    boolean blank =
        answers[0] == Answers.MISSING
            || answers[1] == Answers.MISSING
            || answers[2] == Answers.MISSING;
    assertEquals(blank ? Validity.QUESTIONABLE : Validity.VALID, result.validity());
    assertTrue(result.scale("mood").raw() <= 8);
  }
}
