package org.huxin.engine.scoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.huxin.scales.Band;
import org.huxin.scales.Battery;
import org.huxin.scales.Condition;
import org.huxin.scales.Item;
import org.huxin.scales.Scale;
import org.huxin.scales.Scoring;
import org.huxin.scales.Subscale;
import org.huxin.scales.TierRule;
import org.huxin.scales.TierRuleSet;
import org.huxin.scales.ValidityRules;

/**
 * Compiles a battery into its {@link BatteryPlan}: the answer layout, keys, bands, subscales, the
 * validity thresholds and their flags, and the tier rules, with the compile-time guards that keep a
 * crisis answer from going unseen (every critical item read by a rule of tier 2 or higher; every
 * answer at or above an item's {@code crisisFrom} certainly tier 3 under the rule set).
 */
final class BatteryCompiler {

  private BatteryCompiler() {}

  static BatteryPlan plan(
      Battery battery, List<Scale> scales, TierRuleSet set, ValidityRules validity) {
    BatteryPlan p = new BatteryPlan();
    p.definition = battery;
    p.ruleSetId = set.id();
    p.ruleSetVersion = set.version();
    int n = scales.size();
    if (n > 64) {
      throw new IllegalArgumentException(
          "battery " + battery.id() + ": " + n + " scales; at most 64 are supported");
    }
    int items = 0;
    List<Subscale> subscales = new ArrayList<>();
    List<Integer> subOwner = new ArrayList<>();
    for (int s = 0; s < n; s++) {
      items += scales.get(s).items().size();
      for (Subscale sub : scales.get(s).subscales()) {
        subscales.add(sub);
        subOwner.add(s);
      }
    }
    p.min = new int[items];
    p.max = new int[items];
    p.flip = new int[items];
    p.reverse = new boolean[items];
    p.critical = new boolean[items];
    p.refusalAs = new int[items];
    p.crisisFrom = new int[items];
    List<Integer> refusable = new ArrayList<>();
    p.number = new int[items];
    p.scaleOf = new int[items];
    p.conditional = new boolean[items];
    p.gateStart = new int[items + 1];
    p.gateEquals = new int[items];
    p.gateText = new String[items];
    p.severeHigh = new boolean[items];
    p.scaleIds = new String[n];
    p.shortNames = new String[n];
    p.offset = new int[n];
    p.count = new int[n];
    p.scaleMin = new int[n];
    p.scaleSpan = new int[n];
    p.alwaysAsked = new boolean[n];
    p.reverseStart = new int[n + 1];
    List<Integer> reverseItems = new ArrayList<>();
    p.missingKind = new byte[n];
    p.maxBlank = new int[n];
    p.multiplier = new int[n];
    p.bandUpper = new int[n][];
    p.bandIds = new String[n][];
    boolean[] wellbeing = new boolean[n];
    Map<String, Integer> itemIndex = new HashMap<>();
    Map<String, Integer> scaleIndex = new HashMap<>();
    List<ScaleLayout> slices = new ArrayList<>();
    List<Integer> gates = new ArrayList<>();
    List<String> targets = new ArrayList<>();
    List<Integer> low = new ArrayList<>();
    List<Integer> high = new ArrayList<>();
    int at = 0;
    for (int s = 0; s < n; s++) {
      Scale scale = scales.get(s);
      Scoring scoring = scale.scoring();
      p.scaleIds[s] = scale.id();
      p.shortNames[s] = scale.shortName();
      p.offset[s] = at;
      p.count[s] = scale.items().size();
      p.scaleMin[s] = scale.minValue();
      p.scaleSpan[s] = scale.maxValue() - scale.minValue();
      p.alwaysAsked[s] = scale.items().stream().noneMatch(Item::conditional);
      p.reverseStart[s] = reverseItems.size();
      p.missingKind[s] =
          switch (scoring.missing().kind()) {
            case INVALID -> BatteryPlan.INVALID;
            case PRORATE -> BatteryPlan.PRORATE;
            case SUM -> BatteryPlan.SUM;
          };
      p.maxBlank[s] = scoring.missing().maxMissing();
      p.multiplier[s] = scoring.multiplier();
      p.bandUpper[s] = uppers(scoring.bands());
      p.bandIds[s] = ids(scoring.bands());
      wellbeing[s] = scoring.direction() == Scoring.Direction.WELLBEING;
      scaleIndex.put(scale.id(), s);
      targets.add(scale.id());
      low.add(scoring.min());
      high.add(scoring.max());
      slices.add(
          new ScaleLayout(
              scale.id(), scale.shortName(), at, p.count[s], scale.minValue(), scale.maxValue()));
      Map<Integer, Integer> byNumber = new HashMap<>();
      for (Item item : scale.items()) {
        byNumber.put(item.number(), at + byNumber.size());
      }
      for (Item item : scale.items()) {
        p.min[at] = scale.minValue();
        p.max[at] = scale.maxValue();
        p.flip[at] = scale.minValue() + scale.maxValue();
        p.reverse[at] = item.reverse();
        if (item.reverse()) {
          reverseItems.add(at);
        }
        p.critical[at] = item.critical();
        p.refusalAs[at] = item.refusable() ? item.refusalScoredAs() : -1;
        if (item.refusable()) {
          refusable.add(at);
        }
        p.crisisFrom[at] = item.crisisFrom() == null ? -1 : item.crisisFrom();
        p.number[at] = item.number();
        p.scaleOf[at] = s;
        p.severeHigh[at] = wellbeing[s] == item.reverse();
        p.gateStart[at] = gates.size();
        if (item.showIf() != null) {
          p.conditional[at] = true;
          p.gateEquals[at] = item.showIf().equals();
          for (int gate : item.showIf().anyOf()) {
            gates.add(byNumber.get(gate));
          }
          p.gateText[at] =
              "any of items "
                  + String.join(", ", item.showIf().anyOf().stream().map(String::valueOf).toList())
                  + " is "
                  + item.showIf().equals();
        }
        itemIndex.put(item.id(), at);
        at++;
      }
    }
    p.refusable = refusable.stream().mapToInt(Integer::intValue).toArray();
    p.gateStart[items] = gates.size();
    p.reverseStart[n] = reverseItems.size();
    p.reverseItems = reverseItems.stream().mapToInt(Integer::intValue).toArray();
    p.gateItems = gates.stream().mapToInt(Integer::intValue).toArray();

    int u = subscales.size();
    p.subIds = new String[u];
    p.subOf = new int[u];
    p.subStart = new int[u + 1];
    p.subBandUpper = new int[u][];
    p.subBandIds = new String[u][];
    List<Integer> subItems = new ArrayList<>();
    Map<String, Integer> subIndex = new HashMap<>();
    for (int k = 0; k < u; k++) {
      Subscale sub = subscales.get(k);
      Scale owner = scales.get(subOwner.get(k));
      p.subIds[k] = sub.id();
      p.subOf[k] = subOwner.get(k);
      p.subStart[k] = subItems.size();
      for (String itemId : sub.itemIds()) {
        subItems.add(itemIndex.get(itemId));
      }
      if (!sub.bands().isEmpty()) {
        p.subBandUpper[k] = uppers(sub.bands());
        p.subBandIds[k] = ids(sub.bands());
      }
      subIndex.put(sub.id(), k);
      targets.add(sub.id());
      low.add(sub.itemIds().size() * owner.minValue());
      high.add(sub.itemIds().size() * owner.maxValue());
    }
    p.subStart[u] = subItems.size();
    p.subItems = subItems.stream().mapToInt(Integer::intValue).toArray();
    p.layout = List.copyOf(slices);
    p.targets = List.copyOf(targets);
    p.targetLow = low.stream().mapToInt(Integer::intValue).toArray();
    p.targetHigh = high.stream().mapToInt(Integer::intValue).toArray();

    compileValidity(p, validity, scaleIndex);
    ValidityChecks.compileFlags(p);
    p.refusalLevel = level(validity.refusal());
    p.refusalFlags = new ValidityFlag[items];
    for (int i : p.refusable) {
      Scale scale = scales.get(p.scaleOf[i]);
      p.refusalFlags[i] =
          new ValidityFlag(
              "refused:" + scale.items().get(i - p.offset[p.scaleOf[i]]).id(),
              p.refusalLevel,
              scale.shortName() + " 第" + p.number[i] + "题选择了“不想回答”，按 " + p.refusalAs[i] + " 计",
              scale.shortName()
                  + " item "
                  + p.number[i]
                  + ": \"I'd rather not answer\", counted as "
                  + p.refusalAs[i]);
    }
    p.escalateAfter = set.escalateAfter();

    RuleTable.Layout ruleLayout =
        new RuleTable.Layout(
            List.copyOf(scales),
            List.copyOf(subscales),
            Map.copyOf(itemIndex),
            Map.copyOf(scaleIndex),
            Map.copyOf(subIndex),
            p.scaleOf,
            p.subOf,
            p.number,
            wellbeing);
    p.rules = RuleTable.compile(set, ruleLayout, battery);
    requireCriticalItemsRead(battery, scales, set, ruleLayout);
    requireCrisisFloors(p, scales, set);
    return p;
  }

