package org.huxin.loadtest.reference;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.huxin.scales.Battery;
import org.huxin.scales.Condition;
import org.huxin.scales.Item;
import org.huxin.scales.MissingRule;
import org.huxin.scales.NormCell;
import org.huxin.scales.NormSet;
import org.huxin.scales.Scale;
import org.huxin.scales.ScaleLibrary;
import org.huxin.scales.SchoolBand;
import org.huxin.scales.Scoring;
import org.huxin.scales.Subscale;
import org.huxin.scales.TierRule;
import org.huxin.scales.TierRuleSet;
import org.huxin.scales.ValidityRules;

/**
 * A second scorer, written to be obviously right rather than fast, that the benchmarks and the
 * capacity rehearsal check the engine against. It reads the {@link ScaleLibrary} records directly
 * (maps keyed by id, the rule conditions as the tree they are loaded as, sorting for the median)
 * and shares no code with {@code org.huxin.engine.scoring}: if both agree, the fast engine is not
 * fast because it is wrong.
 *
 * <p>It covers what the shipped self-report batteries need: keyed sums with reverse items, items
 * not asked scoring their lowest option, prorated or summed blanks, T from the norm cells, the tier
 * rules with their crisis levels, refusals ("I'd rather not answer" counts as the option the item
 * names, and flags the result), and the validity checks. A blank an item may not have is a
 * generator bug here, so it throws instead of reproducing the engine's rejection.
 */
public final class ReferenceScorer {

  /** What the engine must produce for one submission. */
  public record Expected(
      int tier, int crisisLevel, int[] raws, double[] t, int validity, List<String> firedRules) {}

  /** How the generator and the engine write a refusal in the flat answers. */
  private static final int REFUSED = -2;

  private final Battery battery;
  private final List<Scale> scales = new ArrayList<>();
  private final List<TierRule> rules;
  private final List<NormSet> normSets;
  private final ValidityRules validity;

  public ReferenceScorer(ScaleLibrary library, String batteryId, String ruleSetId) {
    this.battery = library.battery(batteryId);
    for (String id : battery.scaleIds()) {
      scales.add(library.scale(id));
    }
    TierRuleSet set = library.ruleSet(ruleSetId);
    this.rules = set.rules();
    this.normSets = library.normSets();
    this.validity = library.validity();
  }

  /** The battery's items in answer-array order. */
  public List<Item> items() {
    List<Item> out = new ArrayList<>();
    for (Scale scale : scales) {
      out.addAll(scale.items());
    }
    return out;
  }

  /** The battery's scales in answer-array order. */
  public List<Scale> scales() {
    return scales;
  }

  public Expected score(int[] answers, int[] millis, int grade, char sex) {
    if (answers.length != items().size()) {
      throw new IllegalArgumentException("expected " + items().size() + " answers");
    }
    Map<String, Integer> answerOf = new HashMap<>();
    Map<String, Scale> scaleOfItem = new HashMap<>();
    boolean refused = false;
    int at = 0;
    for (Scale scale : scales) {
      for (Item item : scale.items()) {
        Integer a = answers[at] < 0 ? null : answers[at];
        if (answers[at] == REFUSED) {
          if (item.refusalScoredAs() == null) {
            throw new IllegalStateException("generator refused " + item.id() + ", which has none");
          }
          a = item.refusalScoredAs();
          refused = true;
        }
        answerOf.put(item.id(), a);
        scaleOfItem.put(item.id(), scale);
        at++;
      }
    }

    Map<String, Integer> raw = new HashMap<>();
    Map<String, Boolean> wellbeing = new HashMap<>();
    int worst = 0;
    int[] raws = new int[scales.size()];
    for (int s = 0; s < scales.size(); s++) {
      Scale scale = scales.get(s);
      int blanks = blanks(scale, scale.items(), answerOf);
      raws[s] = keyedSum(scale, scale.items(), answerOf);
      raw.put(scale.id(), raws[s]);
      wellbeing.put(scale.id(), scale.scoring().direction() == Scoring.Direction.WELLBEING);
      if (blanks > scale.scoring().missing().maxMissing()) {
        worst = Math.max(worst, code(validity.missing().beyondAllowance()));
      } else if (blanks > 0) {
        worst = Math.max(worst, code(validity.missing().withinAllowance()));
      }
      for (Subscale sub : scale.subscales()) {
        List<Item> subItems = new ArrayList<>();
        for (String id : sub.itemIds()) {
          subItems.add(scale.item(id).orElseThrow());
        }
        raw.put(sub.id(), keyedSum(scale, subItems, answerOf));
        wellbeing.put(sub.id(), wellbeing.get(scale.id()));
      }
    }

    SchoolBand band = SchoolBand.ofGrade(grade);
    Map<String, Double> t = new HashMap<>();
    for (NormSet set : normSets) {
      for (NormCell cell : set.cells()) {
        if (cell.band() == band && cell.sex() == sex && raw.containsKey(cell.target())) {
          t.put(cell.target(), 50 + 10 * (raw.get(cell.target()) - cell.mean()) / cell.sd());
        }
      }
    }
    double[] scaleT = new double[scales.size()];
    for (int s = 0; s < scales.size(); s++) {
      scaleT[s] = t.getOrDefault(scales.get(s).id(), Double.NaN);
    }

    Facts facts = new Facts(answerOf, raw, t, wellbeing);
    int tier = 0;
    int level = 0;
    List<String> fired = new ArrayList<>();
    for (TierRule rule : rules) {
      if (appliesTo(rule.when(), answerOf.keySet(), raw.keySet()) && holds(rule.when(), facts)) {
        tier = Math.max(tier, rule.tier());
        level = Math.max(level, rule.level() == null ? 0 : rule.level().code());
        fired.add(rule.id());
      }
    }

    if (refused) {
      worst = Math.max(worst, code(validity.refusal()));
    }
    worst = Math.max(worst, speed(answers, millis));
    worst = Math.max(worst, straightLining(answerOf));
    worst = Math.max(worst, allExtreme(answerOf, scaleOfItem));
    return new Expected(tier, level, raws, scaleT, worst, List.copyOf(fired));
  }

