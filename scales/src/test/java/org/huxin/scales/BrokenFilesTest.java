package org.huxin.scales;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Each broken fixture fails at load with a message naming the file, the item and the fault. */
class BrokenFilesTest {

  private static void assertFault(String fixture, String file, String message) {
    ScaleFileException e = Fixtures.failure(fixture);
    assertEquals(file, e.file());
    assertEquals(file + ": " + message, e.getMessage());
  }

  @Test
  void load_duplicateItemId() {
    assertFault("dup-item", "instruments/mini.json", "item mini_2: duplicate item id");
  }

  @Test
  void load_unknownOption() {
    assertFault(
        "unknown-option",
        "tier-rules/default.json",
        "rule crisis_mini3: item mini_3 has no option 5 (options 0–2)");
  }

  @Test
  void load_subscaleNamesMissingItem() {
    assertFault(
        "subscale-missing-item",
        "instruments/mini.json",
        "subscale mini_pair: names item mini_9, which scale mini does not have");
  }

  @Test
  void load_ruleNamesUnknownItem() {
    assertFault(
        "rule-unknown-item",
        "tier-rules/default.json",
        "rule crisis_mini3: names unknown item mini_7");
  }

  @Test
  void load_ruleNamesUnknownScale() {
    assertFault(
        "rule-unknown-scale", "tier-rules/default.json", "rule key_mini: names unknown scale maxi");
  }

  @Test
  void load_ruleNamesUnknownSubscale() {
    assertFault(
        "rule-unknown-subscale",
        "tier-rules/default.json",
        "rule key_mini: names unknown subscale mini_trio");
  }

  @Test
  void load_batteryNamesUnknownScale() {
    assertFault("battery-unknown-scale", "batteries.json", "battery b1: names unknown scale maxi");
  }

  @Test
  void load_missingZhCnText() {
    assertFault("missing-zh", "instruments/mini.json", "item mini_2: text: no zh-CN text");
  }

  @Test
  void load_missingEnText() {
    assertFault("missing-en", "instruments/mini.json", "scale mini: option 1: label: no en text");
  }

  @Test
  void load_unknownField() {
    assertFault("unknown-field", "instruments/mini.json", "item mini_1: unknown field 'revers'");
  }

  @Test
  void load_studentTitleMissing() {
    assertFault(
        "student-title-missing",
        "instruments/mini.json",
        "scale mini: missing field 'studentTitle'");
  }

  @Test
  void load_bandGap() {
    assertFault(
        "band-gap",
        "instruments/mini.json",
        "scale mini: scoring: band high starts at 4 but must start at 3; bands must tile 0–6 in"
            + " order");
  }

  @Test
  void load_rangeMismatch() {
    assertFault(
        "range-mismatch",
        "instruments/mini.json",
        "scale mini: scoring range 0–9 does not match 3 items × options 0–2 = 0–6");
  }

  @Test
  void load_optionsNotConsecutive() {
    assertFault(
        "options-gap",
        "instruments/mini.json",
        "scale mini: option 3 follows 1; options must be consecutive ascending values");
  }

  @Test
  void load_itemIdWithoutScalePrefix() {
    assertFault(
        "item-prefix",
        "instruments/mini.json",
        "item phq9_1: id must start with the scale id mini_");
  }

  @Test
  void load_localWordingNamesAbsentLocale() {
    assertFault(
        "local-wording-absent",
        "instruments/mini.json",
        "item mini_1: localWording names zh-CN-primary, which the text does not have");
  }

  @Test
  void load_ruleThatCanNeverHold() {
    assertFault(
        "rule-never-holds",
        "tier-rules/default.json",
        "rule crisis_mini3: item mini_3 > 2 can never hold (range 0–2)");
  }

  @Test
  void load_ruleValueOutsideScaleRange() {
    assertFault(
        "rule-outside-range",
        "tier-rules/default.json",
        "rule key_mini: scale mini ≥ 7 is outside its range 0–6");
  }

  @Test
  void load_unknownPlaceholder() {
    assertFault(
        "rule-placeholder",
        "tier-rules/default.json",
        "rule crisis_mini3: explanation en has placeholder {value}; only {facts} is filled");
  }

  @Test
  void load_duplicateRuleId() {
    assertFault(
        "rule-duplicate", "tier-rules/default.json", "rule crisis_mini3: duplicate rule id");
  }

  @Test
  void load_conditionWithTwoTargets() {
    assertFault(
        "rule-two-targets",
        "tier-rules/default.json",
        "rule crisis_mini3: when: a condition names exactly one of all, any, item, scale,"
            + " subscale or t");
  }

  @Test
  void load_duplicateScaleId() {
    assertFault(
        "dup-scale",
        "instruments/mini-copy.json",
        "scale mini: duplicate scale id; first defined in instruments/mini.json");
  }

  @Test
  void load_listedFileMissing() {
    assertFault("missing-file", "instruments/absent.json", "file not found (listed in index.json)");
  }

  @Test
  void load_pathOutsideIndexFolder() {
    assertFault(
        "path-escape",
        "index.json",
        "scales: path '../base/instruments/mini.json' must be relative, stay inside the index"
            + " folder and end in .json");
  }

  @Test
  void load_unsupportedFormatVersion() {
    assertFault(
        "format-version", "index.json", "formatVersion 2 is not supported; this build reads 1");
  }