  /**
   * Fails unless every answer at or above an item's {@code crisisFrom} certainly puts the result in
   * tier 3: with that answer alone known, some tier 3 rule must hold whatever the rest are.
   */
  static void requireCrisisFloors(BatteryPlan p, List<Scale> scales, TierRuleSet set) {
    int items = p.min.length;
    int[] unknownScales = new int[p.scaleIds.length];
    int[] unknownSubs = new int[p.subIds.length];
    Arrays.fill(unknownScales, -1);
    Arrays.fill(unknownSubs, -1);
    int[] answers = new int[items];
    for (int i = 0; i < items; i++) {
      if (p.crisisFrom[i] < 0) {
        continue;
      }
      for (int a = p.crisisFrom[i]; a <= p.max[i]; a++) {
        Arrays.fill(answers, Answers.MISSING);
        answers[i] = a;
        if (!p.rules.certainCrisis(answers, unknownScales, unknownSubs).crisis()) {
          Scale scale = scales.get(p.scaleOf[i]);
          throw new IllegalArgumentException(
              "battery "
                  + p.definition.id()
                  + ": under rule set "
                  + set.id()
                  + ", "
                  + scale.shortName()
                  + " item "
                  + p.number[i]
                  + " = "
                  + a
                  + " is not certainly tier 3; its scale file makes every answer from "
                  + p.crisisFrom[i]
                  + " a crisis, which a rule set may not lower");
        }
      }
    }
  }

