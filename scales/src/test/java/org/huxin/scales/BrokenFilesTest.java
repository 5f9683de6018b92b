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
        "rule crisis_mini3: when: a condition names exactly one of all, any, item, scale or"
            + " subscale");
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
  void load_missingIndex() {
    ScaleFileException e =
        assertThrows(
            ScaleFileException.class,
            () -> ScaleLibrary.load(ResourceSource.classpath("fixtures/none")));
    assertEquals("index.json: file not found", e.getMessage());
  }
}
