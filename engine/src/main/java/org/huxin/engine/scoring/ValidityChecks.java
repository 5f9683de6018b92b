package org.huxin.engine.scoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The validity checks of a compiled battery, run beside the tier and never feeding it: answering
 * too fast, straight-lining a mixed-keyed group, all-extreme answers on scales of enough options,
 * and the flags they raise. Every flag a check can raise is made once at compile time ({@link
 * #compileFlags}); scoring only picks one.
 */
final class ValidityChecks {

  private ValidityChecks() {}

  /**
   * Whether the median time over answered items with a known time is below the threshold, counted
   * without sorting: with n times of which c are below T, the median is below T when c reaches the
   * middle rank; for an even n with c = n / 2 exactly, it is below T when the largest time under T
   * and the smallest at or over it average under T.
   */
  static boolean tooFast(BatteryPlan p, int[] answers, int[] millis) {
    int threshold = p.speedBelow;
    int n = 0;
    int below = 0;
    for (int i = 0; i < answers.length; i++) {
      // Answers are options (≥ 0) or blank (−1) by now; bit 31 of ~x is set when x ≥ 0.
      int ms = millis[i];
      int known = (~answers[i] & ~ms) >>> 31;
      n += known;
      below += known & ((ms - threshold) >>> 31);
    }
    if (n < p.speedMin) {
      return false;
    }
    if (n % 2 == 1) {
      return below >= (n + 1) / 2;
    }
    if (below != n / 2) {
      return below > n / 2;
    }
    long maxBelow = Long.MIN_VALUE;
    long minAbove = Long.MAX_VALUE;
    for (int i = 0; i < answers.length; i++) {
      int ms = millis[i];
      if (answers[i] == Answers.MISSING || ms < 0) {
        continue;
      }
      if (ms < threshold) {
        maxBelow = Math.max(maxBelow, ms);
      } else {
        minAbove = Math.min(minAbove, ms);
      }
    }
    return maxBelow + minAbove < 2L * threshold;
  }

  /**
   * A bit per group whose answered items all sit at the same option position: the OR and the AND of
   * their positions are then equal. Every scale of the group needs an answer.
   */
  static long straightLined(BatteryPlan p, int[] answers) {
    long out = 0;
    for (int g = 0; g < p.groupScales.length; g++) {
      int or = 0;
      int and = -1;
      int answered = 0;
      boolean everyScale = true;
      for (int s : p.groupScales[g]) {
        int scaleAnswered = 0;
        for (int i = p.offset[s], end = p.offset[s] + p.count[s]; i < end; i++) {
          int a = answers[i];
          if (a != Answers.MISSING) {
            int position = a - p.min[i];
            or |= position;
            and &= position;
            scaleAnswered++;
          }
        }
        answered += scaleAnswered;
        everyScale &= scaleAnswered > 0;
      }
      if (everyScale && or == and && answered >= p.straightMin) {
        out |= 1L << g;
      }
    }
    return out;
  }

  /**
   * Whether every answer to an item of a scale with enough options ({@code minOptions}: K10, WHO-5)
   * is an end option, enough were answered, and (if required) both the most and the least
   * symptomatic ends occur.
   */
  static boolean allExtreme(BatteryPlan p, int[] answers) {
    int answered = 0;
    boolean severe = false;
    boolean mild = false;
    for (int i = 0; i < answers.length; i++) {
      int a = answers[i];
      if (a == Answers.MISSING || !p.extremeCounted[i]) {
        continue;
      }
      if (a != p.min[i] && a != p.max[i]) {
        return false;
      }
      answered++;
      boolean high = a == p.max[i];
      if (high == p.severeHigh[i]) {
        severe = true;
      } else {
        mild = true;
      }
    }
    return answered >= p.extremeMin && (!p.extremeBoth || (severe && mild));
  }

  static List<ValidityFlag> flags(
      BatteryPlan p,
      int[] answers,
      int[] millis,
      long within,
      long beyond,
      boolean tooFast,
      long straight,
      boolean extreme) {
    List<ValidityFlag> out = new ArrayList<>(4);
    for (int s = 0; s < p.scaleIds.length; s++) {
      boolean over = (beyond & (1L << s)) != 0;
      if ((within & (1L << s)) == 0 && !over) {
        continue;
      }
      if ((over ? p.missingBeyond : p.missingWithin) == Validity.VALID) {
        continue;
      }
      int blanks = 0;
      for (int i = p.offset[s], end = p.offset[s] + p.count[s]; i < end; i++) {
        blanks +=
            answers[i] == Answers.MISSING && (!p.conditional[i] || p.shown(i, answers)) ? 1 : 0;
      }
      out.add(p.missingFlags[s][2 * blanks + (over ? 1 : 0)]);
    }
    if (tooFast) {
      long tenths = medianTenths(answers, millis);
      out.add(
          tenths < p.speedFlags.length ? p.speedFlags[(int) tenths] : speedFlag(p, tenths / 10.0));
    }
    for (int g = 0; g < p.groupScales.length; g++) {
      if ((straight & (1L << g)) == 0) {
        continue;
      }
      int position = 0;
      int answered = 0;
      for (int s : p.groupScales[g]) {
        for (int i = p.offset[s], end = p.offset[s] + p.count[s]; i < end; i++) {
          if (answers[i] != Answers.MISSING) {
            position = answers[i] - p.min[i] + 1;
            answered++;
          }
        }
      }
      out.add(p.straightFlags[g][answered][position]);
    }
    if (extreme) {
      int answered = 0;
      for (int i = 0; i < answers.length; i++) {
        answered += answers[i] != Answers.MISSING && p.extremeCounted[i] ? 1 : 0;
      }
      out.add(p.extremeFlags[answered]);
    }
    return out;
  }

  /**
   * Every flag a check can raise, made once: its text depends only on the battery and a few small
   * counts (blanks, answered items, option position, the median in tenths of a second), so a
   * flagged result shares them instead of building strings.
   */
  static void compileFlags(BatteryPlan p) {
    int n = p.scaleIds.length;
    p.missingFlags = new ValidityFlag[n][];
    for (int s = 0; s < n; s++) {
      p.missingFlags[s] = new ValidityFlag[2 * p.count[s] + 2];
      for (int blanks = 1; blanks <= p.count[s]; blanks++) {
        for (int over = 0; over < 2; over++) {
          Validity level = over == 1 ? p.missingBeyond : p.missingWithin;
          if (level != Validity.VALID) {
            p.missingFlags[s][2 * blanks + over] = missingFlag(p, s, blanks, over == 1, level);
          }
        }
      }
    }
    // A flagged median is under the threshold, so it rounds to at most threshold / 100 tenths.
    p.speedFlags = new ValidityFlag[p.speedLevel == Validity.VALID ? 0 : p.speedBelow / 100 + 1];
    for (int tenths = 0; tenths < p.speedFlags.length; tenths++) {
      p.speedFlags[tenths] = speedFlag(p, tenths / 10.0);
    }
    p.straightFlags = new ValidityFlag[p.groupScales.length][][];
    for (int g = 0; g < p.groupScales.length && p.straightLevel != Validity.VALID; g++) {
      int items = 0;
      int positions = 0;
      for (int s : p.groupScales[g]) {
        items += p.count[s];
        positions = Math.max(positions, p.max[p.offset[s]] - p.min[p.offset[s]] + 1);
      }
      p.straightFlags[g] = new ValidityFlag[items + 1][positions + 1];
      for (int answered = 0; answered <= items; answered++) {
        for (int position = 1; position <= positions; position++) {
          p.straightFlags[g][answered][position] = straightFlag(p, g, answered, position);
        }
      }
    }
    p.extremeFlags = new ValidityFlag[p.min.length + 1];
    for (int answered = 0; answered <= p.min.length; answered++) {
      p.extremeFlags[answered] = p.extremeLevel == Validity.VALID ? null : extremeFlag(p, answered);
    }
  }

  static ValidityFlag missingFlag(BatteryPlan p, int s, int blanks, boolean over, Validity level) {
    String name = p.shortNames[s];
    String zh;
    String en;
    if (over) {
      zh = name + " 有 " + blanks + " 题未答，超过允许的 " + p.maxBlank[s] + " 题";
      en = blanks + " items of " + name + " blank, more than the " + p.maxBlank[s] + " allowed";
    } else if (p.missingKind[s] == BatteryPlan.PRORATE) {
      zh = name + " 有 " + blanks + " 题未答，总分已按比例折算";
      en = blanks + " item" + (blanks == 1 ? "" : "s") + " of " + name + " blank; total prorated";
    } else {
      zh = name + " 有 " + blanks + " 题未答，按 0 分计";
      en = blanks + " item" + (blanks == 1 ? "" : "s") + " of " + name + " blank; scored 0";
    }
    return new ValidityFlag("missing:" + p.scaleIds[s], level, zh, en);
  }

  static ValidityFlag speedFlag(BatteryPlan p, double median) {
    double limit = p.speedBelow / 1000.0;
    return new ValidityFlag(
        "speed",
        p.speedLevel,
        "答题过快：每题用时中位数 " + median + " 秒，低于 " + limit + " 秒",
        "answered too fast: median " + median + " s per item, under " + limit + " s");
  }

  static ValidityFlag straightFlag(BatteryPlan p, int g, int answered, int position) {
    List<String> names = new ArrayList<>();
    for (int s : p.groupScales[g]) {
      names.add(p.shortNames[s]);
    }
    String zhNames = String.join("、", names);
    String enNames = String.join(", ", names);
    return new ValidityFlag(
        "straight_lining:" + p.groupIds[g],
        p.straightLevel,
        zhNames + " 全部 " + answered + " 题都选了第 " + position + " 个选项，而这些题的计分方向不一致",
        "option "
            + position
            + " on all "
            + answered
            + " items of "
            + enNames
            + ", whose keys run both ways");
  }

  static ValidityFlag extremeFlag(BatteryPlan p, int answered) {
    List<String> names = new ArrayList<>();
    for (int s = 0; s < p.scaleIds.length; s++) {
      if (p.count[s] > 0 && p.extremeCounted[p.offset[s]]) {
        names.add(p.shortNames[s]);
      }
    }
    return new ValidityFlag(
        "all_extreme",
        p.extremeLevel,
        String.join("、", names)
            + " 全部 "
            + answered
            + " 题都选了最高或最低的选项"
            + (p.extremeBoth ? "，且两端都有" : ""),
        "every one of "
            + answered
            + " answers to "
            + String.join(", ", names)
            + " is the lowest or highest option"
            + (p.extremeBoth ? ", at both ends" : ""));
  }

  /** The median time of the answered items with a known time, in tenths of a second, rounded. */
  static long medianTenths(int[] answers, int[] millis) {
    int n = 0;
    for (int i = 0; i < answers.length; i++) {
      n += answers[i] != Answers.MISSING && millis[i] >= 0 ? 1 : 0;
    }
    int[] sorted = new int[n];
    for (int i = 0, k = 0; i < answers.length; i++) {
      if (answers[i] != Answers.MISSING && millis[i] >= 0) {
        sorted[k++] = millis[i];
      }
    }
    Arrays.sort(sorted);
    double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + (double) sorted[n / 2]) / 2;
    return Math.round(median / 100);
  }
}
