package org.huxin.engine.scoring;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.huxin.scales.Band;
import org.huxin.scales.Battery;
import org.huxin.scales.Condition;
import org.huxin.scales.Item;
import org.huxin.scales.Scale;
import org.huxin.scales.ScaleLibrary;
import org.huxin.scales.Subscale;
import org.huxin.scales.TierRule;
import org.huxin.scales.TierRuleSet;

/**
 * One battery compiled for scoring: its answer layout, keys, bands and tier rules held in primitive
 * arrays, built once at start-up, immutable, and shared by every thread.
 *
 * <h2>Implementation notes</h2>
 *
 * <p><b>Layout.</b> A submission is one {@code int[]}: scale after scale in battery order, each
 * scale's items in presentation order, {@link Answers#MISSING} for a blank. {@link #layout()} says
 * where each scale starts. A wrong length is rejected before anything is read.
 *
 * <p><b>Keys.</b> Options are consecutive integers, so an item's whole validation is one range
 * check against its {@code min[i]}–{@code max[i]}; an answer outside it is rejected as {@code
 * answer 3 of PHQ-9 is 7; allowed 0–3}. A reverse-keyed item scores {@code min + max − answer}. A
 * scale's raw score is the sum of its scored items, and its band is the first cut-off band whose
 * upper bound is at least the raw score.
 *
 * <p><b>Missing items.</b> Each scale's file chooses. {@code {"rule":"invalid"}}: any blank rejects
 * the submission ({@code item 4 of GAD-7 is missing}); the client must collect the answer. {@code
 * {"rule":"prorate","maxMissing":n}}: up to {@code n} blanks are scored as {@code sum × items /
 * answered}, rounded half up, and the result becomes {@link Validity#QUESTIONABLE}; the next blank
 * is rejected. A critical item may never be blank under either rule. A blank never satisfies an
 * item comparison in a tier rule; item comparisons read the answer as given, before reverse keying.
 *
 * <p><b>Norms.</b> None ship yet: PHQ-9 and GAD-7 have no published Chinese norms by grade and sex,
 * so T and percentile are NaN and the norm version is {@value ScoredResult#NO_NORMS}. {@link
 * #score} already takes the {@link Respondent} (grade band × sex) that a norm lookup needs.
 *
 * <p><b>Tier precedence.</b> The rule set's rules that apply to this battery (every item, scale and
 * subscale they name is in it; the others are left out, not failed) are all evaluated, in file
 * order. The result's tier is the highest tier among those that fired, {@link Tier#ROUTINE} if none
 * did. Rules never cancel each other: a key rule firing beside a crisis rule cannot lower it, and
 * every fired rule is kept with its explanation so a reviewer sees why.
 *
 * <p><b>Never hide a crisis.</b> Validity is computed beside the tier and never feeds it: an
 * invalid questionnaire with a crisis answer is still {@link Tier#CRISIS}. Two guards back this at
 * compile time: a critical item can never be left blank, and compiling fails if a critical item of
 * the battery is read by no applicable rule of tier {@link Tier#CLOSE} or higher, so a rule set
 * cannot silently drop the self-harm item.
 *
 * <p><b>Allocation.</b> Scoring allocates its result (the score records, their lists and, for fired
 * rules, the explanation strings) and nothing else. Conditions are a flat node table walked by
 * index. A fired rule is evaluated a second time to collect its facts; that costs only on the rare
 * flagged result and saves a scratch buffer on every routine one.
 */
public final class CompiledBattery {

  private final Battery definition;
  private final String ruleSetId;
  private final String ruleSetVersion;
  private final List<ScaleLayout> layout;

  private final int[] min;
  private final int[] max;
  private final int[] flip;
  private final boolean[] reverse;
  private final boolean[] critical;
  private final int[] number;

  private final String[] scaleIds;
  private final String[] shortNames;
  private final int[] offset;
  private final int[] count;
  private final int[] maxBlank;
  private final int[][] bandUpper;
  private final String[][] bandIds;

  private final RuleTable rules;

