package org.huxin.engine.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.huxin.engine.scoring.FiredRule;
import org.huxin.engine.scoring.ScaleScore;
import org.huxin.engine.scoring.ScoredResult;
import org.huxin.engine.scoring.SubscaleScore;
import org.huxin.engine.scoring.ValidityFlag;

/**
 * A scored result as JSON. {@link #scores} is what the {@code result.scores} column keeps: every
 * scale and subscale score, the validity flags and the fired rules with their explanations, so a
 * psychologist reads why without re-scoring. {@link #offline} adds tier and validity for the
 * offline scorer's output lines. T and percentile are left out where a scale is not normed.
 */
public final class ResultJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ResultJson() {}

  /** The JSON object stored in {@code result.scores}. */
  public static String scores(ScoredResult r) {
    return encode(scoresNode(r));
  }

  /** One output line of the offline scorer for the submission {@code id}. */
  public static String offline(String id, String batteryId, ScoredResult r) {
    ObjectNode line = MAPPER.createObjectNode();
    line.put("id", id);
    line.put("battery", batteryId);
    line.put("batteryVersion", r.batteryVersion());
    line.put("ruleSetVersion", r.ruleSetVersion());
    line.put("normVersion", r.normVersion());
    line.put("tier", r.tier().name().toLowerCase(java.util.Locale.ROOT));
    line.put("tierLevel", r.tier().level());
    if (r.crisisLevel() == null) {
      line.putNull("crisisLevel");
    } else {
      line.put("crisisLevel", r.crisisLevel().key());
    }
    line.put("validity", r.validity().name().toLowerCase(java.util.Locale.ROOT));
    line.setAll(scoresNode(r));
    return encode(line);
  }

  /** The offline scorer's line for a submission it could not score. */
  public static String offlineError(String id, String error) {
    ObjectNode line = MAPPER.createObjectNode();
    if (id == null) {
      line.putNull("id");
    } else {
      line.put("id", id);
    }
    line.put("error", error);
    return encode(line);
  }

  private static ObjectNode scoresNode(ScoredResult r) {
    ObjectNode root = MAPPER.createObjectNode();
    ObjectNode scales = root.putObject("scales");
    for (ScaleScore s : r.scales()) {
      ObjectNode one = scales.putObject(s.scaleId());
      one.put("raw", s.raw());
      if (s.scaled() != s.raw()) {
        one.put("scaled", s.scaled());
      }
      one.put("band", s.band());
      normed(one, s.t(), s.percentile());
    }
    if (!r.subscales().isEmpty()) {
      ObjectNode subscales = root.putObject("subscales");
      for (SubscaleScore s : r.subscales()) {
        ObjectNode one = subscales.putObject(s.subscaleId());
        one.put("scale", s.scaleId());
        one.put("raw", s.raw());
        if (!s.band().isEmpty()) {
          one.put("band", s.band());
        }
        normed(one, s.t(), s.percentile());
      }
    }
    ArrayNode rules = root.putArray("firedRules");
    for (FiredRule f : r.firedRules()) {
      ObjectNode rule = rules.addObject().put("id", f.ruleId()).put("tier", f.tier().level());
      if (f.level() != null) {
        rule.put("level", f.level().key());
      }
      rule.put("zh", f.explanationZh()).put("en", f.explanationEn());
    }
    ArrayNode flags = root.putArray("validityFlags");
    for (ValidityFlag v : r.validityFlags()) {
      flags
          .addObject()
          .put("check", v.check())
          .put("level", v.level().name().toLowerCase(java.util.Locale.ROOT))
          .put("zh", v.explanationZh())
          .put("en", v.explanationEn());
    }
    return root;
  }

  private static void normed(ObjectNode node, double t, double percentile) {
    if (!Double.isNaN(t)) {
      node.put("t", Math.round(t * 10) / 10.0);
      node.put("percentile", Math.round(percentile * 10) / 10.0);
    }
  }

  private static String encode(ObjectNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a result could not be written as JSON", e);
    }
  }
}