  private static boolean asked(Scale scale, Item item, Map<String, Integer> answerOf) {
    if (item.showIf() == null) {
      return true;
    }
    for (Item gate : scale.items()) {
      if (item.showIf().anyOf().contains(gate.number())
          && Integer.valueOf(item.showIf().equals()).equals(answerOf.get(gate.id()))) {
        return true;
      }
    }
    return false;
  }

  private static int blanks(Scale scale, List<Item> items, Map<String, Integer> answerOf) {
    int blanks = 0;
    for (Item item : items) {
      if (asked(scale, item, answerOf) && answerOf.get(item.id()) == null) {
        if (item.critical() || item.conditional()) {
          throw new IllegalStateException(
              "generator left must-answer item " + item.id() + " blank");
        }
        blanks++;
      }
    }
    return blanks;
  }

  /**
   * Reverse items score lowest + highest − answer; an item not asked scores the lowest option; a
   * blank is prorated over the answered items (half up) or scores the lowest option, per the scale.
   */
  private static int keyedSum(Scale scale, List<Item> items, Map<String, Integer> answerOf) {
    MissingRule rule = scale.scoring().missing();
    int notAsked = 0;
    int answeredSum = 0;
    int asked = 0;
    int answered = 0;
    for (Item item : items) {
      if (!asked(scale, item, answerOf)) {
        notAsked += scale.minValue();
        continue;
      }
      asked++;
      Integer a = answerOf.get(item.id());
      if (a == null) {
        if (rule.kind() == MissingRule.Kind.INVALID) {
          throw new IllegalStateException("generator left " + item.id() + " blank");
        }
        if (rule.kind() == MissingRule.Kind.SUM) {
          answeredSum += scale.minValue();
        }
        continue;
      }
      if (a < scale.minValue() || a > scale.maxValue()) {
        throw new IllegalStateException("generator answered " + item.id() + " with " + a);
      }
      answered++;
      answeredSum += item.reverse() ? scale.minValue() + scale.maxValue() - a : a;
    }
    if (rule.kind() != MissingRule.Kind.PRORATE || answered == asked) {
      return notAsked + answeredSum;
    }
    if (answered == 0) {
      return notAsked + asked * scale.minValue();
    }
    BigDecimal prorated =
        BigDecimal.valueOf((long) answeredSum * asked)
            .divide(BigDecimal.valueOf(answered), 0, RoundingMode.HALF_UP);
    return notAsked + prorated.intValueExact();
  }

  /** What rules read: answers by item id, raw sums and T by scale or subscale id. */
  private record Facts(
      Map<String, Integer> answers,
      Map<String, Integer> raw,
      Map<String, Double> t,
      Map<String, Boolean> wellbeing) {}

  /** A rule applies to a battery when every item, scale and subscale it names is in it. */
  private static boolean appliesTo(Condition when, Set<String> itemIds, Set<String> targetIds) {
    boolean[] ok = {true};
    when.forEachComparison(
        c -> {
          switch (c.target()) {
            case ITEM -> ok[0] &= itemIds.contains(c.ref());
            case SCALE, SUBSCALE -> ok[0] &= targetIds.contains(c.ref());
            case T -> ok[0] &= c.ref().equals("*") || targetIds.contains(c.ref());
          }
        });
    return ok[0];
  }

