package org.huxin.scales;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON Schemas describe the files the loader accepts, and reject what it rejects. */
class SchemaTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final MiniJsonSchema schemas = new MiniJsonSchema(f -> read("scales/schema/" + f));

  private static JsonNode read(String resource) {
    try (InputStream in = SchemaTest.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no resource " + resource);
      }
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every file the index at {@code root} lists, with the schema it must satisfy. */
  private static List<String[]> listed(String root) {
    JsonNode index = read(root + "/index.json");
    List<String[]> out = new ArrayList<>();
    out.add(new String[] {root + "/index.json", "index.schema.json"});
    index
        .get("scales")
        .forEach(p -> out.add(new String[] {root + "/" + p.textValue(), "scale.schema.json"}));
    out.add(
        new String[] {root + "/" + index.get("batteries").textValue(), "batteries.schema.json"});
    index
        .get("tierRules")
        .forEach(p -> out.add(new String[] {root + "/" + p.textValue(), "tier-rules.schema.json"}));
    if (index.has("norms")) {
      index
          .get("norms")
          .forEach(p -> out.add(new String[] {root + "/" + p.textValue(), "norms.schema.json"}));
    }
    if (index.has("validity")) {
      out.add(
          new String[] {root + "/" + index.get("validity").textValue(), "validity.schema.json"});
    }
    return out;
  }

  @Test
  void validate_shippedFiles() {
    List<String[]> files = listed("scales");
    assertEquals(16, files.size());
    for (String[] file : files) {
      assertEquals(List.of(), schemas.validate(file[1], read(file[0])), file[0]);
    }
  }

  @Test
  void validate_testFixture() {
    for (String[] file : listed("fixtures/base")) {
      assertEquals(List.of(), schemas.validate(file[1], read(file[0])), file[0]);
    }
  }

  @Test
  void validate_unknownItemField() {
    assertFalse(
        schemas
            .validate(
                "scale.schema.json", read("fixtures/broken/unknown-field/instruments/mini.json"))
            .isEmpty());
  }

  @Test
  void validate_missingZhCn() {
    List<String> errors =
        schemas.validate(
            "scale.schema.json", read("fixtures/broken/missing-zh/instruments/mini.json"));
    assertEquals(List.of("/items/1/text: missing zh-CN"), errors);
  }

  @Test
  void validate_conditionWithTwoTargets() {
    assertFalse(
        schemas
            .validate(
                "tier-rules.schema.json",
                read("fixtures/broken/rule-two-targets/tier-rules/default.json"))
            .isEmpty());
  }

  @Test
  void validate_betweenWithoutMax() {
    ObjectNode rules = (ObjectNode) read("scales/tier-rules/default.json");
    int at = 0;
    while (!"key_phq9_total".equals(rules.get("rules").get(at).get("id").textValue())) {
      at++;
    }
    ((ObjectNode) rules.get("rules").get(at).get("when")).remove("max");
    assertTrue(
        schemas
            .validate("tier-rules.schema.json", rules)
            .contains("/rules/" + at + "/when: matches 0 of oneOf, not exactly 1"));
  }

  @Test
  void validate_prorateWithoutMaxMissing() {
    ObjectNode scale = (ObjectNode) read("scales/instruments/gad7.json");
    ((ObjectNode) scale.get("scoring").get("missing")).put("rule", "prorate");
    assertEquals(
        List.of("/scoring/missing: matches 0 of oneOf, not exactly 1"),
        schemas.validate("scale.schema.json", scale));
  }

  @Test
  void validate_brokenFixturesWithNewFields() {
    for (String[] file :
        new String[][] {
          {"fixtures/broken/showif-later-item/instruments/mini.json", "scale.schema.json"},
          {"fixtures/broken/norms-band-lacking/norms/mini.json", "norms.schema.json"},
          {
            "fixtures/broken/variant-remove-unknown/tier-rules/strict.json",
            "tier-rules.schema.json"
          },
          {"fixtures/broken/validity-unknown-scale/validity/default.json", "validity.schema.json"},
          {"fixtures/broken/norms-band-lacking/index.json", "index.schema.json"}
        }) {
      assertEquals(List.of(), schemas.validate(file[1], read(file[0])), file[0]);
    }
  }

  @Test
  void validate_badBandAndFlag() {
    assertEquals(
        List.of("/batteries/0/band: \"4-5\" not in [\"1-3\",\"4-6\",\"7-9\",\"10-12\"]"),
        schemas.validate(
            "batteries.schema.json", read("fixtures/broken/battery-bad-band/batteries.json")));
    assertEquals(
        List.of("/speed/flag: \"doubtful\" not in [\"valid\",\"questionable\",\"invalid\"]"),
        schemas.validate(
            "validity.schema.json",
            read("fixtures/broken/validity-bad-flag/validity/default.json")));
  }

  @Test
  void validate_sumWithoutMaxMissing() {
    ObjectNode scale = (ObjectNode) read("scales/instruments/psc17-parent.json");
    ((ObjectNode) scale.get("scoring").get("missing")).remove("maxMissing");
    assertEquals(
        List.of("/scoring/missing: matches 0 of oneOf, not exactly 1"),
        schemas.validate("scale.schema.json", scale));
  }

  @Test
  void validate_pathLeavingIndexFolder() {
    assertFalse(
        schemas
            .validate("index.schema.json", read("fixtures/broken/path-escape/index.json"))
            .isEmpty());
  }
}