  static void compileValidity(
      BatteryPlan p, ValidityRules validity, Map<String, Integer> scaleIndex) {
    ValidityRules.Speed speed = validity.speed();
    p.speedBelow = speed == null ? 0 : speed.medianMillisBelow();
    p.speedMin = speed == null ? 0 : speed.minItems();
    p.speedLevel = speed == null ? Validity.VALID : level(speed.flag());
    List<String> groupIds = new ArrayList<>();
    List<int[]> groups = new ArrayList<>();
    ValidityRules.StraightLining straight = validity.straightLining();
    if (straight != null) {
      for (ValidityRules.Group group : straight.groups()) {
        if (scaleIndex.keySet().containsAll(group.scaleIds())) {
          groupIds.add(group.id());
          groups.add(group.scaleIds().stream().mapToInt(scaleIndex::get).toArray());
        }
      }
      p.straightMin = straight.minItems();
      p.straightLevel = level(straight.flag());
    } else {
      p.straightLevel = Validity.VALID;
    }
    if (groups.size() > 64) {
      throw new IllegalArgumentException("more than 64 straight-lining groups");
    }
    p.groupIds = groupIds.toArray(new String[0]);
    p.groupScales = groups.toArray(new int[0][]);
    ValidityRules.AllExtreme extreme = validity.allExtreme();
    p.extremeMin = extreme == null ? 0 : extreme.minItems();
    p.extremeBoth = extreme != null && extreme.bothDirections();
    p.extremeCounted = new boolean[p.min.length];
    for (int i = 0; extreme != null && i < p.min.length; i++) {
      p.extremeCounted[i] = p.max[i] - p.min[i] + 1 >= extreme.minOptions();
    }
    p.extremeLevel = extreme == null ? Validity.VALID : level(extreme.flag());
    p.missingWithin = level(validity.missing().withinAllowance());
    p.missingBeyond = level(validity.missing().beyondAllowance());
  }

  static Validity level(ValidityRules.Level level) {
    return switch (level) {
      case VALID -> Validity.VALID;
      case QUESTIONABLE -> Validity.QUESTIONABLE;
      case INVALID -> Validity.INVALID;
    };
  }

  static int[] uppers(List<Band> bands) {
    return bands.stream().mapToInt(Band::max).toArray();
  }

  static String[] ids(List<Band> bands) {
    return bands.stream().map(Band::id).toArray(String[]::new);
  }

  static void requireCriticalItemsRead(
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
}
