package org.huxin.engine.scoring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.huxin.engine.norms.NormTable;
import org.huxin.scales.Battery;
import org.huxin.scales.CrisisLevel;
import org.huxin.scales.NormSet;
import org.huxin.scales.Scale;
import org.huxin.scales.ScaleLibrary;
import org.huxin.scales.SchoolBand;
import org.huxin.scales.TierRuleSet;

/**
 * One battery compiled for scoring: its answer layout, keys, bands, norms, validity checks and tier
 * rules held in primitive arrays, built once at start-up, immutable, and shared by every thread.
 *
 * <p>The parts, each in its own class: {@link BatteryCompiler} builds the {@link BatteryPlan} (the
 * arrays) with the compile-time crisis guards; this class scores a sheet, reads a partial one and
 * salvages a rejected one; {@link ValidityChecks} runs the validity checks and owns their flags;
 * {@link RuleTable} the tier rules and their texts; {@link AnswerCodec} the stored byte form.
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
 * scale's raw score is the sum of its keyed items; its reported score is raw × its multiplier
 * (WHO-5: 4); its band is the first cut-off band whose upper bound is at least the raw score.
 * Subscales (PSC-17) are summed the same way over their items.
 *
 * <p><b>Conditional items.</b> An item with a {@code showIf} (ASQ item 5) is asked only when one of
 * its gate items of the same scale was answered with the gate value. Not asked, it must be blank,
 * is not a missing item, and scores its lowest option (ASQ: no), so the raw score stays in range.
 * Asked, it must be answered.
 *
 * <p><b>Missing items.</b> Each scale's file chooses. {@code invalid}: any blank rejects the
 * submission ({@code item 4 of GAD-7 is missing}); the client must collect the answer. {@code
 * prorate}: the sum becomes {@code sum × asked / answered}, rounded half up. {@code sum}: a blank
 * scores the lowest option (the PSC's rule). Within the scale's {@code maxMissing} the validity
 * rules' {@code missing.withinAllowance} level applies (questionable by default); beyond it, {@code
 * beyondAllowance} (invalid; e.g. four blank PSC-17 items). A critical item may never be blank. A
 * blank never satisfies an item comparison in a tier rule; item comparisons read the answer as
 * given, before reverse keying.
 *
 * <p><b>Norms.</b> The battery is compiled with a list of {@link NormSet}s ({@link #normVersion()}
 * records which, e.g. {@code k10-cn-2023@2.0.0}). For the respondent's school band × sex a normed
 * scale or subscale gets T = 50 + 10 (raw − mean) / sd and a percentile (empirical table, else the
 * normal curve), with its {@link org.huxin.engine.norms.NormBasis}: the set and its short label,
 * whether the percentile is only approximate (normal curve) and whether the raw score is at a
 * bound, so every reader can be told what the numbers rest on; others get NaN. {@link #withNorms}
 * gives the same battery under other norm sets, for re-scoring a window from its stored {@link
 * #compactAnswers compact answers}.
 *
 * <p><b>Validity.</b> Beside the missing-item levels, the validity rules flag answering too fast
 * (median time per answered item, counted without sorting), the same option position throughout a
 * mixed-keyed group of scales that share one option set (RSES alone; WHO-5 against PHQ-9 is no
 * contradiction, their options differ), and every answer to the scales of five or more options
 * (K10, WHO-5) at an end with both the most and least symptomatic ends used; on 3- and 4-option
 * scales an end option is an ordinary answer. The result's validity is the worst flag; each flag is
 * kept with its explanation.
 *
 * <p><b>Tier precedence.</b> The rule set's rules that apply to this battery (every item, scale and
 * subscale they name is in it; the others are left out, not failed) are all evaluated, in file
 * order. The result's tier is the highest tier among those that fired, {@link Tier#ROUTINE} if none
 * did. Rules never cancel each other: a key rule firing beside a crisis rule cannot lower it, and
 * every fired rule is kept with its explanation so a reviewer sees why. A T rule reads T in the
 * scale's symptomatic direction (100 − T for WHO-5 and RSES), so T ≥ 70 always means worse.
 *
 * <p><b>Refusals.</b> An item with a {@code refusal} offers "I'd rather not answer", sent as {@link
 * Answers#REFUSED}. Before anything else is read, a refusal is replaced by the option it counts as
 * (ASQ: yes; PHQ-9 item 9: 1), so sums, {@code showIf} gates and tier rules all see that option;
 * the result then carries a {@code refused:} flag per refused item (questionable by default) and
 * the fired rule's explanation says "不想回答（按 1 计）". A refusal on any other item is rejected.
 *
 * <p><b>Crisis levels.</b> A tier 3 rule carries a level (一般 / 严重 / 重大); the result's level is the
 * highest among its fired tier 3 rules, and {@link #escalateAfter} says how long an alert of that
 * level may wait unacknowledged under this rule set.
 *
 * <p><b>Never hide a crisis.</b> Validity is computed beside the tier and never feeds it: an
 * invalid questionnaire with a crisis answer is still {@link Tier#CRISIS}, at its level. Three
 * guards back this at compile time: a critical item can never be left blank when asked; compiling
 * fails if a critical item of the battery is read by no applicable rule of tier {@link Tier#CLOSE}
 * or higher, so a rule set cannot silently drop the self-harm item; and for every answer at or
 * above an item's {@code crisisFrom} (ASQ item 5 yes, PHQ-9 item 9 ≥ 2, the proxy's yes) some tier
 * 3 rule must hold whatever every other answer is, so a window's rule set may move thresholds and
 * escalation times but never take those answers out of tier 3.
 *
 * <p><b>Sheets that cannot be scored whole.</b> {@link #crisisSignal} reads a partial sheet (a
 * saved draft) with the same rules under three-valued logic: a blank is unknown, and a crisis rule
 * counts only if it holds whatever the blanks turn out to be. {@link #salvage} uses it on a submit
 * that {@link #score} rejected: if a crisis rule holds for certain, the sheet is scored with its
 * asked blanks at their lowest option and stored as invalid with its crisis tier and level, instead
 * of being refused with its crisis answer.
 *
 * <p><b>Cost.</b> Scoring allocates its result and nothing else. A scale or subscale score is a
 * value fixed by the scale, the raw score and the norm cell, so every one the battery can produce
 * (K10: 41 raw scores × 8 cells) is made when it is compiled and shared by the results that reach
 * it; so is every validity flag (its text depends only on small counts and the median in tenths of
 * a second) and every fired rule that reads only answers and totals (see {@link RuleTable}). A
 * routine result is then its record, the scores' array and their list. A scale whose items are all
 * always asked and all answered is summed in one branch-free pass; the item-by-item pass runs only
 * to reject a submission, to count blanks or to apply a {@code showIf}. The speed check counts
 * without sorting; only a flagged median is sorted, to report it.
 */
