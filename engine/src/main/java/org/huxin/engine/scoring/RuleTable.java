package org.huxin.engine.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.huxin.scales.Battery;
import org.huxin.scales.Condition;
import org.huxin.scales.Condition.Comparison;
import org.huxin.scales.Condition.Op;
import org.huxin.scales.CrisisLevel;
import org.huxin.scales.LocalizedText;
import org.huxin.scales.ResponseOption;
import org.huxin.scales.Scale;
import org.huxin.scales.Subscale;
import org.huxin.scales.TierRule;
import org.huxin.scales.TierRuleSet;

/**
 * The tier rules that apply to one battery, compiled into a flat node table: leaves compare an
 * item's answer, a scale's raw total, a subscale's raw sum, or a T score read in its symptomatic
 * direction (one scale's, one subscale's, or any normed one's); inner nodes are {@code all} or
 * {@code any} over a contiguous run of child indices. Evaluation walks the table by index over the
 * scores already computed and allocates nothing; only {@link #explain} builds strings, for rules
 * that fired, from the words {@link RuleTexts} holds.
 *
 * <p>Every comparison is compiled to an inclusive range: {@code > 14} on a whole number is {@code
 * 15…}, on a T score {@code Math.nextUp(14.0)…}; item ranges start at 0, so a blank (−1) never
 * passes, and NaN fails both bounds, so a T without norms never does. A rule whose condition is a
 * single comparison on a scale total or an item, as most are, is not walked at all: for each raw
 * total and each answer, the set of such rules that fire is tabled as a bit mask at compile time,
 * so with up to 64 rules a routine result costs one table read per scale and per item read.
 *
 * <p>What a fired rule says depends only on the values it reads. For a rule that reads only answers
 * and raw scores in at most {@value #MEMO_LIMIT} combinations (all the default rules but the T and
 * PSC-17 ones), every {@link FiredRule} it can produce is made at compile time, by the same code,
 * and shared by the results that fire it.
 *
 * <p>Every text is resolved once, here, in the battery's text variant: a primary-wording battery
 * (grades 4–6) stores the {@code zh-CN-primary} explanations, which name a score range (分数段) rather
 * than a diagnosis-like word, and the option labels its respondents read; {@link LocalizedText#get}
 * falls back to {@code zh-CN} or {@code en} where a text has no variant.
 */
final class RuleTable {

  private static final byte ITEM = 0;
  private static final byte SCALE = 1;
  private static final byte SUBSCALE = 2;
  private static final byte T_SCALE = 3;
  private static final byte T_SUBSCALE = 4;
  private static final byte T_ANY = 5;
  private static final byte ALL = 6;
  private static final byte ANY = 7;

  /** The English variant of a primary-wording battery's texts; falls back to {@code en}. */
  static final String EN_PRIMARY = "en-primary";

  /** A rule is explained ahead for every value combination when it reads at most this many. */
  private static final int MEMO_LIMIT = 4096;

  private static final double NAN = Double.NaN;

  /** Where compiled rules find items, scales and subscales of the battery. */
  record Layout(
      List<Scale> scales,
      List<Subscale> subscales,
      Map<String, Integer> itemIndex,
      Map<String, Integer> scaleIndex,
      Map<String, Integer> subscaleIndex,
      int[] scaleOfItem,
      int[] scaleOfSubscale,
      int[] itemNumbers,
      boolean[] wellbeing) {}

  private final byte[] kind;
  private final int[] ref;
  private final int[] low;
  private final int[] high;
  private final double[] tLow;
  private final double[] tHigh;
  private final int[] upper;
  private final int[] children;
  private final boolean[] wellbeing;
  private final int[] scaleOfSubscale;

  private final String[] ruleIds;
  private final Tier[] ruleTiers;
  private final CrisisLevel[] ruleLevels;
  private final int[] roots;
  private final RuleTexts texts;

  private final Memo memo;
  private final Masks masks;

