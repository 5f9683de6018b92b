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
  void option_254And255Reserved() {
    for (int value : new int[] {254, 255}) {
      assertRejects(
          "option value " + value + " is outside 0–253 (254 marks a refusal, 255 a blank answer)",
          () -> new ResponseOption(value, T));
    }
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
  void missingRule_sumNeedsMax() {
    assertRejects(
        "missing rule sum needs maxMissing of at least 1, got 0", () -> MissingRule.sum(0));
  }

  @Test
  void item_localNeedsLocalWording() {
    assertRejects(
        "item x_1: a local item must list zh-CN and en in localWording",
        () -> new Item("x_1", 1, T, false, true, List.of("zh-CN"), true, null));
  }

  @Test
  void item_showIfSelf() {
    assertRejects(
        "item x_2: showIf names the item itself",
        () -> Item.of("x_2", 2, T, false, false).shownIf(new ShowIf(List.of(1, 2), 1)));
  }

  @Test
  void showIf_emptyAndRepeated() {
    assertRejects("showIf: anyOf names no items", () -> new ShowIf(List.of(), 1));
    assertRejects("showIf: anyOf names an item twice", () -> new ShowIf(List.of(1, 1), 1));
  }

  @Test
  void scale_showIfOnConditionalItem() {
    ShowIf afterOne = new ShowIf(List.of(1), 1);
    assertRejects(
        "item x_3: showIf names item 2, which is itself conditional",
        () ->
            scale(
                List.of(
                    Item.of("x_1", 1, T, false, false),
                    Item.of("x_2", 2, T, false, false).shownIf(afterOne),
                    Item.of("x_3", 3, T, false, false).shownIf(new ShowIf(List.of(2), 1))),
                MissingRule.invalid(),
                List.of()));
  }

  @Test
  void scoring_multiplierOutOfRange() {
    assertRejects(
        "multiplier 0 is outside 1–100",
        () ->
            new Scoring(
                0,
                6,
                List.of(new Band("all", 0, 6, T)),
                MissingRule.invalid(),
                Scoring.Direction.WELLBEING,
                0));
  }

  @Test
  void direction_ofKey() {
    assertEquals(Scoring.Direction.WELLBEING, Scoring.Direction.ofKey("wellbeing"));
    assertRejects(
        "direction 'up' is not symptom or wellbeing", () -> Scoring.Direction.ofKey("up"));
  }

  @Test
  void schoolBand_ofGradeAndId() {
    assertEquals(SchoolBand.G1_3, SchoolBand.ofGrade(3));
    assertEquals(SchoolBand.G4_6, SchoolBand.ofGrade(4));
    assertEquals(SchoolBand.G10_12, SchoolBand.ofGrade(12));
    assertEquals(SchoolBand.G7_9, SchoolBand.ofId("7-9"));
    assertEquals("10-12", SchoolBand.G10_12.toString());
    assertRejects("grade 13 is outside 1–12", () -> SchoolBand.ofGrade(13));
    assertRejects("band '1-6' is not one of 1-3, 4-6, 7-9, 10-12", () -> SchoolBand.ofId("1-6"));
  }

  @Test
  void percentileTable_decreasing() {
    assertRejects(
        "percentile of raw 3 is 30.0, below that of the raw before",
        () -> new PercentileTable(1, List.of(10.0, 40.0, 30.0)));
  }

  @Test
  void percentileTable_lookup() {
    PercentileTable table = new PercentileTable(10, List.of(5.0, 50.0, 100.0));
    assertEquals(12, table.to());
    assertEquals(50.0, table.percentile(11));
    assertRejects("raw 13 is outside 10–12", () -> table.percentile(13));
  }

  @Test
  void normCell_badSexAndN() {
    assertRejects(
        "cell k10 7-9 X: sex must be F or M",
        () -> new NormCell("k10", SchoolBand.G7_9, 'X', 100, 20, 9, false, null));
    assertRejects(
        "cell k10 7-9 F: n 1 is below 2",
        () -> new NormCell("k10", SchoolBand.G7_9, 'F', 1, 20, 9, false, null));
  }

  @Test
  void normSet_labelAndEmpty() {
    NormCell cell = new NormCell("k10", SchoolBand.G7_9, 'F', 100, 20, 9, false, null);
    NormSet set = new NormSet("k10-x", "2", T, "cite", "", List.of(cell));
    assertEquals("k10-x@2", set.label());
    assertEquals(java.util.Set.of("k10"), set.targets());
    assertRejects(
        "norm set k10-x: has no cells", () -> new NormSet("k10-x", "2", T, "c", "", List.of()));
  }

  @Test
  void variant_replacesInPlaceAddsAndRemoves() {
    TierRule a =
        new TierRule("a", 3, CrisisLevel.MAJOR, T, Comparison.of(Target.SCALE, "x", Op.GE, 1));
    TierRule b = new TierRule("b", 2, T, Comparison.of(Target.SCALE, "x", Op.GE, 2));
    TierRule c = new TierRule("c", 1, T, Comparison.of(Target.SCALE, "x", Op.GE, 3));
    TierRuleSet base = new TierRuleSet("base", "1", T, List.of(a, b, c));
    TierRule b2 = new TierRule("b", 2, T, Comparison.of(Target.SCALE, "x", Op.GE, 5));
    TierRule d = new TierRule("d", 1, T, Comparison.of(Target.SCALE, "x", Op.GE, 4));
    TierRuleSet variant =
        base.variant("strict", "2", T, "why", List.of(d, b2), java.util.Set.of("a"));
    assertEquals(List.of(b2, c, d), variant.rules());
    assertEquals("base", variant.extendsId());
    assertEquals("why", variant.source());
    assertRejects(
        "rule b: both removed and given in rule set strict",
        () -> base.variant("strict", "2", T, "", List.of(b2), java.util.Set.of("b")));
  }

  @Test
  void rule_crisisLevelOnlyAndAlwaysAtTier3() {
    Condition when = Comparison.of(Target.SCALE, "x", Op.GE, 1);
    assertRejects(
        "rule a: a tier 3 rule needs a crisis level (general, serious or major)",
        () -> new TierRule("a", 3, T, when));
    assertRejects(
        "rule a: only a tier 3 rule has a crisis level",
        () -> new TierRule("a", 2, CrisisLevel.GENERAL, T, when));
    assertEquals(CrisisLevel.SERIOUS, new TierRule("a", 3, CrisisLevel.SERIOUS, T, when).level());
  }

  @Test
  void ruleSet_escalationTimesPerLevel() {
    TierRuleSet set = new TierRuleSet("base", "1", T, List.of());
    assertEquals(java.time.Duration.ofMinutes(10), set.escalateAfter(CrisisLevel.MAJOR));
    assertEquals(java.time.Duration.ofMinutes(30), set.escalateAfter(CrisisLevel.SERIOUS));
    assertEquals(java.time.Duration.ofHours(2), set.escalateAfter(CrisisLevel.GENERAL));
    java.util.Map<CrisisLevel, java.time.Duration> times =
        new java.util.EnumMap<>(TierRuleSet.DEFAULT_ESCALATION);
    times.remove(CrisisLevel.SERIOUS);
    assertRejects(
        "rule set x: no escalation time for crisis level serious",
        () -> new TierRuleSet("x", "1", T, "", "", times, List.of()));
    times.put(CrisisLevel.SERIOUS, java.time.Duration.ofMinutes(5));
    assertRejects(
        "rule set x: major escalates after 10 min, later than serious (5 min); a more serious level"
            + " never waits longer",
        () -> new TierRuleSet("x", "1", T, "", "", times, List.of()));
    times.put(CrisisLevel.SERIOUS, java.time.Duration.ofHours(25));
    assertRejects(
        "rule set x: escalation time of serious is 1500 min; allowed 1 min to 24 h",
        () -> new TierRuleSet("x", "1", T, "", "", times, List.of()));
    TierRuleSet faster =
        set.variant(
            "faster",
            "2",
            T,
            "",
            java.util.Map.of(CrisisLevel.GENERAL, java.time.Duration.ofMinutes(60)),
            List.of(),
            java.util.Set.of());
    assertEquals(java.time.Duration.ofMinutes(60), faster.escalateAfter(CrisisLevel.GENERAL));
    assertEquals(java.time.Duration.ofMinutes(10), faster.escalateAfter(CrisisLevel.MAJOR));
  }

  @Test
  void item_refusalAndCrisisFloorAreOptionsOfTheScale() {
    assertRejects(
        "item x_1: crisisFrom is for critical items; mark the item critical",
        () -> new Item("x_1", 1, T, false, false, List.of(), false, null, null, 1));
    List<ResponseOption> yesNo = List.of(new ResponseOption(0, T), new ResponseOption(1, T));
    Scoring scoring =
        new Scoring(
            0,
            1,
            List.of(new Band("all", 0, 1, T)),
            MissingRule.invalid(),
            Scoring.Direction.SYMPTOM,
            1);
    Source source = new Source("cite", "", "");
    Item refusedAsTwo = new Item("x_1", 1, T, false, true, List.of(), false, null, 2, null);
    assertRejects(
        "item x_1: refusal.scoredAs 2 is not an option",
        () ->
            new Scale(
                "x",
                "X",
                "1",
                T,
                T,
                T,
                source,
                "free",
                yesNo,
                List.of(refusedAsTwo),
                scoring,
                List.of(),
                T));
    Item refusable = new Item("x_1", 1, T, false, true, List.of(), false, null, 1, 1);
    assertRejects(
        "scale x: an item offers a refusal, so the scale needs a refusalLabel",
        () ->
            new Scale(
                "x",
                "X",
                "1",
                T,
                T,
                T,
                source,
                "free",
                yesNo,
                List.of(refusable),
                scoring,
                List.of(),
                null));
    Item plain = Item.of("x_1", 1, T, false, true);
    assertRejects(
        "scale x: refusalLabel is given but no item offers a refusal",
        () ->
            new Scale(
                "x",
                "X",
                "1",
                T,
                T,
                T,
                source,
                "free",
                yesNo,
                List.of(plain),
                scoring,
                List.of(),
                T));
    assertTrue(
        new Scale(
                "x",
                "X",
                "1",
                T,
                T,
                T,
                source,
                "free",
                yesNo,
                List.of(refusable),
                scoring,
                List.of(),
                T)
            .items()
            .get(0)
            .refusable());
  }

  @Test
  void validity_levelAndChecks() {
    assertEquals(ValidityRules.Level.INVALID, ValidityRules.Level.ofKey("invalid"));
    assertRejects(
        "speed: minItems must be at least 1",
        () -> new ValidityRules.Speed(2000, 0, ValidityRules.Level.QUESTIONABLE));
    assertRejects(
        "group g: needs distinct scale ids", () -> new ValidityRules.Group("g", List.of("x", "x")));
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
        () -> new Battery("g1-3", "1", "student", SchoolBand.G1_3, T, List.of("x"), false));
  }

  @Test
  void battery_scaleTwice() {
    assertRejects(
        "battery b: names scale x twice",
        () -> new Battery("b", "1", "self", SchoolBand.G4_6, T, List.of("x", "x"), false));
  }

  @Test
  void battery_badVersion() {
    assertRejects(
        "battery b: version 'v1' must be dotted numbers, like 1.0.0",
        () -> new Battery("b", "v1", "self", SchoolBand.G4_6, T, List.of("x"), false));
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
