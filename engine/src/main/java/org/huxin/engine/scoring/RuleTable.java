package org.huxin.engine.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.huxin.scales.Condition;
import org.huxin.scales.Condition.Comparison;
import org.huxin.scales.Condition.Op;
import org.huxin.scales.Scale;
import org.huxin.scales.Subscale;
import org.huxin.scales.TierRule;
import org.huxin.scales.TierRuleSet;

/**
 * The tier rules that apply to one battery, compiled into a flat node table: leaves compare an
 * item's answer, a scale's raw total or a subscale's raw sum; inner nodes are {@code all} or {@code
 * any} over a contiguous run of child indices. Evaluation walks the table by index and allocates
 * nothing; only {@link #explain} builds strings, for rules that fired.
 */
final class RuleTable {

  private static final byte ITEM = 0;
  private static final byte SCALE = 1;
  private static final byte SUBSCALE = 2;
  private static final byte ALL = 3;
  private static final byte ANY = 4;

  /** Where compiled rules read answers and scale raws from. */
  record Layout(
      List<Scale> scales,
      Map<String, Integer> itemIndex,
      Map<String, Integer> scaleIndex,
      Map<String, Scale> scaleOfSubscale,
      int[] flip,
      boolean[] reverse,
      String[] shortNames,
      int[] itemNumbers) {}

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

