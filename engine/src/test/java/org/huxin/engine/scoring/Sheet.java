package org.huxin.engine.scoring;

import java.util.Arrays;
import java.util.List;
import org.huxin.scales.Item;
import org.huxin.scales.Scale;
import org.huxin.scales.ScaleLibrary;

/**
 * Builds answer arrays for the shipped batteries by scale and item number, starting from a calm
 * profile that fires no rule and no validity check: PHQ-9, GAD-7, ASQ, PSC-17 and the proxy item
 * all 0 (ASQ item 5 not asked), WHO-5 all 3 (raw 15), K10 all 1 (raw 10), RSES agree on positive
 * and disagree on negative items (raw 20).
 */
final class Sheet {

  static final ScaleLibrary LIBRARY = ScaleLibrary.loadDefault();
  static final ScoringEngine ENGINE = ScoringEngine.compile(LIBRARY);
  static final Respondent GIRL_GRADE_5 = new Respondent(5, 'F');
  static final Respondent BOY_GRADE_8 = new Respondent(8, 'M');
  static final Respondent GIRL_GRADE_2 = new Respondent(2, 'F');

  private final CompiledBattery battery;
  private final int[] answers;

  private Sheet(CompiledBattery battery) {
    this.battery = battery;
    this.answers = new int[battery.itemCount()];
    for (ScaleLayout layout : battery.layout()) {
      Scale scale = LIBRARY.scale(layout.scaleId());
      for (int k = 0; k < layout.itemCount(); k++) {
        Item item = scale.items().get(k);
        answers[layout.offset() + k] = calm(scale, item);
      }
    }
  }

  private static int calm(Scale scale, Item item) {
    return switch (scale.id()) {
      case "who5" -> 3;
      case "k10" -> 1;
      case "rses" -> item.reverse() ? 1 : 2;
      default -> item.conditional() ? Answers.MISSING : scale.minValue();
    };
  }

  /** The calm profile of battery {@code id}. */
  static Sheet of(String id) {
    return new Sheet(ENGINE.battery(id));
  }

  /** The calm profile of {@code battery}. */
  static Sheet of(CompiledBattery battery) {
    return new Sheet(battery);
  }

  CompiledBattery battery() {
    return battery;
  }

  ScaleLayout layout(String scaleId) {
    return battery.layout().stream()
        .filter(l -> l.scaleId().equals(scaleId))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(battery.id() + " has no " + scaleId));
  }

  /** The flat index of item {@code number} (its position on the form) of a scale. */
  int index(String scaleId, int number) {
    return layout(scaleId).offset() + number - 1;
  }

  /** Sets item {@code number} of a scale. */
  Sheet item(String scaleId, int number, int value) {
    answers[index(scaleId, number)] = value;
    return this;
  }

  /** Sets every item of a scale, in form order. */
  Sheet scale(String scaleId, int... values) {
    ScaleLayout layout = layout(scaleId);
    if (values.length != layout.itemCount()) {
      throw new IllegalArgumentException(scaleId + " has " + layout.itemCount() + " items");
    }
    System.arraycopy(values, 0, answers, layout.offset(), values.length);
    return this;
  }

  /** Sets every item of a scale to {@code value}. */
  Sheet all(String scaleId, int value) {
    ScaleLayout layout = layout(scaleId);
    Arrays.fill(answers, layout.offset(), layout.offset() + layout.itemCount(), value);
    return this;
  }

  /**
   * Answers a scale so its keyed raw score is {@code total}: fills items highest first, through
   * reverse keys, starting from every item at its lowest keyed value.
   */
  Sheet total(String scaleId, int total) {
    Scale scale = LIBRARY.scale(scaleId);
    ScaleLayout layout = layout(scaleId);
    int lo = scale.minValue();
    int hi = scale.maxValue();
    int left = total - lo * layout.itemCount();
    if (left < 0 || left > (hi - lo) * layout.itemCount()) {
      throw new IllegalArgumentException(scaleId + " cannot total " + total);
    }
    List<Item> items = scale.items();
    for (int k = 0; k < items.size(); k++) {
      int keyed = lo + Math.min(hi - lo, left);
      left -= keyed - lo;
      answers[layout.offset() + k] = items.get(k).reverse() ? lo + hi - keyed : keyed;
    }
    return this;
  }

  int[] answers() {
    return answers.clone();
  }

  ScoredResult score(Respondent respondent) throws AnswerRejectedException {
    return battery.score(answers.clone(), respondent);
  }

  ScoredResult score() throws AnswerRejectedException {
    return score(battery.definition().band().first() >= 7 ? BOY_GRADE_8 : defaultRespondent());
  }

  private Respondent defaultRespondent() {
    return battery.definition().band().first() == 1 ? GIRL_GRADE_2 : GIRL_GRADE_5;
  }

  static List<String> fired(ScoredResult result) {
    return result.firedRules().stream().map(FiredRule::ruleId).toList();
  }

  static List<String> flags(ScoredResult result) {
    return result.validityFlags().stream().map(ValidityFlag::check).toList();
  }
}