  private RuleTable(Builder b, Layout layout) {
    kind = new byte[b.kind.size()];
    for (int i = 0; i < kind.length; i++) {
      kind[i] = b.kind.get(i);
    }
    ref = ints(b.ref);
    int[] value = ints(b.value);
    upper = ints(b.upper);
    low = new int[kind.length];
    high = new int[kind.length];
    tLow = new double[kind.length];
    tHigh = new double[kind.length];
    for (int node = 0; node < kind.length; node++) {
      Op o = b.op.get(node);
      if (o != null) {
        bounds(node, o, value[node], upper[node]);
      }
    }
    children = ints(b.children);
    wellbeing = layout.wellbeing();
    scaleOfSubscale = layout.scaleOfSubscale();
    ruleIds = b.ruleIds.toArray(new String[0]);
    ruleTiers = b.ruleTiers.toArray(new Tier[0]);
    ruleLevels = b.ruleLevels.toArray(new CrisisLevel[0]);
    roots = ints(b.roots);
    texts = new RuleTexts(b, layout);
    memo = memo(layout);
    masks = ruleIds.length <= Long.SIZE ? masks(layout) : null;
  }

  /** The explanations made ahead for the rules that read few enough whole numbers. */
  private record Memo(
      int[] start, byte[] kind, int[] ref, int[] base, int[] radix, FiredRule[][] made) {}

  /**
   * For rules that are one comparison on a scale total or an item: which fire, one bit per rule, by
   * scale and raw total ({@code byRaw[s][raw − low[s]]}) and by item and answer ({@code
   * byAnswer[j][answer + 1]} for item {@code items[j]}); the other rules are {@code walked}.
   */
  private record Masks(int[] low, long[][] byRaw, int[] items, long[][] byAnswer, int[] walked) {}

  private Memo memo(Layout layout) {
    int rules = ruleIds.length;
    int[] start = new int[rules + 1];
    FiredRule[][] made = new FiredRule[rules][];
    List<int[]> sources = new ArrayList<>();
    for (int r = 0; r < rules; r++) {
      start[r] = sources.size();
      List<int[]> own = sources(roots[r], layout);
      long combinations = 1;
      for (int[] source : own) {
        combinations = source == null ? Long.MAX_VALUE : combinations * source[3];
        combinations = Math.min(combinations, MEMO_LIMIT + 1L);
      }
      if (combinations <= MEMO_LIMIT) {
        sources.addAll(own);
        made[r] = memoize(r, own, (int) combinations, layout);
      }
    }
    start[rules] = sources.size();
    int n = sources.size();
    byte[] kinds = new byte[n];
    int[] refs = new int[n];
    int[] base = new int[n];
    int[] radix = new int[n];
    for (int j = 0; j < n; j++) {
      kinds[j] = (byte) sources.get(j)[0];
      refs[j] = sources.get(j)[1];
      base[j] = sources.get(j)[2];
      radix[j] = sources.get(j)[3];
    }
    return new Memo(start, kinds, refs, base, radix, made);
  }

  private Masks masks(Layout layout) {
    int scales = layout.scales().size();
    int[] low = new int[scales];
    long[][] byRaw = new long[scales][];
    for (int s = 0; s < scales; s++) {
      low[s] = layout.scales().get(s).scoring().min();
      byRaw[s] = new long[layout.scales().get(s).scoring().max() - low[s] + 1];
    }
    List<Integer> items = new ArrayList<>();
    List<long[]> byAnswer = new ArrayList<>();
    List<Integer> walked = new ArrayList<>();
    for (int r = 0; r < ruleIds.length; r++) {
      int node = roots[r];
      if (kind[node] == SCALE) {
        long[] mask = byRaw[ref[node]];
        for (int k = 0; k < mask.length; k++) {
          mask[k] |= within(node, low[ref[node]] + k) ? 1L << r : 0;
        }
      } else if (kind[node] == ITEM) {
        int j = items.indexOf(ref[node]);
        if (j < 0) {
          Scale scale = layout.scales().get(layout.scaleOfItem()[ref[node]]);
          items.add(ref[node]);
          byAnswer.add(new long[scale.maxValue() - Answers.MISSING + 1]);
          j = items.size() - 1;
        }
        long[] mask = byAnswer.get(j);
        for (int k = 0; k < mask.length; k++) {
          mask[k] |= within(node, Answers.MISSING + k) ? 1L << r : 0;
        }
      } else {
        walked.add(r);
      }
    }
    return new Masks(low, byRaw, ints(items), byAnswer.toArray(new long[0][]), ints(walked));
  }