public final class CompiledBattery {

  private static final SubscaleScore[] NO_SUBSCALES = new SubscaleScore[0];

  private final BatteryPlan p;
  private final NormTable norms;
  private final ScaleScore[][] scaleScores;
  private final int[] scaleStride;
  private final SubscaleScore[][] subscaleScores;
  private final int[] subscaleStride;

  private CompiledBattery(BatteryPlan plan, NormTable norms) {
    this.p = plan;
    this.norms = norms;
    int n = plan.scaleIds.length;
    int u = plan.subIds.length;
    scaleScores = new ScaleScore[n][];
    scaleStride = new int[n];
    subscaleScores = new SubscaleScore[u][];
    subscaleStride = new int[u];
    for (int s = 0; s < n; s++) {
      int span = span(s);
      int cells = norms.normedAnywhere(s) ? NormTable.CELLS : 1;
      scaleStride[s] = cells == 1 ? 0 : span;
      scaleScores[s] = new ScaleScore[cells * span];
      for (int cell = 0; cell < cells; cell++) {
        for (int k = 0; k < span; k++) {
          scaleScores[s][cell * span + k] = newScaleScore(s, cell, plan.targetLow[s] + k);
        }
      }
    }
    for (int k = 0; k < u; k++) {
      int span = span(n + k);
      int cells = norms.normedAnywhere(n + k) ? NormTable.CELLS : 1;
      subscaleStride[k] = cells == 1 ? 0 : span;
      subscaleScores[k] = new SubscaleScore[cells * span];
      for (int cell = 0; cell < cells; cell++) {
        for (int r = 0; r < span; r++) {
          subscaleScores[k][cell * span + r] = newSubscaleScore(k, cell, plan.targetLow[n + k] + r);
        }
      }
    }
  }