  private final int[] subStart;
  private final int[] subItems;
  private final int[] flip;
  private final boolean[] reverse;

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
    subStart = ints(b.subStart);
    subItems = ints(b.subItems);
    flip = layout.flip();
    reverse = layout.reverse();
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
    b.subStart.add(b.subItems.size());
    return new RuleTable(b, layout);
  }

  /** Whether every reference in {@code condition} is in the battery {@code layout} describes. */
  static boolean applies(Condition condition, Layout layout) {
    boolean[] ok = {true};
    condition.forEachComparison(
        c ->
            ok[0] &=
                switch (c.target()) {
                  case ITEM -> layout.itemIndex().containsKey(c.ref());
                  case SCALE -> layout.scaleIndex().containsKey(c.ref());
                  case SUBSCALE -> layout.scaleOfSubscale().containsKey(c.ref());
                });
    return ok[0];
  }

  int size() {
    return ruleIds.length;
  }

  Tier tier(int rule) {
    return ruleTiers[rule];
  }

  /** Whether rule {@code rule} holds for these answers and scale scores. */
  boolean fires(int rule, int[] answers, ScaleScore[] scores) {
    return holds(roots[rule], answers, scores);
  }

  private boolean holds(int node, int[] answers, ScaleScore[] scores) {
    switch (kind[node]) {
      case ALL:
        for (int c = ref[node], end = ref[node] + upper[node]; c < end; c++) {
          if (!holds(children[c], answers, scores)) {
            return false;
          }
        }
        return true;
      case ANY:
        for (int c = ref[node], end = ref[node] + upper[node]; c < end; c++) {
          if (holds(children[c], answers, scores)) {
            return true;
          }
        }
        return false;
      case ITEM:
        int answer = answers[ref[node]];
        return answer != Answers.MISSING && op[node].test(answer, value[node], upper[node]);
      default:
        return op[node].test(actual(node, answers, scores), value[node], upper[node]);
    }
  }

  private int actual(int node, int[] answers, ScaleScore[] scores) {
    switch (kind[node]) {
      case ITEM:
        return answers[ref[node]];
      case SCALE:
        return scores[ref[node]].raw();
      default:
        int sum = 0;
        for (int k = subStart[ref[node]]; k < subStart[ref[node] + 1]; k++) {
          int i = subItems[k];
          int a = answers[i];
          if (a != Answers.MISSING) {
            sum += reverse[i] ? flip[i] - a : a;
          }
        }
        return sum;
    }
  }

  /** The fired rule {@code rule} with its explanation filled in with the values that held. */
  FiredRule explain(int rule, int[] answers, ScaleScore[] scores) {
    if (!hasFacts[rule]) {
      return new FiredRule(ruleIds[rule], ruleTiers[rule], headZh[rule], headEn[rule]);
    }
    return new FiredRule(
        ruleIds[rule],
        ruleTiers[rule],
        headZh[rule] + facts(roots[rule], answers, scores, true) + restZh[rule],
        headEn[rule] + facts(roots[rule], answers, scores, false) + restEn[rule]);
  }

  /**
   * The comparisons under {@code node}, which held, that made it hold, with their actual values.
   * Plain concatenation sizes each string exactly, so no builder grows or widens to UTF-16.
   */
  private String facts(int node, int[] answers, ScaleScore[] scores, boolean zh) {
    if (kind[node] == ALL || kind[node] == ANY) {
      String out = null;
      for (int c = ref[node], end = ref[node] + upper[node]; c < end; c++) {
        if (holds(children[c], answers, scores)) {
          String fact = facts(children[c], answers, scores, zh);
          out = out == null ? fact : out + (zh ? "；" : "; ") + fact;
        }
      }
      return out;
    }
    int actual = actual(node, answers, scores);
    return zh ? factZh[node] + actual + tailZh[node] : factEn[node] + actual + tailEn[node];
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
    final List<Integer> subStart = new ArrayList<>();
    final List<Integer> subItems = new ArrayList<>();
    final List<String> subIds = new ArrayList<>();
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
      String zh = rule.explanation().get("zh-CN");
      String en = rule.explanation().get("en");
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
      return add(
          condition instanceof Condition.All ? ALL : ANY,
          null,
          first,
          0,
          nodes.length,
          "",
          "",
          "",
          "");
    }

    private int leaf(Comparison c, Layout layout) {
      String rendered = c.op().render(c.value(), c.upper());
      String tailZh = "（" + rendered + "）";
      String tailEn = " (" + rendered + ")";
      switch (c.target()) {
        case ITEM -> {
          int i = layout.itemIndex().get(c.ref());
          String name = layout.shortNames()[i];
          int number = layout.itemNumbers()[i];
          return add(
              ITEM,
              c.op(),
              i,
              c.value(),
              c.upper(),
              name + " 第" + number + "题 = ",
              name + " item " + number + " = ",
              tailZh,
              tailEn);
        }
        case SCALE -> {
          int s = layout.scaleIndex().get(c.ref());
          Scale scale = layout.scales().get(s);
          return add(
              SCALE,
              c.op(),
              s,
              c.value(),
              c.upper(),
              scale.shortName() + " 总分 = ",
              scale.shortName() + " total = ",
              tailZh,
              tailEn);
        }
        case SUBSCALE -> {
          Scale scale = layout.scaleOfSubscale().get(c.ref());
          Subscale sub = scale.subscale(c.ref()).orElseThrow();
          int index = subIds.indexOf(sub.id());
          if (index < 0) {
            index = subIds.size();
            subIds.add(sub.id());
            subStart.add(subItems.size());
            for (String itemId : sub.itemIds()) {
              subItems.add(layout.itemIndex().get(itemId));
            }
          }
          return add(
              SUBSCALE,
              c.op(),
              index,
              c.value(),
              c.upper(),
              scale.shortName() + " " + sub.title().get("zh-CN") + " = ",
              scale.shortName() + " " + sub.title().get("en") + " = ",
              tailZh,
              tailEn);
        }
        default -> throw new AssertionError(c.target());
      }
    }

    private int add(
        byte k, Op o, int r, int v, int u, String fZh, String fEn, String tZh, String tEn) {
      kind.add(k);
      op.add(o);
      ref.add(r);
      value.add(v);
      upper.add(u);
      factZh.add(fZh);
      factEn.add(fEn);
      tailZh.add(tZh);
      tailEn.add(tEn);
      return kind.size() - 1;
    }
  }
}