  /**
   * The distinct values the condition at {@code node} reads, each as {kind, ref, lowest value,
   * number of values}; a null entry for a T, whose values are not whole numbers.
   */
  private List<int[]> sources(int node, Layout layout) {
    List<int[]> out = new ArrayList<>();
    if (kind[node] == ALL || kind[node] == ANY) {
      for (int c = ref[node], end = ref[node] + upper[node]; c < end; c++) {
        for (int[] source : sources(children[c], layout)) {
          boolean seen = false;
          for (int[] other : out) {
            seen |=
                source != null && other != null && other[0] == source[0] && other[1] == source[1];
          }
          if (!seen) {
            out.add(source);
          }
        }
      }
      return out;
    }
    int r = ref[node];
    switch (kind[node]) {
      case ITEM -> {
        Scale scale = layout.scales().get(layout.scaleOfItem()[r]);
        out.add(new int[] {ITEM, r, Answers.MISSING, scale.maxValue() - Answers.MISSING + 1});
      }
      case SCALE -> {
        Scale scale = layout.scales().get(r);
        int low = scale.scoring().min();
        out.add(new int[] {SCALE, r, low, scale.scoring().max() - low + 1});
      }
      case SUBSCALE -> {
        Scale owner = layout.scales().get(layout.scaleOfSubscale()[r]);
        int n = layout.subscales().get(r).itemIds().size();
        out.add(
            new int[] {
              SUBSCALE, r, n * owner.minValue(), n * (owner.maxValue() - owner.minValue()) + 1
            });
      }
      default -> out.add(null);
    }
    return out;
  }

  /**
   * Rule {@code rule} explained for every combination of the values it reads, by {@link #explain}
   * itself on arrays that hold just those values; null where it does not fire.
   */
  private FiredRule[] memoize(int rule, List<int[]> sources, int combinations, Layout layout) {
    FiredRule[] out = new FiredRule[combinations];
    int[] answers = new int[layout.itemNumbers().length];
    ScaleScore[] scores = new ScaleScore[layout.scales().size()];
    SubscaleScore[] subs = new SubscaleScore[layout.subscales().size()];
    for (int key = 0; key < combinations; key++) {
      for (int j = sources.size() - 1, rest = key; j >= 0; j--) {
        int[] source = sources.get(j);
        int v = source[2] + rest % source[3];
        rest /= source[3];
        int r = source[1];
        switch (source[0]) {
          case ITEM -> answers[r] = v;
          case SCALE -> scores[r] = new ScaleScore(layout.scales().get(r).id(), v, v, "", NAN, NAN);
          default ->
              subs[r] =
                  new SubscaleScore(
                      layout.subscales().get(r).id(),
                      layout.scales().get(layout.scaleOfSubscale()[r]).id(),
                      v,
                      "",
                      NAN,
                      NAN);
        }
      }
      if (fires(rule, answers, scores, subs)) {
        out[key] = explain(rule, answers, null, scores, subs);
      }
    }
    return out;
  }

  /** The inclusive ranges that {@code o value upper} passes, on whole numbers ≥ 0 and on T. */
  private void bounds(int node, Op o, int v, int u) {
    double t = v;
    switch (o) {
      case GE -> set(node, v, Integer.MAX_VALUE, t, Double.POSITIVE_INFINITY);
      case LE -> set(node, 0, v, Double.NEGATIVE_INFINITY, t);
      case EQ -> set(node, v, v, t, t);
      case GT -> set(node, v + 1, Integer.MAX_VALUE, Math.nextUp(t), Double.POSITIVE_INFINITY);
      case LT -> set(node, 0, v - 1, Double.NEGATIVE_INFINITY, Math.nextDown(t));
      case BETWEEN -> set(node, v, u, t, u);
    }
  }

