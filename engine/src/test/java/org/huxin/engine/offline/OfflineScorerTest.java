package org.huxin.engine.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.huxin.engine.scoring.ScoringEngine;
import org.huxin.scales.ScaleLibrary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OfflineScorerTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static OfflineScorer scorer;

  /** A grades 7–9 student doing well; ASQ item 5 not asked (null). */
  private static final String ROUTINE_ANSWERS =
      "{\"phq9\":[0,0,1,0,0,0,0,0,0],\"gad7\":[0,1,0,0,0,0,0],\"who5\":[4,4,3,4,4],"
          + "\"asq\":[0,0,0,0,null],\"k10\":[1,1,2,1,1,1,1,1,1,1],"
          + "\"rses\":[2,2,1,2,1,2,2,1,1,1]}";

  @BeforeAll
  static void compile() {
    scorer = new OfflineScorer(ScoringEngine.compile(ScaleLibrary.loadDefault()).battery("g7-9"));
  }

  private static List<JsonNode> score(String... lines) throws Exception {
    StringWriter out = new StringWriter();
    scorer.run(new StringReader(String.join("\n", lines)), out);
    return out.toString().lines().map(OfflineScorerTest::parse).toList();
  }

  private static JsonNode parse(String line) {
    try {
      return MAPPER.readTree(line);
    } catch (Exception e) {
      throw new AssertionError("output is not JSON: " + line, e);
    }
  }

  @Test
  void run_routineLine() throws Exception {
    JsonNode out =
        score("{\"id\":\"a1\",\"grade\":8,\"sex\":\"F\",\"answers\":" + ROUTINE_ANSWERS + "}")
            .get(0);
    assertEquals("a1", out.get("id").asText());
    assertEquals("routine", out.get("tier").asText());
    assertEquals(0, out.get("tierLevel").asInt());
    assertEquals(1, out.get("scales").get("phq9").get("raw").asInt());
    assertTrue(out.get("scales").get("k10").has("t"), "K10 is normed for grades 7–9");
    assertFalse(out.get("scales").get("phq9").has("t"), "PHQ-9 has no published norms");
    assertEquals(0, out.get("firedRules").size());
  }

  @Test
  void run_normLabelBesideEveryTAndPercentile() throws Exception {
    JsonNode out =
        score("{\"id\":\"a1\",\"grade\":8,\"sex\":\"F\",\"answers\":" + ROUTINE_ANSWERS + "}")
            .get(0);
    JsonNode k10 = out.get("scales").get("k10");
    assertEquals("k10-cn-2023@2.0.0", out.get("normVersion").asText());
    assertEquals("k10-cn-2023@2.0.0", k10.get("norm").asText());
    assertEquals("全国常模（9–18岁、分性别）", k10.get("normLabel").get("zh-CN").asText());
    assertEquals("National norm (ages 9–18, by sex)", k10.get("normLabel").get("en").asText());
    assertTrue(k10.get("approximate").asBoolean(), "a normal-curve percentile");
    // K10 11 for a girl: T 36, z = −1.42, P7.8 on the curve
    assertEquals(7.8, k10.get("percentile").asDouble(), "the stored number is kept");
    assertEquals("T 36 / 约P8 · 全国常模（9–18岁、分性别）", k10.get("text").get("zh-CN").asText());
    assertEquals(
        "T 36 / ~P8 · National norm (ages 9–18, by sex)", k10.get("text").get("en").asText());
    assertFalse(out.get("scales").get("phq9").has("text"));
  }

  @Test
  void run_grade4to6LinesCarryTheStaffNote() throws Exception {
    OfflineScorer primary =
        new OfflineScorer(ScoringEngine.compile(ScaleLibrary.loadDefault()).battery("g4-6"));
    StringWriter out = new StringWriter();
    primary.run(
        new StringReader(
            "{\"id\":\"p1\",\"grade\":5,\"sex\":\"F\",\"answers\":{"
                + "\"phq9\":[2,2,2,2,2,1,0,0,0],\"gad7\":[0,1,0,0,0,0,0],"
                + "\"who5\":[4,4,3,4,4],\"asq\":[0,0,0,0,null]}}"),
        out);
    JsonNode line = parse(out.toString().strip());
    assertEquals("key", line.get("tier").asText(), line.toString());
    assertEquals("本地改编表述，界值未在该年龄验证，结果仅供初筛", line.get("staffNote").get("zh-CN").asText());
    assertTrue(line.get("staffNote").has("en"));
    String rule = line.get("firedRules").get(0).get("zh").asText();
    assertTrue(rule.contains("分数段"), rule);
    assertFalse(rule.contains("抑郁"), rule);

    JsonNode secondary =
        score("{\"id\":\"a1\",\"grade\":8,\"sex\":\"F\",\"answers\":" + ROUTINE_ANSWERS + "}")
            .get(0);
    assertFalse(secondary.has("staffNote"), "grades 7–9 have no staff note");
  }

  @Test
  void run_minimumK10HasNoCurvePercentileText() throws Exception {
    String lowest =
        ROUTINE_ANSWERS.replace("\"k10\":[1,1,2,1,1,1,1,1,1,1]", "\"k10\":[1,1,1,1,1,1,1,1,1,1]");
    JsonNode k10 =
        score("{\"id\":\"m1\",\"grade\":8,\"sex\":\"M\",\"answers\":" + lowest + "}")
            .get(0)
            .get("scales")
            .get("k10");
    assertEquals("min", k10.get("bound").asText());
    assertEquals("T 35 / 最低分 · 全国常模（9–18岁、分性别）", k10.get("text").get("zh-CN").asText());
  }

  @Test
  void run_crisisLineExplainsTheRule() throws Exception {
    String crisis =
        ROUTINE_ANSWERS.replace("\"phq9\":[0,0,1,0,0,0,0,0,0]", "\"phq9\":[0,0,1,0,0,0,0,0,3]");
    JsonNode out =
        score("{\"id\":\"c1\",\"grade\":8,\"sex\":\"M\",\"answers\":" + crisis + "}").get(0);
    assertEquals("crisis", out.get("tier").asText());
    assertEquals("serious", out.get("crisisLevel").asText());
    JsonNode rule = out.get("firedRules").get(0);
    assertEquals(3, rule.get("tier").asInt());
    assertEquals("serious", rule.get("level").asText());
    assertTrue(rule.get("en").asText().contains("PHQ-9"), rule.toString());
  }

  @Test
  void run_refusedAsqItemIsAGeneralCrisis() throws Exception {
    String refused =
        ROUTINE_ANSWERS.replace("\"asq\":[0,0,0,0,null]", "\"asq\":[0,\"refused\",0,0,0]");
    JsonNode out =
        score("{\"id\":\"r1\",\"grade\":8,\"sex\":\"F\",\"answers\":" + refused + "}").get(0);
    assertEquals("crisis", out.get("tier").asText());
    assertEquals("general", out.get("crisisLevel").asText());
    assertEquals("questionable", out.get("validity").asText());
    assertEquals("refused:asq_2", out.get("validityFlags").get(0).get("check").asText());
  }

  @Test
  void run_incompleteLineWithACrisisAnswer_reportedInvalidAtItsTier() throws Exception {
    String incomplete =
        ROUTINE_ANSWERS
            .replace("\"gad7\":[0,1,0,0,0,0,0]", "\"gad7\":[0,null,0,0,0,0,0]")
            .replace("\"asq\":[0,0,0,0,null]", "\"asq\":[0,0,0,0,1,0]");
    String noCrisis =
        ROUTINE_ANSWERS.replace("\"gad7\":[0,1,0,0,0,0,0]", "\"gad7\":[0,null,0,0,0,0,0]");
    StringWriter written = new StringWriter();
    OfflineScorer.Summary s =
        scorer.run(
            new StringReader(
                "{\"id\":\"s1\",\"grade\":8,\"sex\":\"F\",\"answers\":"
                    + incomplete.replace("[0,0,0,0,1,0]", "[1,0,0,0,1,0]")
                    + "}\n{\"id\":\"s2\",\"grade\":8,\"sex\":\"F\",\"answers\":"
                    + noCrisis
                    + "}"),
            written);
    List<JsonNode> out = written.toString().lines().map(OfflineScorerTest::parse).toList();
    assertEquals("crisis", out.get(0).get("tier").asText(), out.get(0).toString());
    assertEquals("major", out.get(0).get("crisisLevel").asText());
    assertEquals("invalid", out.get(0).get("validity").asText());
    assertTrue(out.get(0).toString().contains("incomplete"), out.get(0).toString());
    assertTrue(out.get(1).get("error").asText().contains("item 2 of GAD-7 is missing"));
    assertEquals(1, s.salvaged());
    assertEquals(1, s.scored());
    assertEquals(1, s.failed());
  }

  @Test
  void run_badLinesAreReportedInPlaceAndTheRestScored() throws Exception {
    String outOfRange = ROUTINE_ANSWERS.replace("\"gad7\":[0,1,", "\"gad7\":[0,7,");
    List<JsonNode> out =
        score(
            "{\"id\":\"x1\",\"grade\":8,\"sex\":\"F\",\"answers\":" + outOfRange + "}",
            "not json",
            "{\"id\":\"x3\",\"grade\":8,\"sex\":\"F\",\"answers\":{\"sdq\":[1]}}",
            "{\"id\":\"x4\",\"grade\":13,\"sex\":\"F\",\"answers\":" + ROUTINE_ANSWERS + "}",
            "{\"id\":\"x5\",\"grade\":8,\"sex\":\"F\",\"tier\":0,\"answers\":"
                + ROUTINE_ANSWERS
                + "}",
            "",
            "{\"id\":\"ok\",\"grade\":9,\"sex\":\"M\",\"answers\":" + ROUTINE_ANSWERS + "}");
    assertEquals(6, out.size(), "one line out per non-blank line in");
    assertTrue(
        out.get(0).get("error").asText().contains("answer 2 of GAD-7 is 7"), out.get(0).toString());
    assertEquals("x1", out.get(0).get("id").asText());
    assertTrue(out.get(1).get("error").asText().startsWith("line 2: not valid JSON"));
    assertTrue(out.get(2).get("error").asText().contains("'sdq' is not a scale"));
    assertTrue(out.get(3).get("error").asText().contains("grade"));
    assertTrue(out.get(4).get("error").asText().contains("unknown field 'tier'"));
    assertEquals("routine", out.get(5).get("tier").asText());
  }

  @Test
  void run_summaryCountsTiersAndFailures() throws Exception {
    OfflineScorer.Summary s =
        scorer.run(
            new StringReader(
                "{\"id\":\"a\",\"grade\":8,\"sex\":\"F\",\"answers\":"
                    + ROUTINE_ANSWERS
                    + "}\nnot json\n"),
            new StringWriter());
    assertEquals(2, s.lines());
    assertEquals(1, s.scored());
    assertEquals(1, s.failed());
    assertEquals(1, s.tiers()[0]);
  }
}
