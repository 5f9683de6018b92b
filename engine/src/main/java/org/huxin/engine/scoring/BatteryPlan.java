package org.huxin.engine.scoring;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.huxin.scales.Battery;
import org.huxin.scales.CrisisLevel;

/**
 * Everything compiled from one battery, its scales, tier rules and validity rules (not the norms),
 * as the primitive arrays the scorer, the validity checks and the answer codec read. {@link
 * BatteryCompiler} fills it in once; nothing changes it afterwards, and {@link CompiledBattery}
 * shares it between the same battery under other norm sets. The fields stay plain package-private
 * arrays, read in the hot path without a getter or a copy.
 */
final class BatteryPlan {
  /** Missing-item rules of a scale ({@link #missingKind}). */
  static final byte INVALID = 0;

  static final byte PRORATE = 1;
  static final byte SUM = 2;

  Battery definition;
  String ruleSetId;
  String ruleSetVersion;
  List<ScaleLayout> layout;
  List<String> targets;
  int[] targetLow;
  int[] targetHigh;

  int[] min;
  int[] max;
  int[] flip;
  boolean[] reverse;
  boolean[] critical;
  int[] refusalAs;
  int[] refusable;
  int[] crisisFrom;
  int[] number;
  int[] scaleOf;
  boolean[] conditional;
  int[] gateStart;
  int[] gateItems;
  int[] gateEquals;
  String[] gateText;
  boolean[] severeHigh;

  String[] scaleIds;
  String[] shortNames;
  int[] offset;
  int[] count;
  int[] scaleMin;
  int[] scaleSpan;
  boolean[] alwaysAsked;
  int[] reverseStart;
  int[] reverseItems;
  byte[] missingKind;
  int[] maxBlank;
  int[] multiplier;
  int[][] bandUpper;
  String[][] bandIds;

  String[] subIds;
  int[] subOf;
  int[] subStart;
  int[] subItems;
  int[][] subBandUpper;
  String[][] subBandIds;

  int speedBelow;
  int speedMin;
  Validity speedLevel;
  String[] groupIds;
  int[][] groupScales;
  int straightMin;
  Validity straightLevel;
  int extremeMin;
  boolean extremeBoth;
  boolean[] extremeCounted;
  Validity extremeLevel;
  Validity missingWithin;
  Validity missingBeyond;
  ValidityFlag[][] missingFlags;
  ValidityFlag[] speedFlags;
  ValidityFlag[][][] straightFlags;
  ValidityFlag[] extremeFlags;
  Validity refusalLevel;
  ValidityFlag[] refusalFlags;

  RuleTable rules;
  Map<CrisisLevel, Duration> escalateAfter;

  /** Whether conditional item {@code i} is asked: one of its gate items has the gate value. */
  boolean shown(int i, int[] answers) {
    for (int g = gateStart[i], end = gateStart[i + 1]; g < end; g++) {
      if (answers[gateItems[g]] == gateEquals[i]) {
        return true;
      }
    }
    return false;
  }
}