  /** How many raw scores target {@code t} (a scale, then the subscales) can take. */
  private int span(int t) {
    return p.targetHigh[t] - p.targetLow[t] + 1;
  }

  /** Scale {@code s} scoring {@code raw} in norm cell {@code cell}, shared between results. */
  private ScaleScore scaleScore(int s, int cell, int raw) {
    int k = raw - p.targetLow[s];
    return k >= 0 && k < span(s)
        ? scaleScores[s][cell * scaleStride[s] + k]
        : newScaleScore(s, cell, raw);
  }

  private ScaleScore newScaleScore(int s, int cell, int raw) {
    return new ScaleScore(
        p.scaleIds[s],
        raw,
        raw * p.multiplier[s],
        band(p.bandUpper[s], p.bandIds[s], raw),
        norms.t(s, cell, raw),
        norms.percentile(s, cell, raw),
        norms.basis(s, cell, raw));
  }

  /** Subscale {@code k} scoring {@code raw} in norm cell {@code cell}, shared between results. */
  private SubscaleScore subscaleScore(int k, int cell, int raw) {
    int t = p.scaleIds.length + k;
    int r = raw - p.targetLow[t];
    return r >= 0 && r < span(t)
        ? subscaleScores[k][cell * subscaleStride[k] + r]
        : newSubscaleScore(k, cell, raw);
  }

  private SubscaleScore newSubscaleScore(int k, int cell, int raw) {
    int t = p.scaleIds.length + k;
    String band = p.subBandUpper[k] == null ? "" : band(p.subBandUpper[k], p.subBandIds[k], raw);
    return new SubscaleScore(
        p.subIds[k],
        p.scaleIds[p.subOf[k]],
        raw,
        band,
        norms.t(t, cell, raw),
        norms.percentile(t, cell, raw),
        norms.basis(t, cell, raw));
  }

  /**
   * Compiles {@code battery} from {@code library} under the tier rules {@code set}, the library's
   * validity rules and {@code normSets}.
   */
  static CompiledBattery compile(
      Battery battery, ScaleLibrary library, TierRuleSet set, List<NormSet> normSets) {
    List<Scale> scales = new ArrayList<>();
    for (String scaleId : battery.scaleIds()) {
      scales.add(library.scale(scaleId));
    }
    BatteryPlan plan = BatteryCompiler.plan(battery, scales, set, library.validity());
    return new CompiledBattery(plan, norms(plan, normSets));
  }

  private static NormTable norms(BatteryPlan plan, List<NormSet> normSets) {
    return NormTable.compile(plan.targets, plan.targetLow, plan.targetHigh, normSets);
  }

  /**
   * This battery under other norm sets: the same layout, keys, rules and validity checks, with T
   * and percentiles from {@code normSets}. Cells of scales this battery lacks are ignored.
   *
   * @throws IllegalArgumentException if two sets norm the same scale × band × sex, or a percentile
   *     table does not cover its scale's range
   */
  public CompiledBattery withNorms(List<NormSet> normSets) {
    return new CompiledBattery(p, norms(p, List.copyOf(normSets)));
  }

  /** The battery id, e.g. {@code g4-6}. */
  public String id() {
    return p.definition.id();
  }

  /** The battery's version, recorded with every result. */
  public String version() {
    return p.definition.version();
  }

  /** Who answers: {@code self}, {@code parent} or {@code teacher}. */
  public String form() {
    return p.definition.form();
  }

  /** The battery as loaded, for titles, wording and scale order. */
  public Battery definition() {
    return p.definition;
  }

  /** The id of the tier rule set this battery was compiled with. */
  public String ruleSetId() {
    return p.ruleSetId;
  }

  /** The version of the tier rule set this battery was compiled with. */
  public String ruleSetVersion() {
    return p.ruleSetVersion;
  }

  /** The norm sets that norm some scale of this battery, as results record them, or none. */
  public String normVersion() {
    return norms.label();
  }

  /** The norm sets that norm some scale or subscale of this battery. */
  public List<NormSet> normSets() {
    return norms.applied();
  }

  /** Length of the flat answer array. */
  public int itemCount() {
    return p.min.length;
  }

