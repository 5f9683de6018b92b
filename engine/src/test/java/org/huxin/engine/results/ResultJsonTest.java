package org.huxin.engine.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.huxin.scales.LocalizedText;
import org.huxin.scales.NormSet;
import org.huxin.scales.ScaleLibrary;
import org.junit.jupiter.api.Test;

/** What the stored scores say about their norms, and labels filled into results stored before. */
class ResultJsonTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ScaleLibrary LIBRARY = ScaleLibrary.loadDefault();
  private static final NormSet POOLED = LIBRARY.findNormSet("k10-cn-2023@1.0.0").orElseThrow();

  /** As a result scored under 1.0.0 was stored, before norm labels existed. */
  private static final String OLD =
      "{\"scales\":{\"phq9\":{\"raw\":3,\"band\":\"minimal\"},"
          + "\"k10\":{\"raw\":10,\"band\":\"none\",\"t\":37.5,\"percentile\":10.6}},"
          + "\"firedRules\":[],\"validityFlags\":[]}";

  @Test
  void withNormBasis_oldResultGetsItsSetsLabel() throws Exception {
    JsonNode k10 =
        MAPPER
            .readTree(ResultJson.withNormBasis(OLD, List.of(POOLED), LIBRARY))
            .path("scales")
            .path("k10");
    assertEquals("k10-cn-2023@1.0.0", k10.path("norm").asText());
    assertEquals("合并常模（9–18岁、男女合并）", k10.path("normLabel").path("zh-CN").asText());
    assertTrue(k10.path("approximate").asBoolean());
    assertEquals("min", k10.path("bound").asText());
    assertEquals(10.6, k10.path("percentile").asDouble(), "the stored number is kept");
    assertEquals("T 38 / 最低分 · 合并常模（9–18岁、男女合并）", NormText.ofStored(k10, null, "zh-CN"));
  }

  @Test
  void withNormBasis_unnormedAndLabelledScoresUntouched() throws Exception {
    String labelled = ResultJson.withNormBasis(OLD, List.of(POOLED), LIBRARY);
    assertEquals(labelled, ResultJson.withNormBasis(labelled, List.of(POOLED), LIBRARY));
    JsonNode phq9 = MAPPER.readTree(labelled).path("scales").path("phq9");
    assertFalse(phq9.has("normLabel"));
    assertEquals("", NormText.ofStored(phq9, null, "zh-CN"));
    assertEquals(OLD, ResultJson.withNormBasis(OLD, List.of(), LIBRARY));
  }

  @Test
  void ofStored_oldScoreWithoutFieldsIsApproximate() throws Exception {
    JsonNode k10 = MAPPER.readTree("{\"raw\":30,\"t\":59.2,\"percentile\":84.0}");
    assertEquals(
        "T 59 / 约P84 · 合并常模（9–18岁、男女合并）", NormText.ofStored(k10, POOLED.shortLabel(), "zh-CN"));
    assertEquals("T 59 / 约P84", NormText.ofStored(k10, null, "zh-CN"));
  }

  @Test
  void scores_psc17ReferenceNormLabelled() {
    assertEquals(
        "T 80 / 约P>95 · 美国家长评定常模，仅供参考",
        NormText.scores(
            80.2,
            99.9,
            true,
            org.huxin.engine.norms.NormBasis.Bound.NONE,
            LIBRARY.normSet("psc17-us-2012").shortLabel(),
            LocalizedText.ZH_CN));
  }
}