  private void set(int node, int lo, int hi, double tLo, double tHi) {
    low[node] = Math.max(0, lo);
    high[node] = hi;
    tLow[node] = tLo;
    tHigh[node] = tHi;
  }

  /**
   * Compiles the rules of {@code set} that apply to a battery: those whose every item, scale and
   * subscale is in it. The rest are left out, not failed. Texts are in {@code battery}'s variant:
   * {@code zh-CN-primary} and {@value #EN_PRIMARY} for a primary-wording battery.
   */
  static RuleTable compile(TierRuleSet set, Layout layout, Battery battery) {
    return compile(
        set,
        layout,
        battery.textLocale(LocalizedText.ZH_CN),
        battery.primaryWording() ? EN_PRIMARY : LocalizedText.EN);
  }

  private static RuleTable compile(TierRuleSet set, Layout layout, String zh, String en) {
    Builder b = new Builder(zh, en);
    for (TierRule rule : set.rules()) {
      if (applies(rule.when(), layout)) {
        b.addRule(rule, layout);
      }
    }
    return new RuleTable(b, layout);
  }

  /**
   * Whether every reference in {@code condition} is in the battery {@code layout} describes; a T
   * comparison on any normed scale always applies.
   */
  static boolean applies(Condition condition, Layout layout) {
    boolean[] ok = {true};
    condition.forEachComparison(
        c ->
            ok[0] &=
                switch (c.target()) {
                  case ITEM -> layout.itemIndex().containsKey(c.ref());
                  case SCALE -> layout.scaleIndex().containsKey(c.ref());
                  case SUBSCALE -> layout.subscaleIndex().containsKey(c.ref());
                  case T ->
                      c.ref().equals(Condition.Target.ANY)
                          || layout.scaleIndex().containsKey(c.ref())
                          || layout.subscaleIndex().containsKey(c.ref());
                });
    return ok[0];
  }

  int size() {
    return ruleIds.length;
  }

  /**
   * The rules that read only scale {@code s}'s raw total and fire at {@code raw}, one bit per rule
   * index; 0 when more than 64 rules apply and {@link #fire} tests every rule itself.
   */
  long scaleRules(int s, int raw) {
    if (masks == null) {
      return 0;
    }
    long[] mask = masks.byRaw()[s];
    int k = raw - masks.low()[s];
    if (k >= 0 && k < mask.length) {
      return mask[k];
    }
    long out = 0;
    for (int r = 0; r < ruleIds.length; r++) {
      int node = roots[r];
      out |= kind[node] == SCALE && ref[node] == s && within(node, raw) ? 1L << r : 0;
    }
    return out;
  }

  /**
   * Every rule that fires, in rule-set order, explained. {@code scaleRules} is the OR of {@link
   * #scaleRules} over the battery's scales; the rules on one item's answer are read from their
   * tables, and only the others walk the node table. {@code given} is the sheet as answered when
   * some answer was a refusal ({@code answers} then holds the option it counts as), so that the
   * explanation says "不想回答"; null when nothing was refused.
   */
  List<FiredRule> fire(
      long scaleRules, int[] answers, int[] given, ScaleScore[] scores, SubscaleScore[] subs) {
    if (masks == null) {
      List<FiredRule> out = new ArrayList<>();
      for (int r = 0; r < ruleIds.length; r++) {
        if (fires(r, answers, scores, subs)) {
          out.add(fired(r, answers, given, scores, subs));
        }
      }
      return out;
    }
    long mask = scaleRules;
    int[] items = masks.items();
    for (int j = 0; j < items.length; j++) {
      int k = answers[items[j]] - Answers.MISSING;
      long[] byAnswer = masks.byAnswer()[j];
      mask |= k >= 0 && k < byAnswer.length ? byAnswer[k] : 0;
    }
    for (int r : masks.walked()) {
      int key = memoKey(r, answers, scores, subs);
      boolean fires =
          key >= 0 ? memo.made()[r][key] != null : holds(roots[r], answers, scores, subs);
      mask |= fires ? 1L << r : 0;
    }
    if (mask == 0) {
      return List.of();
    }
    FiredRule[] out = new FiredRule[Long.bitCount(mask)];
    for (int k = 0; mask != 0; mask &= mask - 1) {
      out[k++] = fired(Long.numberOfTrailingZeros(mask), answers, given, scores, subs);
    }
    return List.of(out);
  }