  /** Where each scale sits in the flat answer array, in battery order. */
  public List<ScaleLayout> layout() {
    return p.layout;
  }

  /** The subscale ids of the battery, in the order results list them. */
  public List<String> subscaleIds() {
    return List.of(p.subIds);
  }

  /** Whether the item at {@code index} of the flat layout offers "I'd rather not answer". */
  public boolean refusable(int index) {
    return p.refusalAs[index] >= 0;
  }

  /** How many tier rules of the rule set apply to this battery. */
  public int ruleCount() {
    return p.rules.size();
  }

  /** How long an alert of {@code level} may wait unacknowledged under this battery's rule set. */
  public Duration escalateAfter(CrisisLevel level) {
    return p.escalateAfter.get(level);
  }

  /** The escalation time of {@code result}'s crisis level in seconds, as stored; 0 if no crisis. */
  public int escalateAfterSeconds(ScoredResult result) {
    return result.crisis() ? (int) escalateAfter(result.crisisLevel()).toSeconds() : 0;
  }

  /**
   * Scores one submission without item times (the speed check does not run).
   *
   * @see #score(int[], int[], Respondent)
   */
  public ScoredResult score(int[] answers, Respondent respondent) throws AnswerRejectedException {
    return score(answers, null, respondent);
  }

  /**
   * Scores one submission.
   *
   * @param answers the flat layout, scale after scale in item order; {@link Answers#MISSING} for a
   *     blank or an item that was not asked, {@link Answers#REFUSED} for "I'd rather not answer" on
   *     an item that offers it
   * @param itemMillis milliseconds spent on each item, in the same layout, or null if not measured;
   *     a negative time means unknown and is left out of the speed check
   * @param respondent grade and sex, for norm lookup
   * @throws AnswerRejectedException if an array has the wrong length, an answer is not an option,
   *     an item that must be answered is blank, an item that was not asked is answered, or an item
   *     that offers no refusal is refused
   */
  public ScoredResult score(int[] answers, int[] itemMillis, Respondent respondent)
      throws AnswerRejectedException {
    Objects.requireNonNull(answers, "answers");
    Objects.requireNonNull(respondent, "respondent");
    final BatteryPlan p = this.p;
    int items = p.min.length;
    if (answers.length != items) {
      throw AnswerRejectedException.wrongLength(items, answers.length);
    }
    // Refusals become the option they count as; `given` keeps the sheet as answered, or is null.
    int[] counted = counted(answers);
    int[] given = counted == answers ? null : answers;
    answers = counted;
    if (itemMillis != null && itemMillis.length != items) {
      throw AnswerRejectedException.wrongTimes(items, itemMillis.length);
    }
    int cell = NormTable.cell(SchoolBand.ofGrade(respondent.grade()), respondent.sex());
    ScaleScore[] scores = new ScaleScore[p.scaleIds.length];
    long within = 0;
    long beyond = 0;
    long scaleRules = 0;
    for (int s = 0; s < scores.length; s++) {
      int raw = p.alwaysAsked[s] ? answeredRaw(s, answers) : -1;
      if (raw < 0) {
        long scored = scoreItems(s, answers);
        raw = (int) scored;
        int blanks = (int) (scored >>> 32);
        if (blanks > p.maxBlank[s]) {
          beyond |= 1L << s;
        } else if (blanks > 0) {
          within |= 1L << s;
        }
      }
      scores[s] = scaleScore(s, cell, raw);
      scaleRules |= p.rules.scaleRules(s, raw);
    }
    SubscaleScore[] subs = subscales(answers, cell);

    Validity validity = Validity.VALID;
    if (within != 0) {
      validity = worse(validity, p.missingWithin);
    }
    if (beyond != 0) {
      validity = worse(validity, p.missingBeyond);
    }
    boolean tooFast =
        itemMillis != null
            && p.speedLevel != Validity.VALID
            && ValidityChecks.tooFast(p, answers, itemMillis);
    if (tooFast) {
      validity = worse(validity, p.speedLevel);
    }
    long straight =
        p.straightLevel == Validity.VALID ? 0 : ValidityChecks.straightLined(p, answers);
    if (straight != 0) {
      validity = worse(validity, p.straightLevel);
    }
    boolean extreme = p.extremeLevel != Validity.VALID && ValidityChecks.allExtreme(p, answers);
    if (extreme) {
      validity = worse(validity, p.extremeLevel);
    }
    if (given != null) {
      validity = worse(validity, p.refusalLevel);
    }
    List<ValidityFlag> flags =
        validity == Validity.VALID
            ? List.of()
            : ValidityChecks.flags(
                p, answers, itemMillis, within, beyond, tooFast, straight, extreme);
    if (given != null) {
      for (int i : p.refusable) {
        if (given[i] == Answers.REFUSED) {
          flags.add(p.refusalFlags[i]);
        }
      }
    }

    List<FiredRule> firedRules = p.rules.fire(scaleRules, answers, given, scores, subs);
    int top = 0;
    CrisisLevel level = null;
    for (int k = 0; k < firedRules.size(); k++) {
      top = Math.max(top, firedRules.get(k).tier().level());
      level = CrisisLevel.higher(level, firedRules.get(k).level());
    }
    Tier tier = Tier.ofLevel(top);
    return new ScoredResult(
        tier,
        tier == Tier.CRISIS,
        level,
        validity,
        List.of(scores),
        subs.length == 0 ? List.of() : List.of(subs),
        firedRules,
        flags,
        norms.label(),
        p.definition.version(),
        p.ruleSetVersion);
  }

