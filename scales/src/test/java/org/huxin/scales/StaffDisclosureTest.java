package org.huxin.scales;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What staff are told about a grade 4–6 result (SCALES.md, Norms: grades 4–6), the PSC-17 teacher
 * form's reference-only subscales, and the bands a rule set may score.
 */
class StaffDisclosureTest {

  private static final ScaleLibrary LIBRARY = ScaleLibrary.loadDefault();
  private static final String PRIMARY = LocalizedText.ZH_CN_PRIMARY;
  private static final Pattern DIAGNOSTIC = Pattern.compile("抑郁|焦虑|症状");

  @Test
  void staffNote_onG46Only() {
    Battery g46 = LIBRARY.battery("g4-6");
    assertEquals("本地改编表述，界值未在该年龄验证，结果仅供初筛", g46.staffNote("zh-CN"));
    assertEquals(
        "Local adapted wording; cut-offs not validated at this age; for first-stage screening only",
        g46.staffNote("en"));
    for (String id : List.of("g1-3-teacher", "g1-3-parent", "g7-9", "g10-12")) {
      assertNull(LIBRARY.battery(id).staffNote(), id);
      assertNull(LIBRARY.battery(id).staffNote("zh-CN"), id);
    }
  }

  @Test
  void bandLabels_g46ScalesNameTheScoreRange() {
    for (String scaleId : LIBRARY.battery("g4-6").scaleIds()) {
      Scale scale = LIBRARY.scale(scaleId);
      for (Band band : scale.scoring().bands()) {
        String label = band.label().get(PRIMARY);
        assertTrue(band.label().has(PRIMARY), scaleId + " " + band.id());
        assertTrue(label.startsWith("分数段 " + band.min()), scaleId + ": " + label);
        assertFalse(DIAGNOSTIC.matcher(label).find(), scaleId + ": " + label);
      }
    }
    assertEquals("中度抑郁症状", LIBRARY.scale("phq9").scoring().band(12).label().get("zh-CN"));
    assertEquals("分数段 10–14", LIBRARY.scale("phq9").scoring().band(12).label().get(PRIMARY));
  }

  @Test
  void ruleExplanations_primaryVariantHasNoDiagnosticWord() {
    // adolescent-phq9-11 never scores grades 4–6 (adolescentRules_onlyForGrades7To12)
    for (TierRule rule : LIBRARY.ruleSet("default").rules()) {
      String text = rule.explanation().get(PRIMARY);
      assertFalse(DIAGNOSTIC.matcher(text).find(), rule.id() + ": " + text);
    }
    TierRule key = rule(LIBRARY.ruleSet("default"), "key_phq9_total");
    assertEquals("{facts}：分数段 10–14，进入二次筛查", key.explanation().get(PRIMARY));
    assertEquals("{facts}：中度抑郁症状，进入二次筛查", key.explanation().get("zh-CN"));
  }

  @Test
  void psc17Teacher_citesLiuAndKeepsSubscalesForReference() {
    Scale teacher = LIBRARY.scale("psc17-teacher");
    assertTrue(teacher.source().citation().contains("Liu J"));
    assertTrue(teacher.source().citation().contains("Behavioral Disorders. 2024;49(4):250-264"));
    assertFalse(teacher.source().translation().contains("Huxin scale brief"));
    assertEquals(3, teacher.subscales().size());
    for (Subscale sub : teacher.subscales()) {
      for (Band band : sub.bands()) {
        assertTrue(band.label().get("zh-CN").contains("仅供参考"), sub.id());
        assertTrue(band.label().get("en").contains("reference only"), sub.id());
      }
    }
    TierRule key = rule(LIBRARY.ruleSet("default"), "key_psc17_teacher");
    key.when()
        .forEachComparison(c -> assertEquals(Condition.Target.SCALE, c.target(), c.toString()));
    assertTrue(key.explanation().get("zh-CN").contains("17"));
  }

  @Test
  void adolescentRules_onlyForGrades7To12() {
    TierRuleSet adolescent = LIBRARY.ruleSet("adolescent-phq9-11");
    assertEquals(Set.of(SchoolBand.G7_9, SchoolBand.G10_12), adolescent.bands());
    assertEquals("青少年 PHQ-9 界值 11（13–17 岁，仅用于初中和高中）", adolescent.title().get("zh-CN"));
    String zh = rule(adolescent, "key_phq9_total").explanation().get("zh-CN");
    assertEquals("{facts}：PHQ-9 ≥ 11，达到青少年抑郁筛查界值，进入二次筛查", zh);
    assertFalse(adolescent.allows(SchoolBand.G4_6));
    assertFalse(adolescent.allows(SchoolBand.G1_3));
    assertTrue(adolescent.allows(SchoolBand.G10_12));
    adolescent.checkBands(List.of(SchoolBand.G7_9, SchoolBand.G10_12));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> adolescent.checkBands(List.of(SchoolBand.G4_6, SchoolBand.G7_9)));
    assertTrue(e.getMessage().contains("adolescent-phq9-11"), e.getMessage());
    assertTrue(e.getMessage().contains("7-9, 10-12"), e.getMessage());
    assertTrue(e.getMessage().contains("band 4-6"), e.getMessage());

    TierRuleSet standard = LIBRARY.ruleSet("default");
    assertTrue(standard.bands().isEmpty());
    standard.checkBands(List.of(SchoolBand.values()));
  }

  @Test
  void variant_inheritsOrNamesItsBands() {
    TierRuleSet adolescent = LIBRARY.ruleSet("adolescent-phq9-11");
    TierRuleSet inherits =
        adolescent.variant(
            "stricter", "1.0.0", LocalizedText.of("更严", "Stricter"), "", List.of(), Set.of());
    assertEquals(adolescent.bands(), inherits.bands());
    TierRuleSet all =
        adolescent.variant(
            "everyone",
            "1.0.0",
            LocalizedText.of("全部", "All"),
            "",
            java.util.Map.of(),
            List.of(),
            Set.of(),
            Set.of());
    assertTrue(all.allows(SchoolBand.G4_6));
  }

  private static TierRule rule(TierRuleSet set, String id) {
    return set.rules().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void load_ruleSetBandNotASchoolBand() {
    ScaleFileException e = Fixtures.failure("rules-bad-band");
    assertEquals("tier-rules/strict.json", e.file());
    assertEquals(
        "tier-rules/strict.json: rule set strict: band '4-5' is not one of 1-3, 4-6, 7-9, 10-12",
        e.getMessage());
  }
}