  /**
   * The crisis rules that hold whatever the unknown values are: an item is unknown when blank
   * ({@link Answers#MISSING}), a scale or subscale when its raw score is −1, a T always. A rule
   * holds for certain when its condition is true under three-valued logic ({@code all} is true when
   * every child is, false when one is; {@code any} the other way round).
   */
  CrisisSignal certainCrisis(int[] answers, int[] scaleRaw, int[] subRaw) {
    CrisisLevel level = null;
    List<String> ids = null;
    for (int r = 0; r < ruleIds.length; r++) {
      if (ruleLevels[r] != null && certain(roots[r], answers, scaleRaw, subRaw) == 1) {
        level = CrisisLevel.higher(level, ruleLevels[r]);
        if (ids == null) {
          ids = new ArrayList<>(2);
        }
        ids.add(ruleIds[r]);
      }
    }
    return level == null ? CrisisSignal.NONE : new CrisisSignal(level, ids);
  }

  /** The crisis level of rule {@code r} (null below tier 3), for the compile-time guard. */
  CrisisLevel level(int r) {
    return ruleLevels[r];
  }

  /** 1 if the condition at {@code node} certainly holds, 0 if it certainly fails, −1 unknown. */
  private int certain(int node, int[] answers, int[] scaleRaw, int[] subRaw) {
    switch (kind[node]) {
      case ALL:
        {
          int out = 1;
          for (int c = ref[node], end = ref[node] + upper[node]; c < end; c++) {
            int v = certain(children[c], answers, scaleRaw, subRaw);
            if (v == 0) {
              return 0;
            }
            out = v < 0 ? -1 : out;
          }
          return out;
        }
      case ANY:
        {
          int out = 0;
          for (int c = ref[node], end = ref[node] + upper[node]; c < end; c++) {
            int v = certain(children[c], answers, scaleRaw, subRaw);
            if (v == 1) {
              return 1;
            }
            out = v < 0 ? -1 : out;
          }
          return out;
        }
      case ITEM:
        {
          int a = answers[ref[node]];
          return a == Answers.MISSING ? -1 : within(node, a) ? 1 : 0;
        }
      case SCALE:
        {
          int raw = scaleRaw[ref[node]];
          return raw < 0 ? -1 : within(node, raw) ? 1 : 0;
        }
      case SUBSCALE:
        {
          int raw = subRaw[ref[node]];
          return raw < 0 ? -1 : within(node, raw) ? 1 : 0;
        }
      default:
        return -1;
    }
  }

  /** Whether rule {@code rule} holds for these answers and scores. */
  private boolean fires(int rule, int[] answers, ScaleScore[] scores, SubscaleScore[] subs) {
    int node = roots[rule];
    return switch (kind[node]) {
      case ITEM -> within(node, answers[ref[node]]);
      case SCALE -> within(node, scores[ref[node]].raw());
      default -> holds(node, answers, scores, subs);
    };
  }

  private boolean within(int node, int x) {
    return x >= low[node] && x <= high[node];
  }