  private CompiledBattery(Battery battery, List<Scale> scales, TierRuleSet set) {
    this.definition = battery;
    this.ruleSetId = set.id();
    this.ruleSetVersion = set.version();
    int items = 0;
    for (Scale scale : scales) {
      items += scale.items().size();
    }
    min = new int[items];
    max = new int[items];
    flip = new int[items];
    reverse = new boolean[items];
    critical = new boolean[items];
    number = new int[items];
    String[] itemShortName = new String[items];
    int n = scales.size();
    scaleIds = new String[n];
    shortNames = new String[n];
    offset = new int[n];
    count = new int[n];
    maxBlank = new int[n];
    bandUpper = new int[n][];
    bandIds = new String[n][];
    Map<String, Integer> itemIndex = new HashMap<>();
    Map<String, Integer> scaleIndex = new HashMap<>();
    Map<String, Scale> scaleOfSubscale = new HashMap<>();
    List<ScaleLayout> slices = new ArrayList<>();
    int at = 0;
    for (int s = 0; s < n; s++) {
      Scale scale = scales.get(s);
      scaleIds[s] = scale.id();
      shortNames[s] = scale.shortName();
      offset[s] = at;
      count[s] = scale.items().size();
      maxBlank[s] = scale.scoring().missing().maxMissing();
      List<Band> bands = scale.scoring().bands();
      bandUpper[s] = new int[bands.size()];
      bandIds[s] = new String[bands.size()];
      for (int k = 0; k < bands.size(); k++) {
        bandUpper[s][k] = bands.get(k).max();
        bandIds[s][k] = bands.get(k).id();
      }
      scaleIndex.put(scale.id(), s);
      for (Subscale sub : scale.subscales()) {
        scaleOfSubscale.put(sub.id(), scale);
      }
      slices.add(
          new ScaleLayout(
              scale.id(), scale.shortName(), at, count[s], scale.minValue(), scale.maxValue()));
      for (Item item : scale.items()) {
        min[at] = scale.minValue();
        max[at] = scale.maxValue();
        flip[at] = scale.minValue() + scale.maxValue();
        reverse[at] = item.reverse();
        critical[at] = item.critical();
        number[at] = item.number();
        itemShortName[at] = scale.shortName();
        itemIndex.put(item.id(), at);
        at++;
      }
    }
    this.layout = List.copyOf(slices);
    RuleTable.Layout ruleLayout =
        new RuleTable.Layout(
            List.copyOf(scales),
            Map.copyOf(itemIndex),
            Map.copyOf(scaleIndex),
            Map.copyOf(scaleOfSubscale),
            flip,
            reverse,
            itemShortName,
            number);
    this.rules = RuleTable.compile(set, ruleLayout);
    requireCriticalItemsRead(battery, scales, set, ruleLayout);
  }

  /** Compiles {@code battery} from {@code library} under the tier rules {@code set}. */
  static CompiledBattery compile(Battery battery, ScaleLibrary library, TierRuleSet set) {
    List<Scale> scales = new ArrayList<>();
    for (String scaleId : battery.scaleIds()) {
      scales.add(library.scale(scaleId));
    }
    return new CompiledBattery(battery, scales, set);
  }

  private static void requireCriticalItemsRead(
      Battery battery, List<Scale> scales, TierRuleSet set, RuleTable.Layout layout) {
    for (Scale scale : scales) {
      for (Item item : scale.items()) {
        if (!item.critical()) {
          continue;
        }
        boolean read = false;
        for (TierRule rule : set.rules()) {
          if (rule.tier() >= Tier.CLOSE.level() && RuleTable.applies(rule.when(), layout)) {
            boolean[] names = {false};
            rule.when()
                .forEachComparison(
                    c ->
                        names[0] |=
                            c.target() == Condition.Target.ITEM && c.ref().equals(item.id()));
            read |= names[0];
          }
        }
        if (!read) {
          throw new IllegalArgumentException(
              "battery "
                  + battery.id()
                  + ": critical item "
                  + item.id()
                  + " is read by no rule of tier 2 or higher in rule set "
                  + set.id()
                  + "; a crisis answer would go unseen");
        }
      }
    }
  }

  /** The battery id, e.g. {@code g4-6}. */
  public String id() {
    return definition.id();
  }

  /** The battery's version, recorded with every result. */
  public String version() {
    return definition.version();
  }

  /** Who answers: {@code self}, {@code parent} or {@code teacher}. */
  public String form() {
    return definition.form();
  }

  /** The battery as loaded, for titles, wording and scale order. */
  public Battery definition() {
    return definition;
  }

  /** The id of the tier rule set this battery was compiled with. */
  public String ruleSetId() {
    return ruleSetId;
  }

  /** The version of the tier rule set this battery was compiled with. */
  public String ruleSetVersion() {
    return ruleSetVersion;
  }

  /** Length of the flat answer array. */
  public int itemCount() {
    return min.length;
  }

  /** Where each scale sits in the flat answer array, in battery order. */
  public List<ScaleLayout> layout() {
    return layout;
  }

  /** How many tier rules of the rule set apply to this battery. */
  public int ruleCount() {
    return rules.size();
  }