  /**
   * The raw score of scale {@code s}, whose items are all always asked, when every item is answered
   * with an option; −1 otherwise, for {@link #scoreItems} to reject or to score with blanks. One
   * branch-free pass sums the offsets from the lowest option and ORs in the sign of any that falls
   * outside the options (a blank, −1, always does); reverse items then add span − 2 × offset.
   */
  private int answeredRaw(int s, int[] answers) {
    int low = p.scaleMin[s];
    int span = p.scaleSpan[s];
    int sum = 0;
    int bad = 0;
    for (int i = p.offset[s], end = p.offset[s] + p.count[s]; i < end; i++) {
      int d = answers[i] - low;
      sum += d;
      bad |= d | (span - d);
    }
    if (bad < 0) {
      return -1;
    }
    for (int r = p.reverseStart[s]; r < p.reverseStart[s + 1]; r++) {
      sum += span - 2 * (answers[p.reverseItems[r]] - low);
    }
    return p.count[s] * low + sum;
  }

  /**
   * Scale {@code s} item by item: rejects what cannot be scored, and returns the raw score in the
   * low 32 bits and the number of blank asked items in the high 32.
   */
  private long scoreItems(int s, int[] answers) throws AnswerRejectedException {
    final BatteryPlan p = this.p;
    final int[] min = p.min;
    final int[] max = p.max;
    int sum = 0;
    int hidden = 0;
    int asked = 0;
    int blanks = 0;
    int lowest = 0;
    for (int i = p.offset[s], end = p.offset[s] + p.count[s]; i < end; i++) {
      int a = answers[i];
      if (a == Answers.REFUSED) {
        throw AnswerRejectedException.notRefusable(p.scaleIds[s], p.shortNames[s], p.number[i], i);
      }
      if (p.conditional[i] && !p.shown(i, answers)) {
        if (a != Answers.MISSING) {
          throw AnswerRejectedException.notAsked(
              p.scaleIds[s], p.shortNames[s], p.number[i], i, p.gateText[i]);
        }
        hidden += min[i];
        continue;
      }
      asked++;
      lowest += min[i];
      if (a == Answers.MISSING) {
        if (p.conditional[i] || p.critical[i] || p.missingKind[s] == BatteryPlan.INVALID) {
          throw AnswerRejectedException.missing(
              p.scaleIds[s], p.shortNames[s], p.number[i], i, missingWhy(s, i));
        }
        blanks++;
        if (p.missingKind[s] == BatteryPlan.SUM) {
          sum += min[i];
        }
        continue;
      }
      if (a < min[i] || a > max[i]) {
        throw AnswerRejectedException.outOfRange(
            p.scaleIds[s], p.shortNames[s], p.number[i], i, a, min[i], max[i]);
      }
      sum += p.reverse[i] ? p.flip[i] - a : a;
    }
    int raw = hidden + prorated(p.missingKind[s], sum, asked, blanks, lowest);
    return ((long) blanks << 32) | raw;
  }