  private boolean holds(int node, int[] answers, ScaleScore[] scores, SubscaleScore[] subs) {
    switch (kind[node]) {
      case ALL:
        for (int c = ref[node], end = ref[node] + upper[node]; c < end; c++) {
          if (!holds(children[c], answers, scores, subs)) {
            return false;
          }
        }
        return true;
      case ANY:
        for (int c = ref[node], end = ref[node] + upper[node]; c < end; c++) {
          if (holds(children[c], answers, scores, subs)) {
            return true;
          }
        }
        return false;
      case ITEM:
        return within(node, answers[ref[node]]);
      case SCALE:
        return within(node, scores[ref[node]].raw());
      case SUBSCALE:
        return within(node, subs[ref[node]].raw());
      case T_SCALE:
        return passes(node, severityT(scores[ref[node]].t(), wellbeing[ref[node]]));
      case T_SUBSCALE:
        return passes(node, subscaleT(subs, ref[node]));
      default:
        for (int s = 0; s < scores.length; s++) {
          if (passes(node, severityT(scores[s].t(), wellbeing[s]))) {
            return true;
          }
        }
        for (int u = 0; u < subs.length; u++) {
          if (passes(node, subscaleT(subs, u))) {
            return true;
          }
        }
        return false;
    }
  }

  private double subscaleT(SubscaleScore[] subs, int u) {
    return severityT(subs[u].t(), wellbeing[scaleOfSubscale[u]]);
  }

  /** T read in the symptomatic direction: 100 − T for a wellbeing scale. */
  static double severityT(double t, boolean wellbeing) {
    return wellbeing ? 100 - t : t;
  }

  /** Whether a (possibly NaN) T passes the comparison at {@code node}; NaN never does. */
  private boolean passes(int node, double t) {
    return t >= tLow[node] && t <= tHigh[node];
  }

  /**
   * The fired rule {@code rule} with its explanation: the one made at compile time for these values
   * when the rule reads only whole numbers in few enough combinations, otherwise built now.
   */
  private FiredRule fired(
      int rule, int[] answers, int[] given, ScaleScore[] scores, SubscaleScore[] subs) {
    if (given != null) {
      return explain(rule, answers, given, scores, subs);
    }
    int key = memoKey(rule, answers, scores, subs);
    FiredRule made = key >= 0 ? memo.made()[rule][key] : null;
    return made != null ? made : explain(rule, answers, null, scores, subs);
  }

  /**
   * Where rule {@code rule}'s result for these values was made ahead, or −1 if it was not (the rule
   * reads a T or too many combinations, or a value lies outside the range it was made for). A null
   * entry there means the rule does not fire.
   */
  private int memoKey(int rule, int[] answers, ScaleScore[] scores, SubscaleScore[] subs) {
    if (memo.made()[rule] == null) {
      return -1;
    }
    int key = 0;
    for (int j = memo.start()[rule]; j < memo.start()[rule + 1]; j++) {
      int r = memo.ref()[j];
      int v =
          switch (memo.kind()[j]) {
            case ITEM -> answers[r];
            case SCALE -> scores[r].raw();
            default -> subs[r].raw();
          };
      int d = v - memo.base()[j];
      if (d < 0 || d >= memo.radix()[j]) {
        return -1;
      }
      key = key * memo.radix()[j] + d;
    }
    return key;
  }

  /** The fired rule {@code rule} with its explanation filled in with the values that held. */
  private FiredRule explain(
      int rule, int[] answers, int[] given, ScaleScore[] scores, SubscaleScore[] subs) {
    String zh =
        texts.hasFacts(rule) ? facts(roots[rule], answers, given, scores, subs, true) : null;
    String en =
        texts.hasFacts(rule) ? facts(roots[rule], answers, given, scores, subs, false) : null;
    return new FiredRule(
        ruleIds[rule],
        ruleTiers[rule],
        ruleLevels[rule],
        texts.explanation(rule, zh, true),
        texts.explanation(rule, en, false));
  }

