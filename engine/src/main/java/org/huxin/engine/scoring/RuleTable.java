package org.huxin.engine.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.huxin.scales.Condition;
import org.huxin.scales.Condition.Comparison;
import org.huxin.scales.Condition.Op;
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
 * that fired.
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
  private final Op[] op;
  private final int[] ref;
  private final int[] value;
  private final int[] upper;
  private final int[] children;
  private final String[] factZh;
  private final String[] factEn;
  private final String[] tailZh;
  private final String[] tailEn;
  private final int[] labelBase;
  private final String[][] labelsZh;
  private final String[][] labelsEn;

  private final boolean[] wellbeing;
  private final int[] scaleOfSubscale;
  private final String[] scaleNames;
  private final String[] subNamesZh;
  private final String[] subNamesEn;

  private final String[] ruleIds;
  private final Tier[] ruleTiers;
  private final int[] roots;
  private final String[] headZh;
  private final String[] restZh;
  private final String[] headEn;
  private final String[] restEn;
  private final boolean[] hasFacts;

  private RuleTable(Builder b, Layout layout) {
    kind = new byte[b.kind.size()];
    for (int i = 0; i < kind.length; i++) {
      kind[i] = b.kind.get(i);
    }
    op = b.op.toArray(new Op[0]);
    ref = ints(b.ref);
    value = ints(b.value);
    upper = ints(b.upper);
    children = ints(b.children);
    factZh = b.factZh.toArray(new String[0]);
    factEn = b.factEn.toArray(new String[0]);
    tailZh = b.tailZh.toArray(new String[0]);
    tailEn = b.tailEn.toArray(new String[0]);
    labelBase = ints(b.labelBase);
    labelsZh = b.labelsZh.toArray(new String[0][]);
    labelsEn = b.labelsEn.toArray(new String[0][]);
    wellbeing = layout.wellbeing();
    scaleOfSubscale = layout.scaleOfSubscale();
    int s = layout.scales().size();
    scaleNames = new String[s];
    for (int k = 0; k < s; k++) {
      scaleNames[k] = layout.scales().get(k).shortName();
    }
    int u = layout.subscales().size();
    subNamesZh = new String[u];
    subNamesEn = new String[u];
    for (int k = 0; k < u; k++) {
      Scale owner = layout.scales().get(layout.scaleOfSubscale()[k]);
      subNamesZh[k] = owner.shortName() + " " + layout.subscales().get(k).title().get("zh-CN");
      subNamesEn[k] = owner.shortName() + " " + layout.subscales().get(k).title().get("en");
    }
    ruleIds = b.ruleIds.toArray(new String[0]);
    ruleTiers = b.ruleTiers.toArray(new Tier[0]);
    roots = ints(b.roots);
    headZh = b.headZh.toArray(new String[0]);
    restZh = b.restZh.toArray(new String[0]);
    headEn = b.headEn.toArray(new String[0]);
    restEn = b.restEn.toArray(new String[0]);
    hasFacts = new boolean[ruleIds.length];
    for (int r = 0; r < hasFacts.length; r++) {
      hasFacts[r] = b.hasFacts.get(r);
    }
  }

  /**
   * Compiles the rules of {@code set} that apply to a battery: those whose every item, scale and
   * subscale is in it. The rest are left out, not failed.
   */
  static RuleTable compile(TierRuleSet set, Layout layout) {
    Builder b = new Builder();
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

  Tier tier(int rule) {
    return ruleTiers[rule];
  }

  /** Whether rule {@code rule} holds for these answers and scores. */
  boolean fires(int rule, int[] answers, ScaleScore[] scores, SubscaleScore[] subs) {
    return holds(roots[rule], answers, scores, subs);
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
        int answer = answers[ref[node]];
        return answer != Answers.MISSING && op[node].test(answer, value[node], upper[node]);
      case SCALE:
        return op[node].test(scores[ref[node]].raw(), value[node], upper[node]);
      case SUBSCALE:
        return op[node].test(subs[ref[node]].raw(), value[node], upper[node]);
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
    if (Double.isNaN(t)) {
      return false;
    }
    int v = value[node];
    return switch (op[node]) {
      case GE -> t >= v;
      case LE -> t <= v;
      case EQ -> t == v;
      case GT -> t > v;
      case LT -> t < v;
      case BETWEEN -> t >= v && t <= upper[node];
    };
  }

  /** The fired rule {@code rule} with its explanation filled in with the values that held. */
  FiredRule explain(int rule, int[] answers, ScaleScore[] scores, SubscaleScore[] subs) {
    if (!hasFacts[rule]) {
      return new FiredRule(ruleIds[rule], ruleTiers[rule], headZh[rule], headEn[rule]);
    }
    return new FiredRule(
        ruleIds[rule],
        ruleTiers[rule],
        headZh[rule] + facts(roots[rule], answers, scores, subs, true) + restZh[rule],
        headEn[rule] + facts(roots[rule], answers, scores, subs, false) + restEn[rule]);
  }

  /**
   * The comparisons under {@code node}, which held, that made it hold, with their actual values.
   * Plain concatenation sizes each string exactly, so no builder grows or widens to UTF-16.
   */
  private String facts(
      int node, int[] answers, ScaleScore[] scores, SubscaleScore[] subs, boolean zh) {
    String sep = zh ? "；" : "; ";
    switch (kind[node]) {
      case ALL:
      case ANY:
        String out = null;
        for (int c = ref[node], end = ref[node] + upper[node]; c < end; c++) {
          if (holds(children[c], answers, scores, subs)) {
            String fact = facts(children[c], answers, scores, subs, zh);
            out = out == null ? fact : out + sep + fact;
          }
        }
        return out;
      case ITEM:
        int answer = answers[ref[node]];
        String label = (zh ? labelsZh : labelsEn)[node][answer - labelBase[node]];
        return zh
            ? factZh[node] + answer + "“" + label + "”" + tailZh[node]
            : factEn[node] + answer + " \"" + label + "\"" + tailEn[node];
      case SCALE:
        return (zh ? factZh : factEn)[node]
            + scores[ref[node]].raw()
            + (zh ? tailZh : tailEn)[node];
      case SUBSCALE:
        return (zh ? factZh : factEn)[node] + subs[ref[node]].raw() + (zh ? tailZh : tailEn)[node];
      case T_SCALE:
        return tFact(scaleNames[ref[node]], scores[ref[node]].t(), wellbeing[ref[node]], node, zh);
      case T_SUBSCALE:
        return tFact(
            (zh ? subNamesZh : subNamesEn)[ref[node]],
            subs[ref[node]].t(),
            wellbeing[scaleOfSubscale[ref[node]]],
            node,
            zh);
      default:
        String any = null;
        for (int s = 0; s < scores.length; s++) {
          if (passes(node, severityT(scores[s].t(), wellbeing[s]))) {
            String fact = tFact(scaleNames[s], scores[s].t(), wellbeing[s], node, zh);
            any = any == null ? fact : any + sep + fact;
          }
        }
        for (int u = 0; u < subs.length; u++) {
          if (passes(node, subscaleT(subs, u))) {
            String fact =
                tFact(
                    (zh ? subNamesZh : subNamesEn)[u],
                    subs[u].t(),
                    wellbeing[scaleOfSubscale[u]],
                    node,
                    zh);
            any = any == null ? fact : any + sep + fact;
          }
        }
        return any;
    }
  }

  private String tFact(String name, double t, boolean wellbeing, int node, boolean zh) {
    String reversed = !wellbeing ? "" : (zh ? "，按症状方向 " : ", reversed ") + oneDecimal(100 - t);
    return name + " T = " + oneDecimal(t) + reversed + (zh ? tailZh : tailEn)[node];
  }

  private static String oneDecimal(double x) {
    return Double.toString(Math.round(x * 10) / 10.0);
  }

  private static int[] ints(List<Integer> list) {
    int[] out = new int[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i);
    }
    return out;
  }

  /** Growable lists the table is built in before it is frozen into arrays. */
  private static final class Builder {
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
    final List<String> ruleIds = new ArrayList<>();
    final List<Tier> ruleTiers = new ArrayList<>();
    final List<Integer> roots = new ArrayList<>();
    final List<String> headZh = new ArrayList<>();
    final List<String> restZh = new ArrayList<>();
    final List<String> headEn = new ArrayList<>();
    final List<String> restEn = new ArrayList<>();
    final List<Boolean> hasFacts = new ArrayList<>();

    void addRule(TierRule rule, Layout layout) {
      ruleIds.add(rule.id());
      ruleTiers.add(Tier.ofLevel(rule.tier()));
      roots.add(node(rule.when(), layout));
      String zh = rule.explanation().get(LocalizedText.ZH_CN);
      String en = rule.explanation().get(LocalizedText.EN);
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
            zhLabels[k] = options.get(k).label().get(LocalizedText.ZH_CN);
            enLabels[k] = options.get(k).label().get(LocalizedText.EN);
          }
          labelBase.set(node, scale.minValue());
          labelsZh.set(node, zhLabels);
          labelsEn.set(node, enLabels);
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
      return kind.size() - 1;
    }
  }
}
