package org.huxin.scales;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.huxin.scales.Condition.Comparison;
import org.huxin.scales.Condition.Op;
import org.huxin.scales.Condition.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Each record refuses what would make it wrong, naming the item and the fault. */
class ScaleRecordsTest {

  private static final LocalizedText T = LocalizedText.of("文", "Text");

  private static void assertRejects(String message, Executable constructor) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, constructor).getMessage());
  }

  @Test
  void option_255Reserved() {
    assertRejects(
        "option value 255 is outside 0–254 (255 marks a blank answer)",
        () -> new ResponseOption(255, T));
  }

  @Test
  void item_numberBelowOne() {
    assertRejects("item x_1: number 0 is below 1", () -> Item.of("x_1", 0, T, false, false));
  }

  @Test
  void item_badId() {
    assertRejects(
        "item X1: id must be the scale id, '_' and a suffix, like phq9_9",
        () -> Item.of("X1", 1, T, false, false));
  }

  @Test
  void missingRule_invalidTakesNoMax() {
    assertRejects(
        "missing rule invalid takes no maxMissing",
        () -> new MissingRule(MissingRule.Kind.INVALID, 2));
  }

  @Test
  void missingRule_prorateNeedsMax() {
    assertRejects(
        "missing rule prorate needs maxMissing of at least 1, got 0", () -> MissingRule.prorate(0));
  }

  @Test
  void scoring_bandOfRaw() {
    Scoring scoring =
        new Scoring(
            0,
            6,
            List.of(new Band("low", 0, 2, T), new Band("high", 3, 6, T)),
            MissingRule.invalid());
    assertEquals("low", scoring.band(2).id());
    assertEquals("high", scoring.band(3).id());
    assertRejects("raw 7 is outside 0–6", () -> scoring.band(7));
  }

  @Test
  void scoring_duplicateBand() {
    assertRejects(
        "band low is listed twice",
        () ->
            new Scoring(
                0,
                6,
                List.of(new Band("low", 0, 2, T), new Band("low", 3, 6, T)),
                MissingRule.invalid()));
  }

  private static Scale scale(List<Item> items, MissingRule missing, List<Subscale> subscales) {
    int max = items.size() * 2;
    return new Scale(
        "x",
        "X",
        "1",
        T,
        T,
        new Source("cite", "", ""),
        "free",
        List.of(new ResponseOption(0, T), new ResponseOption(1, T), new ResponseOption(2, T)),
        items,
        new Scoring(0, max, List.of(new Band("all", 0, max, T)), missing),
        subscales);
  }

  @Test
  void scale_duplicateNumber() {
    assertRejects(
        "item x_b: number 1 is already item x_a",
        () ->
            scale(
                List.of(Item.of("x_a", 1, T, false, false), Item.of("x_b", 1, T, false, false)),
                MissingRule.invalid(),
                List.of()));
  }

  @Test
  void scale_maxMissingNotBelowItemCount() {
    assertRejects(
        "scale x: maxMissing 2 must be below the item count 2",
        () ->
            scale(
                List.of(Item.of("x_1", 1, T, false, false), Item.of("x_2", 2, T, false, false)),
                MissingRule.prorate(2),
                List.of()));
  }

  @Test
  void scale_subscaleIdIsItemId() {
    assertRejects(
        "subscale x_1: id is already an item id",
        () ->
            scale(
                List.of(Item.of("x_1", 1, T, false, false)),
                MissingRule.invalid(),
                List.of(new Subscale("x_1", T, List.of("x_1")))));
  }

  @Test
  void subscale_itemTwice() {
    assertRejects(
        "subscale x_s: names item x_1 twice", () -> new Subscale("x_s", T, List.of("x_1", "x_1")));
  }

  @Test
  void battery_unknownForm() {
    assertRejects(
        "battery g1-3: form 'student' is not one of self, parent, teacher",
        () -> new Battery("g1-3", "1", "student", T, List.of("x"), false));
  }

  @Test
  void battery_scaleTwice() {
    assertRejects(
        "battery b: names scale x twice",
        () -> new Battery("b", "1", "self", T, List.of("x", "x"), false));
  }

  @Test
  void battery_badVersion() {
    assertRejects(
        "battery b: version 'v1' must be dotted numbers, like 1.0.0",
        () -> new Battery("b", "v1", "self", T, List.of("x"), false));
  }

  @Test
  void rule_tierOutOfRange() {
    assertRejects(
        "rule r: tier 4 is outside 0–3",
        () -> new TierRule("r", 4, T, Comparison.of(Target.SCALE, "x", Op.GE, 1)));
  }

  @Test
  void rule_factsTwice() {
    assertRejects(
        "rule r: explanation en has {facts} more than once",
        () ->
            new TierRule(
                "r",
                1,
                LocalizedText.of("{facts}", "{facts} and {facts}"),
                Comparison.of(Target.SCALE, "x", Op.GE, 1)));
  }

  @Test
  void comparison_betweenReversed() {
    assertRejects(
        "scale x between 5 and 3: min is above max",
        () -> Comparison.between(Target.SCALE, "x", 5, 3));
  }

  @Test
  void op_testAndRender() {
    assertTrue(Op.GE.test(2, 2, 2));
    assertFalse(Op.GT.test(2, 2, 2));
    assertTrue(Op.BETWEEN.test(14, 10, 14));
    assertFalse(Op.BETWEEN.test(15, 10, 14));
    assertEquals("≥ 2", Op.GE.render(2, 2));
    assertEquals("10–14", Op.BETWEEN.render(10, 14));
    assertEquals(Op.LE, Op.ofSymbol("<="));
    assertRejects("op '=>' is not one of >=, <=, =, >, <, between", () -> Op.ofSymbol("=>"));
  }

  @Test
  void library_duplicateBattery() {
    ScaleLibrary base = Fixtures.base();
    assertRejects(
        "battery b1: duplicate battery id",
        () ->
            new ScaleLibrary(
                base.scales(), List.of(base.battery("b1"), base.battery("b1")), base.ruleSets()));
  }

  @Test
  void library_lookups() {
    ScaleLibrary base = Fixtures.base();
    assertEquals("mini", base.scaleOfItem("mini_3").orElseThrow().id());
    assertTrue(base.scaleOfItem("mini_9").isEmpty());
    assertRejects("no scale maxi", () -> base.scale("maxi"));
    assertRejects("no battery b2", () -> base.battery("b2"));
    assertRejects("no tier rule set strict", () -> base.ruleSet("strict"));
  }
}
