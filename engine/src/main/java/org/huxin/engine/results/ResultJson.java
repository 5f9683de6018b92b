package org.huxin.engine.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.huxin.engine.norms.NormBasis;
import org.huxin.engine.scoring.FiredRule;
import org.huxin.engine.scoring.ScaleScore;
import org.huxin.engine.scoring.ScoredResult;
import org.huxin.engine.scoring.SubscaleScore;
import org.huxin.engine.scoring.ValidityFlag;
import org.huxin.scales.Battery;
import org.huxin.scales.LocalizedText;
import org.huxin.scales.NormCell;
import org.huxin.scales.NormSet;
import org.huxin.scales.Scale;
import org.huxin.scales.ScaleLibrary;
import org.huxin.scales.Subscale;

/**
 * A scored result as JSON. {@link #scores} is what the {@code result.scores} column keeps: every
 * scale and subscale score, the validity flags and the fired rules with their explanations, so a
 * psychologist reads why without re-scoring. {@link #offline} adds tier and validity for the
 * offline scorer's output lines. T and percentile are left out where a scale is not normed; where
 * it is, they come with what they rest on: {@code norm} (the set, {@code id@version}), {@code
 * normLabel} (its short label, {@code {"zh-CN": …, "en": …}}, shown beside every T and percentile),
 * {@code approximate: true} when the percentile is from the normal curve, and {@code bound: "min"}
 * or {@code "max"} when such a score sits at a bound of its range ({@link NormText} formats them).
 * The offline line adds each normed score's {@code text} in both languages.
 */
public final class ResultJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ResultJson() {}

  /** The JSON object stored in {@code result.scores}. */
  public static String scores(ScoredResult r) {
    return encode(scoresNode(r));
  }

  /**
   * One output line of the offline scorer for the submission {@code id}. A battery with a staff
   * note (grades 4–6: adapted wording, cut-offs not validated at that age) puts it on every line as
   * {@code staffNote}, so a result read from a file carries it as it does in the console.
   */
  public static String offline(String id, Battery battery, ScoredResult r) {
    ObjectNode line = MAPPER.createObjectNode();
    line.put("id", id);
    line.put("battery", battery.id());
    if (battery.staffNote() != null) {
      line.putObject("staffNote")
          .put(LocalizedText.ZH_CN, battery.staffNote(LocalizedText.ZH_CN))
          .put(LocalizedText.EN, battery.staffNote(LocalizedText.EN));
    }
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
    texts(line, r);
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
      normed(one, s.t(), s.percentile(), s.norm());
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
        normed(one, s.t(), s.percentile(), s.norm());
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

  private static void normed(ObjectNode node, double t, double percentile, NormBasis basis) {
    if (Double.isNaN(t)) {
      return;
    }
    node.put("t", Math.round(t * 10) / 10.0);
    node.put("percentile", Math.round(percentile * 10) / 10.0);
    if (basis == null) {
      return;
    }
    if (basis.approximate()) {
      node.put("approximate", true);
      if (basis.bound() != NormBasis.Bound.NONE) {
        node.put("bound", basis.bound().key());
      }
    }
    node.put("norm", basis.normSet());
    label(node.putObject("normLabel"), basis.label());
  }

  /** {@code {"zh-CN": …, "en": …}} of a label. */
  static void label(ObjectNode node, LocalizedText label) {
    node.put(LocalizedText.ZH_CN, label.get(LocalizedText.ZH_CN));
    node.put(LocalizedText.EN, label.get(LocalizedText.EN));
  }

  /** The offline line's readable text of each normed scale and subscale, in both languages. */
  private static void texts(ObjectNode line, ScoredResult r) {
    ObjectNode scales = (ObjectNode) line.path("scales");
    for (ScaleScore s : r.scales()) {
      if (s.normed()) {
        text(
            (ObjectNode) scales.path(s.scaleId()),
            NormText.of(s, LocalizedText.ZH_CN),
            NormText.of(s, LocalizedText.EN));
      }
    }
    if (line.has("subscales")) {
      ObjectNode subscales = (ObjectNode) line.path("subscales");
      for (SubscaleScore s : r.subscales()) {
        if (s.normed()) {
          text(
              (ObjectNode) subscales.path(s.subscaleId()),
              NormText.of(s, LocalizedText.ZH_CN),
              NormText.of(s, LocalizedText.EN));
        }
      }
    }
  }

  private static void text(ObjectNode score, String zh, String en) {
    score.putObject("text").put(LocalizedText.ZH_CN, zh).put(LocalizedText.EN, en);
  }

  /**
   * A stored {@code scores} object with what each T and percentile rests on filled in where it was
   * stored without it (results scored before norm labels existed): {@code norm} and {@code
   * normLabel} from the set of {@code sets} (the sets the result's norm version names) that norms
   * the scale or subscale, {@code approximate} when that set has no percentile table for it, and
   * {@code bound} when such a score is at a bound of its range in {@code library}. Scores already
   * labelled, unnormed ones and JSON that is not an object are returned as they are.
   */
  public static String withNormBasis(String scoresJson, List<NormSet> sets, ScaleLibrary library) {
    JsonNode root;
    try {
      root = MAPPER.readTree(scoresJson);
    } catch (JsonProcessingException e) {
      return scoresJson;
    }
    if (!(root instanceof ObjectNode)) {
      return scoresJson;
    }
    boolean changed = false;
    for (String group : List.of("scales", "subscales")) {
      JsonNode scores = root.path(group);
      for (Iterator<Map.Entry<String, JsonNode>> it = scores.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getValue() instanceof ObjectNode score
            && score.path("t").isNumber()
            && !score.has("normLabel")) {
          changed |= fillBasis(score, e.getKey(), sets, library);
        }
      }
    }
    return changed ? encode((ObjectNode) root) : scoresJson;
  }

  private static boolean fillBasis(
      ObjectNode score, String target, List<NormSet> sets, ScaleLibrary library) {
    for (NormSet set : sets) {
      boolean table = false;
      boolean norms = false;
      for (NormCell cell : set.cells()) {
        if (cell.target().equals(target)) {
          norms = true;
          table |= cell.table() != null;
        }
      }
      if (!norms) {
        continue;
      }
      if (!table) {
        score.put("approximate", true);
        int[] range = range(target, library);
        int raw = score.path("raw").asInt(Integer.MIN_VALUE);
        if (range != null && raw == range[0]) {
          score.put("bound", NormBasis.Bound.MIN.key());
        } else if (range != null && raw == range[1]) {
          score.put("bound", NormBasis.Bound.MAX.key());
        }
      }
      score.put("norm", set.label());
      label(score.putObject("normLabel"), set.shortLabel());
      return true;
    }
    return false;
  }

  /** The lowest and highest raw score of a scale or subscale of {@code library}, or null. */
  private static int[] range(String target, ScaleLibrary library) {
    Optional<Scale> scale = library.findScale(target);
    if (scale.isPresent()) {
      return new int[] {scale.get().scoring().min(), scale.get().scoring().max()};
    }
    int cut = target.indexOf('_');
    Optional<Scale> owner =
        cut < 0 ? Optional.empty() : library.findScale(target.substring(0, cut));
    Optional<Subscale> sub = owner.flatMap(o -> o.subscale(target));
    if (sub.isEmpty()) {
      return null;
    }
    int n = sub.get().itemIds().size();
    return new int[] {n * owner.get().minValue(), n * owner.get().maxValue()};
  }

  private static String encode(ObjectNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a result could not be written as JSON", e);
    }
  }
}
