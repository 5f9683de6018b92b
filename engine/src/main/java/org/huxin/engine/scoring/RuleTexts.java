package org.huxin.engine.scoring;

/**
 * What the compiled tier rules say, apart from how they are evaluated: for each rule its
 * explanation around the {@code {facts}} place-holder, and for each leaf node the words of its
 * comparison ({@code PHQ-9 第9题 = }, the option labels, {@code （≥ 2）}), all resolved once in the
 * battery's text variant when {@link RuleTable} is compiled. {@link RuleTable} walks the nodes that
 * held and asks this class for their words; plain concatenation sizes each string exactly.
 */
final class RuleTexts {
  private final String[] factZh;
  private final String[] factEn;
  private final String[] tailZh;
  private final String[] tailEn;
  private final int[] labelBase;
  private final String[][] labelsZh;
  private final String[][] labelsEn;
  private final String[] refusedZh;
  private final String[] refusedEn;
  private final String[] scaleNames;
  private final String[] subNamesZh;
  private final String[] subNamesEn;
  private final String[] headZh;
  private final String[] restZh;
  private final String[] headEn;
  private final String[] restEn;
  private final boolean[] hasFacts;

  RuleTexts(RuleTable.Builder b, RuleTable.Layout layout) {
    factZh = b.factZh.toArray(new String[0]);
    factEn = b.factEn.toArray(new String[0]);
    tailZh = b.tailZh.toArray(new String[0]);
    tailEn = b.tailEn.toArray(new String[0]);
    labelBase = b.labelBase.stream().mapToInt(Integer::intValue).toArray();
    labelsZh = b.labelsZh.toArray(new String[0][]);
    labelsEn = b.labelsEn.toArray(new String[0][]);
    refusedZh = b.refusedZh.toArray(new String[0]);
    refusedEn = b.refusedEn.toArray(new String[0]);
    int s = layout.scales().size();
    scaleNames = new String[s];
    for (int k = 0; k < s; k++) {
      scaleNames[k] = layout.scales().get(k).shortName();
    }
    int u = layout.subscales().size();
    subNamesZh = new String[u];
    subNamesEn = new String[u];
    for (int k = 0; k < u; k++) {
      String owner = layout.scales().get(layout.scaleOfSubscale()[k]).shortName();
      subNamesZh[k] = owner + " " + layout.subscales().get(k).title().get("zh-CN");
      subNamesEn[k] = owner + " " + layout.subscales().get(k).title().get("en");
    }
    headZh = b.headZh.toArray(new String[0]);
    restZh = b.restZh.toArray(new String[0]);
    headEn = b.headEn.toArray(new String[0]);
    restEn = b.restEn.toArray(new String[0]);
    hasFacts = new boolean[headZh.length];
    for (int r = 0; r < hasFacts.length; r++) {
      hasFacts[r] = b.hasFacts.get(r);
    }
  }

  /** Whether rule {@code rule}'s explanation has a {@code {facts}} place for the values. */
  boolean hasFacts(int rule) {
    return hasFacts[rule];
  }

  /** Rule {@code rule}'s explanation with {@code facts} in its place (ignored when it has none). */
  String explanation(int rule, String facts, boolean zh) {
    if (!hasFacts[rule]) {
      return zh ? headZh[rule] : headEn[rule];
    }
    return zh ? headZh[rule] + facts + restZh[rule] : headEn[rule] + facts + restEn[rule];
  }

  /** {@code PHQ-9 第9题 = 2“一半以上的天数”（≥ 2）}, or the refusal counted as {@code answer}. */
  String item(int node, int answer, boolean refused, boolean zh) {
    if (refused) {
      return zh
          ? factZh[node] + "“" + refusedZh[node] + "”（按 " + answer + " 计）" + tailZh[node]
          : factEn[node] + "\"" + refusedEn[node] + "\" (counted as " + answer + ")" + tailEn[node];
    }
    String label = (zh ? labelsZh : labelsEn)[node][answer - labelBase[node]];
    return zh
        ? factZh[node] + answer + "“" + label + "”" + tailZh[node]
        : factEn[node] + answer + " \"" + label + "\"" + tailEn[node];
  }

  /** {@code PHQ-9 总分 = 16（≥ 15）} for a scale total or a subscale sum. */
  String total(int node, int raw, boolean zh) {
    return (zh ? factZh : factEn)[node] + raw + (zh ? tailZh : tailEn)[node];
  }

  /** {@code K10 T = 71.2（≥ 70）} for scale {@code s}. */
  String scaleT(int s, double t, boolean wellbeing, int node, boolean zh) {
    return t(scaleNames[s], t, wellbeing, node, zh);
  }

  /** The same for subscale {@code u}, named with its scale. */
  String subscaleT(int u, double t, boolean wellbeing, int node, boolean zh) {
    return t((zh ? subNamesZh : subNamesEn)[u], t, wellbeing, node, zh);
  }

  private String t(String name, double t, boolean wellbeing, int node, boolean zh) {
    String reversed = !wellbeing ? "" : (zh ? "，按症状方向 " : ", reversed ") + oneDecimal(100 - t);
    return name + " T = " + oneDecimal(t) + reversed + (zh ? tailZh : tailEn)[node];
  }

  private static String oneDecimal(double x) {
    return Double.toString(Math.round(x * 10) / 10.0);
  }
}
