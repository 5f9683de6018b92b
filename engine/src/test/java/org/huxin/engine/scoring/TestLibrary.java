package org.huxin.engine.scoring;

import java.util.ArrayList;
import java.util.List;
import org.huxin.scales.Band;
import org.huxin.scales.Battery;
import org.huxin.scales.Condition;
import org.huxin.scales.Condition.Comparison;
import org.huxin.scales.Condition.Op;
import org.huxin.scales.Condition.Target;
import org.huxin.scales.CrisisLevel;
import org.huxin.scales.Item;
import org.huxin.scales.LocalizedText;
import org.huxin.scales.MissingRule;
import org.huxin.scales.ResponseOption;
import org.huxin.scales.Scale;
import org.huxin.scales.ScaleLibrary;
import org.huxin.scales.SchoolBand;
import org.huxin.scales.Scoring;
import org.huxin.scales.Source;
import org.huxin.scales.Subscale;
import org.huxin.scales.TierRule;
import org.huxin.scales.TierRuleSet;

/**
 * A small library built in code to exercise what the shipped scales do not: reverse keys, options
 * that start above 0, prorating, subscales, {@code all}/{@code any}, tier-0 rules and rules that do
 * not apply to a battery.
 *
 * <ul>
 *   <li>MOOD: items mood_1..4, options 0–2, mood_2 reverse, mood_4 critical, prorate 1 blank, bands
 *       low 0–3 / high 4–8, subscale mood_core = mood_1 + mood_2.
 *   <li>SLEEP: items sleep_1..2, options 1–5, every item required, bands ok 2–5 / poor 6–10.
 *   <li>Batteries: {@code both} (MOOD then SLEEP), {@code mood-only}.
 * </ul>
 */
final class TestLibrary {

  private TestLibrary() {}

  static LocalizedText text(String zh, String en) {
    return LocalizedText.of(zh, en);
  }

  private static List<ResponseOption> options(int from, int to) {
    List<ResponseOption> out = new ArrayList<>();
    for (int v = from; v <= to; v++) {
      out.add(new ResponseOption(v, text("选" + v, "option " + v)));
    }
    return out;
  }

  static final Scale MOOD =
      new Scale(
          "mood",
          "MOOD",
          "2",
          text("情绪", "Mood"),
          text("最近的心情", "Lately"),
          text("请作答", "Answer"),
          new Source("test", "", ""),
          "test only",
          options(0, 2),
          List.of(
              Item.of("mood_1", 1, text("一", "one"), false, false),
              Item.of("mood_2", 2, text("二", "two"), true, false),
              Item.of("mood_3", 3, text("三", "three"), false, false),
              Item.of("mood_4", 4, text("四", "four"), false, true)),
          new Scoring(
              0,
              8,
              List.of(
                  new Band("low", 0, 3, text("低", "low")),
                  new Band("high", 4, 8, text("高", "high"))),
              MissingRule.prorate(1)),
          List.of(new Subscale("mood_core", text("核心", "core"), List.of("mood_1", "mood_2"))));

  static final Scale SLEEP =
      new Scale(
          "sleep",
          "SLEEP",
          "1",
          text("睡眠", "Sleep"),
          text("最近的睡觉", "Sleeping lately"),
          text("请作答", "Answer"),
          new Source("test", "", ""),
          "test only",
          options(1, 5),
          List.of(
              Item.of("sleep_1", 1, text("一", "one"), false, false),
              Item.of("sleep_2", 2, text("二", "two"), false, false)),
          new Scoring(
              2,
              10,
              List.of(
                  new Band("ok", 2, 5, text("好", "ok")),
                  new Band("poor", 6, 10, text("差", "poor"))),
              MissingRule.invalid()),
          List.of());

  /** A rule; a tier 3 one is 严重 (serious). */
  static TierRule rule(String id, int tier, Condition when) {
    return new TierRule(
        id,
        tier,
        tier == TierRule.CRISIS ? CrisisLevel.SERIOUS : null,
        text("{facts}：触发", "{facts}: fired"),
        when);
  }

  static Comparison item(String id, Op op, int value) {
    return Comparison.of(Target.ITEM, id, op, value);
  }

  static Comparison scale(String id, Op op, int value) {
    return Comparison.of(Target.SCALE, id, op, value);
  }

  static final TierRuleSet RULES =
      new TierRuleSet(
          "default",
          "7",
          text("测试", "test"),
          List.of(
              rule("crisis_mood4", 3, item("mood_4", Op.GE, 2)),
              rule("close_mood4", 2, item("mood_4", Op.EQ, 1)),
              rule(
                  "close_combo",
                  2,
                  new Condition.All(List.of(scale("mood", Op.GE, 4), scale("sleep", Op.GE, 8)))),
              rule(
                  "key_either",
                  1,
                  new Condition.Any(
                      List.of(
                          Comparison.of(Target.SUBSCALE, "mood_core", Op.GE, 3),
                          Comparison.between(Target.SCALE, "sleep", 6, 7)))),
              rule("key_core", 1, Comparison.of(Target.SUBSCALE, "mood_core", Op.GE, 4)),
              new TierRule("routine_calm", 0, text("情绪平稳", "calm"), scale("mood", Op.LE, 0))));

  /** Reads mood_4 only at tier 1, which must not compile for a battery holding MOOD. */
  static final TierRuleSet LAX =
      new TierRuleSet(
          "lax", "1", text("宽松", "lax"), List.of(rule("key_mood4", 1, item("mood_4", Op.GE, 1))));

  /** An item rule a blank could be mistaken to satisfy. */
  static final TierRuleSet BLANK =
      new TierRuleSet(
          "blank",
          "1",
          text("空白", "blank"),
          List.of(
              rule("crisis_mood4", 3, item("mood_4", Op.GE, 2)),
              rule("key_mood3_low", 1, item("mood_3", Op.LT, 1))));

  static final ScaleLibrary LIBRARY =
      new ScaleLibrary(
          List.of(MOOD, SLEEP),
          List.of(
              new Battery(
                  "both",
                  "3",
                  "self",
                  SchoolBand.G1_3,
                  text("两者", "both"),
                  List.of("mood", "sleep"),
                  false),
              new Battery(
                  "mood-only",
                  "1",
                  "parent",
                  SchoolBand.G1_3,
                  text("情绪", "mood"),
                  List.of("mood"),
                  false)),
          List.of(RULES, LAX, BLANK));

  static final ScoringEngine ENGINE = ScoringEngine.compile(LIBRARY);
  static final CompiledBattery BOTH = ENGINE.battery("both");
  static final CompiledBattery MOOD_ONLY = ENGINE.battery("mood-only");
  static final Respondent BOY_GRADE_2 = new Respondent(2, 'M');
}