  /**
   * The comparisons under {@code node}, which held, that made it hold, with their actual values.
   * Plain concatenation sizes each string exactly, so no builder grows or widens to UTF-16.
   */
  private String facts(
      int node, int[] answers, int[] given, ScaleScore[] scores, SubscaleScore[] subs, boolean zh) {
    String sep = zh ? "；" : "; ";
    switch (kind[node]) {
      case ALL:
      case ANY:
        String out = null;
        for (int c = ref[node], end = ref[node] + upper[node]; c < end; c++) {
          if (holds(children[c], answers, scores, subs)) {
            String fact = facts(children[c], answers, given, scores, subs, zh);
            out = out == null ? fact : out + sep + fact;
          }
        }
        return out;
      case ITEM:
        int answer = answers[ref[node]];
        boolean refused = given != null && given[ref[node]] == Answers.REFUSED;
        return texts.item(node, answer, refused, zh);
      case SCALE:
        return texts.total(node, scores[ref[node]].raw(), zh);
      case SUBSCALE:
        return texts.total(node, subs[ref[node]].raw(), zh);
      case T_SCALE:
        return texts.scaleT(ref[node], scores[ref[node]].t(), wellbeing[ref[node]], node, zh);
      case T_SUBSCALE:
        return texts.subscaleT(
            ref[node], subs[ref[node]].t(), wellbeing[scaleOfSubscale[ref[node]]], node, zh);
      default:
        String any = null;
        for (int s = 0; s < scores.length; s++) {
          if (passes(node, severityT(scores[s].t(), wellbeing[s]))) {
            String fact = texts.scaleT(s, scores[s].t(), wellbeing[s], node, zh);
            any = any == null ? fact : any + sep + fact;
          }
        }
        for (int u = 0; u < subs.length; u++) {
          if (passes(node, subscaleT(subs, u))) {
            String fact = texts.subscaleT(u, subs[u].t(), wellbeing[scaleOfSubscale[u]], node, zh);
            any = any == null ? fact : any + sep + fact;
          }
        }
        return any;
    }
  }