  @Test
  void load_malformedJson() {
    ScaleFileException e = Fixtures.failure("malformed");
    assertEquals("instruments/mini.json", e.file());
    assertTrue(
        e.getMessage()
            .startsWith(
                "instruments/mini.json: line 4, column 3: Unexpected character ('\"' (code 34)):"
                    + " was expecting comma"),
        e.getMessage());
  }

  @Test
  void load_duplicateJsonKey() {
    ScaleFileException e = Fixtures.failure("duplicate-key");
    assertEquals("instruments/mini.json", e.file());
    assertEquals(true, e.getMessage().contains("Duplicate field 'shortName'"), e.getMessage());
  }

  @Test
  void load_normsForBandTheBatteriesLack() {
    assertFault(
        "norms-band-lacking",
        "norms/mini.json",
        "norm set mini-norms: cell mini 7-9 F: no battery for grades 7-9 asks MINI-3");
  }

  @Test
  void load_normsForUnknownTarget() {
    assertFault(
        "norms-unknown-target",
        "norms/mini.json",
        "norm set mini-norms: cell mini_trio 4-6 F: names unknown scale or subscale mini_trio");
  }

  @Test
  void load_normsTableShort() {
    assertFault(
        "norms-table-range",
        "norms/mini.json",
        "norm set mini-norms: cell mini_pair 4-6 M: percentile table covers 0–2 but the range is"
            + " 0–4");
  }

  @Test
  void load_normsCellTwice() {
    assertFault(
        "norms-duplicate-cell",
        "norms/mini.json",
        "norm set mini-norms: cell mini 4-6 M is listed twice");
  }

  @Test
  void load_normsZeroSd() {
    assertFault(
        "norms-zero-sd",
        "norms/mini.json",
        "norm set mini-norms: cell mini 4-6 F: sd 0.0 must be above 0");
  }

  @Test
  void load_showIfNamesUnknownItem() {
    assertFault(
        "showif-unknown-item",
        "instruments/mini.json",
        "item mini_3: showIf names item 4, which mini lacks");
  }

  @Test
  void load_showIfNamesLaterItem() {
    assertFault(
        "showif-later-item",
        "instruments/mini.json",
        "item mini_1: showIf names item 2, which is asked after it");
  }

  @Test
  void load_showIfValueNotAnOption() {
    assertFault(
        "showif-bad-option",
        "instruments/mini.json",
        "item mini_3: showIf equals 3, which is not an option");
  }

  @Test
  void load_subscaleBandGap() {
    assertFault(
        "subscale-band-gap",
        "instruments/mini.json",
        "subscale mini_pair: band high starts at 3 but must start at 2; bands must tile 0–4 in"
            + " order");
  }

  @Test
  void load_localItemWithoutLocalWording() {
    assertFault(
        "local-item-unmarked",
        "instruments/mini.json",
        "item mini_1: a local item must list zh-CN and en in localWording");
  }

  @Test
  void load_unknownMissingRule() {
    assertFault(
        "missing-unknown-rule",
        "instruments/mini.json",
        "scale mini: scoring: missing: rule 'skip' is not invalid, prorate or sum");
  }

  @Test
  void load_batteryBandNotASchoolBand() {
    assertFault(
        "battery-bad-band",
        "batteries.json",
        "battery b1: band '4-5' is not one of 1-3, 4-6, 7-9, 10-12");
  }

  @Test
  void load_variantOfUnknownRuleSet() {
    assertFault(
        "variant-unknown-parent",
        "tier-rules/strict.json",
        "rule set strict: extends rule set lenient, which is not listed before it in index.json");
  }

  @Test
  void load_variantRemovesUnknownRule() {
    assertFault(
        "variant-remove-unknown",
        "tier-rules/strict.json",
        "rule set strict: removes rule key_maxi, which default lacks");
  }

  @Test
  void load_tRuleNamesUnknownScale() {
    assertFault(
        "rule-t-unknown",
        "tier-rules/default.json",
        "rule key_mini: names unknown scale or subscale maxi for its T");
  }

  @Test
  void load_validityGroupNamesUnknownScale() {
    assertFault(
        "validity-unknown-scale",
        "validity/default.json",
        "straightLining: group pair names unknown scale maxi");
  }

  @Test
  void load_validityGroupAcrossOptionSetsRefused() {
    assertFault(
        "validity-mixed-options",
        "validity/default.json",
        "straightLining: group mini_well reads MINI-3 against WELL-3, whose option sets differ"
            + " (0 从不 / 1 有时 / 2 经常 vs 0 从来没有 / 1 一半时间 / 2 所有时间); the same option"
            + " position means different answers on them, so it is no contradiction. Check each"
            + " mixed-keyed scale in a group of its own");
  }

  @Test
  void load_validityFlagNotALevel() {
    assertFault(
        "validity-bad-flag",
        "validity/default.json",
        "validity rules default: speed: flag: flag 'doubtful' is not valid, questionable or"
            + " invalid");
  }

  @Test
  void load_missingIndex() {
    ScaleFileException e =
        assertThrows(
            ScaleFileException.class,
            () -> ScaleLibrary.load(ResourceSource.classpath("fixtures/none")));
    assertEquals("index.json: file not found", e.getMessage());
  }
}