  /**
   * Scores one submission.
   *
   * @param answers the flat layout, scale after scale in item order; {@link Answers#MISSING} for a
   *     blank
   * @param respondent grade and sex, for norm lookup
   * @throws AnswerRejectedException if the array has the wrong length, an answer is not an option,
   *     or an item that must be answered is blank
   */
  public ScoredResult score(int[] answers, Respondent respondent) throws AnswerRejectedException {
    Objects.requireNonNull(answers, "answers");
    Objects.requireNonNull(respondent, "respondent");
    if (answers.length != min.length) {
      throw AnswerRejectedException.wrongLength(min.length, answers.length);
    }
    ScaleScore[] scores = new ScaleScore[scaleIds.length];
    Validity validity = Validity.VALID;
    for (int s = 0; s < scores.length; s++) {
      int sum = 0;
      int blanks = 0;
      for (int i = offset[s], end = offset[s] + count[s]; i < end; i++) {
        int a = answers[i];
        if (a == Answers.MISSING) {
          if (critical[i]) {
            throw AnswerRejectedException.missing(
                scaleIds[s],
                shortNames[s],
                number[i],
                i,
                maxBlank[s] == 0 ? "" : "; a critical item must be answered");
          }
          if (++blanks > maxBlank[s]) {
            throw AnswerRejectedException.missing(
                scaleIds[s],
                shortNames[s],
                number[i],
                i,
                maxBlank[s] == 0
                    ? ""
                    : "; at most " + maxBlank[s] + " of " + shortNames[s] + " may be blank");
          }
          continue;
        }
        if (a < min[i] || a > max[i]) {
          throw AnswerRejectedException.outOfRange(
              scaleIds[s], shortNames[s], number[i], i, a, min[i], max[i]);
        }
        sum += reverse[i] ? flip[i] - a : a;
      }
      int raw = sum;
      if (blanks > 0) {
        int answered = count[s] - blanks;
        raw = (2 * sum * count[s] + answered) / (2 * answered);
        validity = Validity.QUESTIONABLE;
      }
      scores[s] = new ScaleScore(scaleIds[s], raw, band(s, raw), Double.NaN, Double.NaN);
    }

    int fired = 0;
    int top = 0;
    for (int r = 0; r < rules.size(); r++) {
      if (rules.fires(r, answers, scores)) {
        fired++;
        top = Math.max(top, rules.tier(r).level());
      }
    }
    List<FiredRule> firedRules = List.of();
    if (fired > 0) {
      FiredRule[] out = new FiredRule[fired];
      for (int r = 0, k = 0; k < fired; r++) {
        if (rules.fires(r, answers, scores)) {
          out[k++] = rules.explain(r, answers, scores);
        }
      }
      firedRules = List.of(out);
    }
    Tier tier = Tier.ofLevel(top);
    return new ScoredResult(
        tier,
        tier == Tier.CRISIS,
        validity,
        List.of(scores),
        firedRules,
        ScoredResult.NO_NORMS,
        definition.version(),
        ruleSetVersion);
  }

  private String band(int s, int raw) {
    int[] upper = bandUpper[s];
    for (int k = 0; k < upper.length; k++) {
      if (raw <= upper[k]) {
        return bandIds[s][k];
      }
    }
    return bandIds[s][upper.length - 1];
  }

  /**
   * The answers in one byte per item for storage, {@value Answers#COMPACT_MISSING} for a blank.
   *
   * @throws IllegalArgumentException if the array has the wrong length or an answer is not an
   *     option
   */
  public byte[] compactAnswers(int[] answers) {
    Objects.requireNonNull(answers, "answers");
    if (answers.length != min.length) {
      throw new IllegalArgumentException(
          "expected " + min.length + " answers, got " + answers.length);
    }
    byte[] out = new byte[answers.length];
    for (int i = 0; i < answers.length; i++) {
      int a = answers[i];
      if (a != Answers.MISSING && (a < min[i] || a > max[i])) {
        throw new IllegalArgumentException(describe(i, a));
      }
      out[i] = (byte) (a == Answers.MISSING ? Answers.COMPACT_MISSING : a);
    }
    return out;
  }

  /**
   * The flat answer array stored by {@link #compactAnswers(int[])}, for re-scoring.
   *
   * @throws IllegalArgumentException if the bytes have the wrong length or hold a value that is not
   *     an option
   */
  public int[] expandAnswers(byte[] compact) {
    Objects.requireNonNull(compact, "compact");
    if (compact.length != min.length) {
      throw new IllegalArgumentException(
          "expected " + min.length + " compact answers, got " + compact.length);
    }
    int[] out = new int[compact.length];
    for (int i = 0; i < compact.length; i++) {
      int a = compact[i] & 0xFF;
      if (a != Answers.COMPACT_MISSING && (a < min[i] || a > max[i])) {
        throw new IllegalArgumentException(describe(i, a));
      }
      out[i] = a == Answers.COMPACT_MISSING ? Answers.MISSING : a;
    }
    return out;
  }

  private String describe(int index, int answer) {
    int s = 0;
    while (s + 1 < offset.length && offset[s + 1] <= index) {
      s++;
    }
    return "answer "
        + number[index]
        + " of "
        + shortNames[s]
        + " is "
        + answer
        + "; allowed "
        + min[index]
        + "–"
        + max[index];
  }

  @Override
  public String toString() {
    return "CompiledBattery[" + id() + " " + version() + ", " + itemCount() + " items]";
  }
}