  private static boolean holds(Condition when, Facts f) {
    if (when instanceof Condition.All all) {
      return all.of().stream().allMatch(c -> holds(c, f));
    }
    if (when instanceof Condition.Any any) {
      return any.of().stream().anyMatch(c -> holds(c, f));
    }
    Condition.Comparison c = (Condition.Comparison) when;
    switch (c.target()) {
      case ITEM -> {
        Integer a = f.answers().get(c.ref());
        return a != null && compare(c, a);
      }
      case SCALE, SUBSCALE -> {
        return compare(c, f.raw().get(c.ref()));
      }
      default -> {
        Set<String> targets = c.ref().equals("*") ? new HashSet<>(f.t().keySet()) : Set.of(c.ref());
        for (String target : targets) {
          Double t = f.t().get(target);
          if (t != null && compare(c, f.wellbeing().get(target) ? 100 - t : t)) {
            return true;
          }
        }
        return false;
      }
    }
  }

  private static boolean compare(Condition.Comparison c, double actual) {
    return switch (c.op()) {
      case GE -> actual >= c.value();
      case LE -> actual <= c.value();
      case EQ -> actual == c.value();
      case GT -> actual > c.value();
      case LT -> actual < c.value();
      case BETWEEN -> c.value() <= actual && actual <= c.upper();
    };
  }

  /** The median time of the answered items with a known time, by sorting. */
  private int speed(int[] answers, int[] millis) {
    ValidityRules.Speed rule = validity.speed();
    if (rule == null || millis == null) {
      return 0;
    }
    List<Integer> known = new ArrayList<>();
    for (int i = 0; i < answers.length; i++) {
      if ((answers[i] >= 0 || answers[i] == REFUSED) && millis[i] >= 0) {
        known.add(millis[i]);
      }
    }
    if (known.size() < rule.minItems()) {
      return 0;
    }
    int[] sorted = known.stream().mapToInt(Integer::intValue).sorted().toArray();
    int n = sorted.length;
    double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + (double) sorted[n / 2]) / 2;
    return median < rule.medianMillisBelow() ? code(rule.flag()) : 0;
  }

  /**
   * A group is straight-lined when each of its scales has an answer, every answer sits at the same
   * option position (answer − lowest option), and enough were answered.
   */
  private int straightLining(Map<String, Integer> answerOf) {
    ValidityRules.StraightLining rule = validity.straightLining();
    if (rule == null) {
      return 0;
    }
    int worst = 0;
    for (ValidityRules.Group group : rule.groups()) {
      if (!battery.scaleIds().containsAll(group.scaleIds())) {
        continue;
      }
      Set<Integer> positions = new HashSet<>();
      int answered = 0;
      boolean everyScale = true;
      for (Scale scale : scales) {
        if (!group.scaleIds().contains(scale.id())) {
          continue;
        }
        int inScale = 0;
        for (Item item : scale.items()) {
          Integer a = answerOf.get(item.id());
          if (a != null) {
            positions.add(a - scale.minValue());
            inScale++;
          }
        }
        everyScale &= inScale > 0;
        answered += inScale;
      }
      if (everyScale && positions.size() == 1 && answered >= rule.minItems()) {
        worst = Math.max(worst, code(rule.flag()));
      }
    }
    return worst;
  }

  /**
   * Every answer to an item with three or more options at its lowest or highest option, enough of
   * them, and (if asked for) at both the most and the least symptomatic end.
   */
  private int allExtreme(Map<String, Integer> answerOf, Map<String, Scale> scaleOfItem) {
    ValidityRules.AllExtreme rule = validity.allExtreme();
    if (rule == null) {
      return 0;
    }
    int answered = 0;
    boolean severe = false;
    boolean mild = false;
    for (Item item : items()) {
      Scale scale = scaleOfItem.get(item.id());
      Integer a = answerOf.get(item.id());
      if (a == null || scale.options().size() < rule.minOptions()) {
        continue;
      }
      if (a != scale.minValue() && a != scale.maxValue()) {
        return 0;
      }
      answered++;
      boolean higherIsWorse =
          (scale.scoring().direction() == Scoring.Direction.SYMPTOM) != item.reverse();
      boolean atWorst = (a == scale.maxValue()) == higherIsWorse;
      severe |= atWorst;
      mild |= !atWorst;
    }
    boolean flagged = answered >= rule.minItems() && (!rule.bothDirections() || (severe && mild));
    return flagged ? code(rule.flag()) : 0;
  }

  private static int code(ValidityRules.Level level) {
    return switch (level) {
      case VALID -> 0;
      case QUESTIONABLE -> 1;
      case INVALID -> 2;
    };
  }
}