  private String missingWhy(int s, int i) {
    if (p.conditional[i]) {
      return "; it is asked when " + p.gateText[i] + " and must then be answered";
    }
    if (p.missingKind[s] == BatteryPlan.INVALID) {
      return "";
    }
    return "; a critical item must be answered";
  }

  /**
   * The keyed sum of the asked items under the missing rule: as summed, or prorated to all asked
   * items (rounded half up); {@code lowest} when nothing was answered.
   */
  private static int prorated(byte kind, int sum, int asked, int blanks, int lowest) {
    if (blanks == 0 || kind != BatteryPlan.PRORATE) {
      return sum;
    }
    int answered = asked - blanks;
    return answered == 0 ? lowest : (2 * sum * asked + answered) / (2 * answered);
  }

  private SubscaleScore[] subscales(int[] answers, int cell) {
    int u = p.subIds.length;
    if (u == 0) {
      return NO_SUBSCALES;
    }
    SubscaleScore[] out = new SubscaleScore[u];
    for (int k = 0; k < u; k++) {
      int s = p.subOf[k];
      int sum = 0;
      int hidden = 0;
      int asked = 0;
      int blanks = 0;
      int lowest = 0;
      for (int j = p.subStart[k]; j < p.subStart[k + 1]; j++) {
        int i = p.subItems[j];
        int a = answers[i];
        if (p.conditional[i] && !p.shown(i, answers)) {
          hidden += p.min[i];
          continue;
        }
        asked++;
        lowest += p.min[i];
        if (a == Answers.MISSING) {
          blanks++;
          if (p.missingKind[s] == BatteryPlan.SUM) {
            sum += p.min[i];
          }
          continue;
        }
        sum += p.reverse[i] ? p.flip[i] - a : a;
      }
      out[k] =
          subscaleScore(k, cell, hidden + prorated(p.missingKind[s], sum, asked, blanks, lowest));
    }
    return out;
  }

  private static Validity worse(Validity a, Validity b) {
    return a.code() >= b.code() ? a : b;
  }

  private static String band(int[] upper, String[] ids, int raw) {
    for (int k = 0; k < upper.length; k++) {
      if (raw <= upper[k]) {
        return ids[k];
      }
    }
    return ids[upper.length - 1];
  }

  /**
   * The crisis rules that hold for certain on a partial sheet, e.g. a saved draft: blanks are
   * unknown, refusals count as their option, and anything unreadable (a value that is not an
   * option, a refusal an item does not offer, an answer to an item not asked) reads as blank. A
   * scale's total is known only when every asked item of it is answered.
   *
   * @throws IllegalArgumentException if the array is not {@link #itemCount()} long
   */
  public CrisisSignal crisisSignal(int[] answers) {
    int[] sheet = counted(readable(answers));
    int[] scaleRaw = new int[p.scaleIds.length];
    for (int s = 0; s < scaleRaw.length; s++) {
      scaleRaw[s] = knownRaw(p.offset[s], p.offset[s] + p.count[s], null, sheet);
    }
    int[] subRaw = new int[p.subIds.length];
    for (int k = 0; k < subRaw.length; k++) {
      subRaw[k] = knownRaw(p.subStart[k], p.subStart[k + 1], p.subItems, sheet);
    }
    return p.rules.certainCrisis(sheet, scaleRaw, subRaw);
  }

  /**
   * What of {@code answers} can be stored and read again: options and refusals of items that offer
   * one are kept; any other value, and an answer to an item that was not asked, becomes blank.
   *
   * @throws IllegalArgumentException if the array is not {@link #itemCount()} long
   */
  public int[] readable(int[] answers) {
    Objects.requireNonNull(answers, "answers");
    if (answers.length != p.min.length) {
      throw new IllegalArgumentException(
          "expected " + p.min.length + " answers, got " + answers.length);
    }
    int[] out = new int[answers.length];
    for (int i = 0; i < out.length; i++) {
      int a = answers[i];
      boolean option = a >= p.min[i] && a <= p.max[i];
      boolean refusal = a == Answers.REFUSED && p.refusalAs[i] >= 0;
      out[i] = option || refusal ? a : Answers.MISSING;
    }
    int[] counted = counted(out);
    for (int i = 0; i < out.length; i++) {
      if (p.conditional[i] && !p.shown(i, counted)) {
        out[i] = Answers.MISSING;
      }
    }
    return out;
  }

