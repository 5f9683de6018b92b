package org.huxin.engine.results;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import org.huxin.engine.norms.NormBasis;
import org.huxin.engine.norms.NormBasis.Bound;
import org.huxin.engine.scoring.ScaleScore;
import org.huxin.engine.scoring.SubscaleScore;
import org.huxin.scales.LocalizedText;

/**
 * The one place a T score and percentile become text for people (the console's {@code normText} in
 * {@code archive.js} is its twin and must read the same), always with the norm set's label beside
 * them: {@code T 57 / 约P76 · 合并常模（9–18岁、男女合并）}.
 *
 * <p>A percentile from an empirical table (a local norm) is shown as it is: {@code P76}. One from
 * the normal curve (a published mean and SD only) is approximate: shown as {@code 约P76}, and only
 * between P5 and P95 ({@code 约P<5}, {@code 约P>95} beyond), since the curve fits the tails of a
 * bounded, skewed score worst; and a raw score at the scale's minimum or maximum gets no percentile
 * at all but {@code 最低分} / {@code 最高分}: the curve cannot place a score piled at a bound (it put the
 * minimum K10 at P10.6). The stored number is never changed; only its text is.
 */
public final class NormText {

  /** Below this, and above 100 minus it, an approximate percentile is shown only as beyond it. */
  static final int TAIL = 5;

  private NormText() {}

  /** {@code T 57 / 约P76 · <label>} of a normed scale score; "" when it has no T. */
  public static String of(ScaleScore s, String locale) {
    return s.normed() ? text(s.t(), s.percentile(), s.norm(), locale) : "";
  }

  /** {@code T 57 / 约P76 · <label>} of a normed subscale score; "" when it has no T. */
  public static String of(SubscaleScore s, String locale) {
    return s.normed() ? text(s.t(), s.percentile(), s.norm(), locale) : "";
  }

  private static String text(double t, double percentile, NormBasis basis, String locale) {
    return basis == null
        ? scores(t, percentile, true, Bound.NONE, null, locale)
        : scores(t, percentile, basis.approximate(), basis.bound(), basis.label(), locale);
  }

  /**
   * The text of one stored score object ({@code {"t": 57.2, "percentile": 76.1, "approximate":
   * true, "bound": "min", "normLabel": {...}}}, as {@link ResultJson} writes it); "" when it has no
   * T. A score stored before these fields existed is read as approximate (every shipped norm set
   * before local norms came from a published mean and SD) and labelled by {@code fallbackLabel}, if
   * given.
   */
  public static String ofStored(JsonNode score, LocalizedText fallbackLabel, String locale) {
    JsonNode t = score.path("t");
    JsonNode p = score.path("percentile");
    if (!t.isNumber() || !p.isNumber()) {
      return "";
    }
    LocalizedText label = fallbackLabel;
    JsonNode stored = score.path("normLabel");
    if (stored.path(LocalizedText.ZH_CN).isTextual() && stored.path(LocalizedText.EN).isTextual()) {
      label =
          LocalizedText.of(
              stored.path(LocalizedText.ZH_CN).asText(), stored.path(LocalizedText.EN).asText());
    }
    boolean approximate = score.path("approximate").asBoolean(!score.has("normLabel"));
    return scores(
        t.asDouble(),
        p.asDouble(),
        approximate,
        Bound.ofKey(score.path("bound").asText(null)),
        label,
        locale);
  }

  /**
   * {@code T 57 / 约P76 · <label>} ({@code T 57 / ~P76 · <label>} in English); without a label, the
   * label part is left out.
   */
  public static String scores(
      double t,
      double percentile,
      boolean approximate,
      Bound bound,
      LocalizedText label,
      String locale) {
    String text = "T " + Math.round(t) + " / " + percentile(percentile, approximate, bound, locale);
    return label == null ? text : text + " · " + label.get(locale);
  }

  /**
   * The percentile as a reader should see it: {@code P76} from a table; from the normal curve
   * {@code 约P76} within P5–P95, {@code 约P<5} / {@code 约P>95} beyond, and {@code 最低分} / {@code 最高分}
   * for a raw score at a bound.
   */
  public static String percentile(
      double percentile, boolean approximate, Bound bound, String locale) {
    boolean zh = !locale.toLowerCase(Locale.ROOT).startsWith("en");
    if (!approximate) {
      return "P" + Math.round(percentile);
    }
    if (bound == Bound.MIN) {
      return zh ? "最低分" : "lowest score";
    }
    if (bound == Bound.MAX) {
      return zh ? "最高分" : "highest score";
    }
    String about = zh ? "约P" : "~P";
    if (percentile < TAIL) {
      return about + "<" + TAIL;
    }
    if (percentile > 100 - TAIL) {
      return about + ">" + (100 - TAIL);
    }
    return about + Math.round(percentile);
  }
}
