package org.huxin.scales;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.huxin.scales.Condition.Comparison;
import org.huxin.scales.Condition.Op;
import org.huxin.scales.Condition.Target;
import org.junit.jupiter.api.Test;

/** The shipped files say what SCALES.md and the published forms say. */
class ShippedScalesTest {

  private static final ScaleLibrary LIBRARY = ScaleLibrary.loadDefault();
  private static final String PFIZER =
      "No permission required to reproduce, translate, display or distribute.";

  @Test
  void loadDefault_listsEveryFile() {
    assertEquals(List.of("phq9", "gad7"), LIBRARY.scales().stream().map(Scale::id).toList());
    assertEquals(
        List.of("g4-6", "g7-9", "g10-12"), LIBRARY.batteries().stream().map(Battery::id).toList());
    assertEquals(
        List.of(TierRuleSet.DEFAULT_ID), LIBRARY.ruleSets().stream().map(TierRuleSet::id).toList());
  }

  @Test
  void phq9_publishedForm() {
    Scale phq9 = LIBRARY.scale("phq9");
    assertEquals("PHQ-9", phq9.shortName());
    assertEquals(9, phq9.items().size());
    for (int i = 0; i < 9; i++) {
      Item item = phq9.items().get(i);
      assertEquals("phq9_" + (i + 1), item.id());
      assertEquals(i + 1, item.number());
      assertFalse(item.reverse());
      assertEquals(i == 8, item.critical(), item.id());
    }
    assertEquals(
        "Thoughts that you would be better off dead or of hurting yourself in some way",
        phq9.item("phq9_9").orElseThrow().text().get("en"));
    assertEquals("有不如死掉或用某种方式伤害自己的念头", phq9.item("phq9_9").orElseThrow().text().get("zh-CN"));
    assertOptions(phq9);
    assertEquals(0, phq9.scoring().min());
    assertEquals(27, phq9.scoring().max());
    assertBands(
        phq9,
        "minimal 0–4",
        "mild 5–9",
        "moderate 10–14",
        "moderately_severe 15–19",
        "severe 20–27");
    assertEquals(MissingRule.invalid(), phq9.scoring().missing());
    assertTrue(phq9.licence().endsWith(PFIZER));
    assertTrue(phq9.source().citation().startsWith("Kroenke K, Spitzer RL, Williams JBW."));
    assertEquals(List.of(), phq9.subscales());
  }

  @Test
  void phq9_primaryWordingIsMarkedLocal() {
    Scale phq9 = LIBRARY.scale("phq9");
    assertTrue(phq9.title().has(LocalizedText.ZH_CN_PRIMARY));
    assertTrue(phq9.instructions().has(LocalizedText.ZH_CN_PRIMARY));
    for (Item item : phq9.items()) {
      assertTrue(item.text().has(LocalizedText.ZH_CN_PRIMARY), item.id());
      assertEquals(List.of(LocalizedText.ZH_CN_PRIMARY), item.localWording(), item.id());
      assertFalse(
          item.text().get(LocalizedText.ZH_CN_PRIMARY).equals(item.text().get("zh-CN")), item.id());
    }
    assertTrue(phq9.source().translation().contains("zh-CN-primary"));
  }

  @Test
  void gad7_publishedForm() {
    Scale gad7 = LIBRARY.scale("gad7");
    assertEquals("GAD-7", gad7.shortName());
    assertEquals(7, gad7.items().size());
    for (int i = 0; i < 7; i++) {
      Item item = gad7.items().get(i);
      assertEquals("gad7_" + (i + 1), item.id());
      assertEquals(i + 1, item.number());
      assertFalse(item.reverse());
      assertFalse(item.critical());
      assertEquals(List.of(), item.localWording());
      assertFalse(item.text().has(LocalizedText.ZH_CN_PRIMARY));
    }
    assertEquals("Trouble relaxing", gad7.item("gad7_4").orElseThrow().text().get("en"));
    assertOptions(gad7);
    assertEquals(21, gad7.scoring().max());
    assertBands(gad7, "minimal 0–4", "mild 5–9", "moderate 10–14", "severe 15–21");
    assertEquals(MissingRule.invalid(), gad7.scoring().missing());
    assertTrue(gad7.licence().endsWith(PFIZER));
    assertTrue(gad7.source().citation().startsWith("Spitzer RL, Kroenke K, Williams JBW, Löwe B."));
  }

  private static void assertOptions(Scale scale) {
    assertEquals(List.of(0, 1, 2, 3), scale.options().stream().map(ResponseOption::value).toList());
    assertEquals(
        List.of("完全不会", "好几天", "一半以上的天数", "几乎每天"),
        scale.options().stream().map(o -> o.label().get("zh-CN")).toList());
    assertEquals(
        List.of("Not at all", "Several days", "More than half the days", "Nearly every day"),
        scale.options().stream().map(o -> o.label().get("en")).toList());
  }

  private static void assertBands(Scale scale, String... bands) {
    assertEquals(
        List.of(bands),
        scale.scoring().bands().stream().map(b -> b.id() + " " + b.min() + "–" + b.max()).toList());
  }

  @Test
  void batteries_phq9ThenGad7() {
    for (Battery battery : LIBRARY.batteries()) {
      assertEquals(List.of("phq9", "gad7"), battery.scaleIds(), battery.id());
      assertEquals("self", battery.form());
      assertEquals(battery.id().equals("g4-6"), battery.primaryWording(), battery.id());
    }
    assertEquals("zh-CN-primary", LIBRARY.battery("g4-6").textLocale("zh-CN"));
    assertEquals("en", LIBRARY.battery("g4-6").textLocale("en"));
    assertEquals("zh-CN", LIBRARY.battery("g7-9").textLocale("zh-CN"));
  }

  @Test
  void defaultRules_scalesMdTriggers() {
    List<TierRule> rules = LIBRARY.ruleSet(TierRuleSet.DEFAULT_ID).rules();
    assertEquals(
        List.of(
            "crisis_phq9_item9 3 " + Comparison.of(Target.ITEM, "phq9_9", Op.GE, 2),
            "close_phq9_item9 2 " + Comparison.of(Target.ITEM, "phq9_9", Op.EQ, 1),
            "close_phq9_total 2 " + Comparison.of(Target.SCALE, "phq9", Op.GE, 15),
            "close_gad7_total 2 " + Comparison.of(Target.SCALE, "gad7", Op.GE, 15),
            "key_phq9_total 1 " + Comparison.between(Target.SCALE, "phq9", 10, 14),
            "key_gad7_total 1 " + Comparison.between(Target.SCALE, "gad7", 10, 14)),
        rules.stream().map(r -> r.id() + " " + r.tier() + " " + r.when()).toList());
    for (TierRule rule : rules) {
      assertTrue(rule.explanation().get("zh-CN").startsWith(TierRule.FACTS), rule.id());
      assertTrue(rule.explanation().get("en").startsWith(TierRule.FACTS), rule.id());
    }
  }
}