  /**
   * Scores a sheet that {@link #score} rejected, if a crisis rule holds on it for certain ({@link
   * #crisisSignal}); empty otherwise, and the rejection stands. The asked blanks of the {@link
   * #readable} sheet are scored at their item's lowest option, so totals are lower bounds, and the
   * result is {@link Validity#BatteryPlan.INVALID} with an {@code incomplete} flag that says why,
   * at the tier and crisis level its answers reach. The caller stores {@link #readable} answers.
   */
  public Optional<ScoredResult> salvage(
      int[] answers, int[] itemMillis, Respondent respondent, String why) {
    Objects.requireNonNull(why, "why");
    if (answers == null || answers.length != p.min.length) {
      return Optional.empty();
    }
    CrisisSignal signal = crisisSignal(answers);
    if (!signal.crisis()) {
      return Optional.empty();
    }
    int[] filled = readable(answers);
    int[] counted = counted(filled);
    for (int i = 0; i < filled.length; i++) {
      if (filled[i] == Answers.MISSING && (!p.conditional[i] || p.shown(i, counted))) {
        filled[i] = p.min[i];
      }
    }
    int[] times = itemMillis != null && itemMillis.length == filled.length ? itemMillis : null;
    ScoredResult base;
    try {
      base = score(filled, times, respondent);
    } catch (AnswerRejectedException e) {
      throw new IllegalStateException("a readable sheet with its blanks filled was rejected", e);
    }
    List<ValidityFlag> flags = new ArrayList<>(base.validityFlags());
    flags.add(
        new ValidityFlag(
            "incomplete",
            Validity.INVALID,
            "答卷不完整（" + why + "），危机题已按作答判定，其余空题按最低分计；需重测",
            "incomplete sheet ("
                + why
                + "); crisis items read as answered, other blanks scored lowest; retest"));
    return Optional.of(
        new ScoredResult(
            base.tier(),
            base.crisis(),
            base.crisisLevel(),
            Validity.INVALID,
            base.scales(),
            base.subscales(),
            base.firedRules(),
            flags,
            base.normVersion(),
            base.batteryVersion(),
            base.ruleSetVersion()));
  }

  /** {@code sheet} with each refusal replaced by the option it counts as; a copy if any was. */
  private int[] counted(int[] sheet) {
    int[] out = sheet;
    for (int i : p.refusable) {
      if (sheet[i] == Answers.REFUSED) {
        if (out == sheet) {
          out = sheet.clone();
        }
        out[i] = p.refusalAs[i];
      }
    }
    return out;
  }

  /**
   * The keyed sum of the items {@code from}…{@code to} (through {@code index} if given), when every
   * asked one is answered; −1 when one is blank. Items not asked count their lowest option.
   */
  private int knownRaw(int from, int to, int[] index, int[] sheet) {
    int sum = 0;
    for (int j = from; j < to; j++) {
      int i = index == null ? j : index[j];
      int a = sheet[i];
      if (p.conditional[i] && !p.shown(i, sheet)) {
        sum += p.min[i];
      } else if (a == Answers.MISSING) {
        return -1;
      } else {
        sum += p.reverse[i] ? p.flip[i] - a : a;
      }
    }
    return sum;
  }

  /**
   * The answers in one byte per item for storage, {@value Answers#COMPACT_MISSING} for a blank and
   * {@value Answers#COMPACT_REFUSED} for a refusal.
   *
   * @throws IllegalArgumentException if the array has the wrong length, an answer is not an option
   *     or a refusal is on an item that offers none
   */
  public byte[] compactAnswers(int[] answers) {
    return AnswerCodec.compact(p, answers);
  }

  /**
   * The flat answer array stored by {@link #compactAnswers(int[])}, for re-scoring (e.g. under a
   * new norm set: {@code battery.withNorms(sets).score(battery.expandAnswers(bytes), respondent)}).
   *
   * @throws IllegalArgumentException if the bytes have the wrong length or hold a value that is not
   *     an option
   */
  public int[] expandAnswers(byte[] compact) {
    return AnswerCodec.expand(p, compact);
  }

  @Override
  public String toString() {
    return "CompiledBattery[" + id() + " " + version() + ", " + itemCount() + " items]";
  }
}