  private static int[] ints(List<Integer> list) {
    int[] out = new int[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i);
    }
    return out;
  }

  /** Growable lists the table is built in before it is frozen into arrays. */
  static final class Builder {
    final String zhLocale;
    final String enLocale;
    final List<Byte> kind = new ArrayList<>();
    final List<Op> op = new ArrayList<>();
    final List<Integer> ref = new ArrayList<>();
    final List<Integer> value = new ArrayList<>();
    final List<Integer> upper = new ArrayList<>();
    final List<Integer> children = new ArrayList<>();
    final List<String> factZh = new ArrayList<>();
    final List<String> factEn = new ArrayList<>();
    final List<String> tailZh = new ArrayList<>();
    final List<String> tailEn = new ArrayList<>();
    final List<Integer> labelBase = new ArrayList<>();
    final List<String[]> labelsZh = new ArrayList<>();
    final List<String[]> labelsEn = new ArrayList<>();
    final List<String> refusedZh = new ArrayList<>();
    final List<String> refusedEn = new ArrayList<>();
    final List<String> ruleIds = new ArrayList<>();
    final List<Tier> ruleTiers = new ArrayList<>();
    final List<CrisisLevel> ruleLevels = new ArrayList<>();
    final List<Integer> roots = new ArrayList<>();
    final List<String> headZh = new ArrayList<>();
    final List<String> restZh = new ArrayList<>();
    final List<String> headEn = new ArrayList<>();
    final List<String> restEn = new ArrayList<>();
    final List<Boolean> hasFacts = new ArrayList<>();

    Builder(String zhLocale, String enLocale) {
      this.zhLocale = zhLocale;
      this.enLocale = enLocale;
    }

    void addRule(TierRule rule, Layout layout) {
      ruleIds.add(rule.id());
      ruleTiers.add(Tier.ofLevel(rule.tier()));
      ruleLevels.add(rule.level());
      roots.add(node(rule.when(), layout));
      String zh = rule.explanation().get(zhLocale);
      String en = rule.explanation().get(enLocale);
      int atZh = zh.indexOf(TierRule.FACTS);
      int atEn = en.indexOf(TierRule.FACTS);
      hasFacts.add(atZh >= 0 || atEn >= 0);
      headZh.add(atZh < 0 ? zh : zh.substring(0, atZh));
      restZh.add(atZh < 0 ? "" : zh.substring(atZh + TierRule.FACTS.length()));
      headEn.add(atEn < 0 ? en : en.substring(0, atEn));
      restEn.add(atEn < 0 ? "" : en.substring(atEn + TierRule.FACTS.length()));
    }

    /** Adds {@code condition} and its children; returns its node index. */
    int node(Condition condition, Layout layout) {
      if (condition instanceof Comparison c) {
        return leaf(c, layout);
      }
      List<Condition> nested =
          condition instanceof Condition.All all ? all.of() : ((Condition.Any) condition).of();
      int[] nodes = new int[nested.size()];
      for (int i = 0; i < nodes.length; i++) {
        nodes[i] = node(nested.get(i), layout);
      }
      int first = children.size();
      for (int n : nodes) {
        children.add(n);
      }
      return add(condition instanceof Condition.All ? ALL : ANY, null, first, 0, nodes.length);
    }

    private int leaf(Comparison c, Layout layout) {
      String rendered = c.op().render(c.value(), c.upper());
      int node;
      String zh;
      String en;
      switch (c.target()) {
        case ITEM -> {
          int i = layout.itemIndex().get(c.ref());
          Scale scale = layout.scales().get(layout.scaleOfItem()[i]);
          int number = layout.itemNumbers()[i];
          node = add(ITEM, c.op(), i, c.value(), c.upper());
          List<ResponseOption> options = scale.options();
          String[] zhLabels = new String[options.size()];
          String[] enLabels = new String[options.size()];
          for (int k = 0; k < zhLabels.length; k++) {
            zhLabels[k] = options.get(k).label().get(zhLocale);
            enLabels[k] = options.get(k).label().get(enLocale);
          }
          labelBase.set(node, scale.minValue());
          labelsZh.set(node, zhLabels);
          labelsEn.set(node, enLabels);
          if (scale.refusalLabel() != null) {
            refusedZh.set(node, scale.refusalLabel().get(zhLocale));
            refusedEn.set(node, scale.refusalLabel().get(enLocale));
          }
          zh = scale.shortName() + " 第" + number + "题 = ";
          en = scale.shortName() + " item " + number + " = ";
        }
        case SCALE -> {
          int s = layout.scaleIndex().get(c.ref());
          node = add(SCALE, c.op(), s, c.value(), c.upper());
          zh = layout.scales().get(s).shortName() + " 总分 = ";
          en = layout.scales().get(s).shortName() + " total = ";
        }
        case SUBSCALE -> {
          int u = layout.subscaleIndex().get(c.ref());
          Scale scale = layout.scales().get(layout.scaleOfSubscale()[u]);
          Subscale sub = layout.subscales().get(u);
          node = add(SUBSCALE, c.op(), u, c.value(), c.upper());
          zh = scale.shortName() + " " + sub.title().get(LocalizedText.ZH_CN) + " = ";
          en = scale.shortName() + " " + sub.title().get(LocalizedText.EN) + " = ";
        }
        case T -> {
          if (c.ref().equals(Condition.Target.ANY)) {
            node = add(T_ANY, c.op(), -1, c.value(), c.upper());
          } else if (layout.scaleIndex().containsKey(c.ref())) {
            node = add(T_SCALE, c.op(), layout.scaleIndex().get(c.ref()), c.value(), c.upper());
          } else {
            node =
                add(T_SUBSCALE, c.op(), layout.subscaleIndex().get(c.ref()), c.value(), c.upper());
          }
          zh = "";
          en = "";
        }
        default -> throw new AssertionError(c.target());
      }
      factZh.set(node, zh);
      factEn.set(node, en);
      tailZh.set(node, "（" + rendered + "）");
      tailEn.set(node, " (" + rendered + ")");
      return node;
    }

    private int add(byte k, Op o, int r, int v, int u) {
      kind.add(k);
      op.add(o);
      ref.add(r);
      value.add(v);
      upper.add(u);
      factZh.add("");
      factEn.add("");
      tailZh.add("");
      tailEn.add("");
      labelBase.add(0);
      labelsZh.add(null);
      labelsEn.add(null);
      refusedZh.add(null);
      refusedEn.add(null);
      return kind.size() - 1;
    }
  }
}
