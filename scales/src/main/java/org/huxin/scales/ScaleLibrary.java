package org.huxin.scales;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every scale, battery, tier rule set and norm set, and the validity thresholds, checked against
 * each other: batteries name loaded scales; rules name loaded items, scales and subscales with
 * values their options or ranges can take; norm cells name a scale or subscale that some battery of
 * their school band asks, and cover its range.
 *
 * <p>{@link #normSets()} are the sets new results are scored under; {@link #retiredNormSets()} are
 * earlier versions kept so the results they scored can still be labelled, reproduced and re-scored
 * from ({@code retiredNorms} in the index). A retired set may norm the same cells as a live one; no
 * two live sets share an id.
 *
 * <p>{@link #loadDefault()} reads the files shipped on the class path; {@link
 * #load(ResourceSource)} reads any folder laid out the same way ({@code index.json} at its root).
 * Either fails with a {@link ScaleFileException} that names the file, the item and the fault.
 */
public record ScaleLibrary(
    List<Scale> scales,
    List<Battery> batteries,
    List<TierRuleSet> ruleSets,
    List<NormSet> normSets,
    ValidityRules validity,
    List<NormSet> retiredNormSets) {

  /** The class-path folder that holds the shipped {@code index.json}. */
  public static final String DEFAULT_ROOT = "scales";

  public ScaleLibrary {
    scales = List.copyOf(scales);
    batteries = List.copyOf(batteries);
    ruleSets = List.copyOf(ruleSets);
    normSets = List.copyOf(normSets);
    retiredNormSets = List.copyOf(retiredNormSets);
    Objects.requireNonNull(validity, "validity");
    Map<String, Scale> byId = scalesById(scales);
    HashMap<String, Battery> batteryIds = new HashMap<>();
    for (Battery battery : batteries) {
      if (batteryIds.putIfAbsent(battery.id(), battery) != null) {
        throw new IllegalArgumentException("battery " + battery.id() + ": duplicate battery id");
      }
      checkBattery(battery, byId);
    }
    HashMap<String, TierRuleSet> setIds = new HashMap<>();
    for (TierRuleSet set : ruleSets) {
      if (setIds.putIfAbsent(set.id(), set) != null) {
        throw new IllegalArgumentException("rule set " + set.id() + ": duplicate rule set id");
      }
      for (TierRule rule : set.rules()) {
        checkRule(rule, byId);
      }
    }
    HashMap<String, NormSet> normIds = new HashMap<>();
    for (NormSet set : normSets) {
      if (normIds.putIfAbsent(set.id(), set) != null) {
        throw new IllegalArgumentException("norm set " + set.id() + ": duplicate norm set id");
      }
      checkNormSet(set, byId, batteries);
    }
    HashMap<String, NormSet> labels = new HashMap<>();
    for (NormSet set : normSets) {
      labels.put(set.label(), set);
    }
    for (NormSet set : retiredNormSets) {
      if (labels.putIfAbsent(set.label(), set) != null) {
        throw new IllegalArgumentException(
            "norm set " + set.label() + ": listed twice (live or retired)");
      }
      checkNormSet(set, byId, batteries);
    }
    checkValidity(validity, byId);
  }

  /** A library with no retired norm sets. */
  public ScaleLibrary(
      List<Scale> scales,
      List<Battery> batteries,
      List<TierRuleSet> ruleSets,
      List<NormSet> normSets,
      ValidityRules validity) {
    this(scales, batteries, ruleSets, normSets, validity, List.of());
  }

  /** A library with no norm sets and only the missing-item validity check. */
  public ScaleLibrary(List<Scale> scales, List<Battery> batteries, List<TierRuleSet> ruleSets) {
    this(scales, batteries, ruleSets, List.of(), ValidityRules.MISSING_ONLY);
  }

  /** Loads the scales, batteries and rules shipped in this jar. */
  public static ScaleLibrary loadDefault() {
    return load(ResourceSource.classpath(DEFAULT_ROOT));
  }

  /** Loads the files listed in {@code index.json} at the root of {@code source}. */
  public static ScaleLibrary load(ResourceSource source) {
    return new LibraryReader(source).read();
  }

  /** The scale with this id. */
  public Scale scale(String id) {
    return findScale(id).orElseThrow(() -> new IllegalArgumentException("no scale " + id));
  }

  /** The scale with this id, if loaded. */
  public Optional<Scale> findScale(String id) {
    return scales.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  /** The battery with this id. */
  public Battery battery(String id) {
    return batteries.stream()
        .filter(b -> b.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no battery " + id));
  }

  /** The tier rule set with this id. */
  public TierRuleSet ruleSet(String id) {
    return ruleSets.stream()
        .filter(r -> r.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no tier rule set " + id));
  }

  /**
   * This library with one more rule set, e.g. a window's variant built with {@link
   * TierRuleSet#variant}, checked like a loaded one.
   *
   * @throws IllegalArgumentException if the id is taken or a rule names what the library lacks
   */
  public ScaleLibrary withRuleSet(TierRuleSet set) {
    List<TierRuleSet> sets = new ArrayList<>(ruleSets);
    sets.add(set);
    return new ScaleLibrary(scales, batteries, sets, normSets, validity, retiredNormSets);
  }

  /** The norm set with this id. */
  public NormSet normSet(String id) {
    return normSets.stream()
        .filter(n -> n.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no norm set " + id));
  }

  /**
   * The live or retired norm set {@code id@version} ({@link NormSet#label()}), as a result records
   * it.
   */
  public Optional<NormSet> findNormSet(String idAtVersion) {
    for (List<NormSet> sets : List.of(normSets, retiredNormSets)) {
      for (NormSet set : sets) {
        if (set.label().equals(idAtVersion)) {
          return Optional.of(set);
        }
      }
    }
    return Optional.empty();
  }

  /** The live norm sets, then the retired ones. */
  public List<NormSet> allNormSets() {
    List<NormSet> all = new ArrayList<>(normSets);
    all.addAll(retiredNormSets);
    return List.copyOf(all);
  }

  /**
   * Checks a norm set built or stored elsewhere (e.g. from a finished window) against this library:
   * every cell names a scale or subscale that a battery of its band asks, and any percentile table
   * covers exactly that target's range.
   *
   * @throws IllegalArgumentException naming the set, the cell and the fault
   */
  public void checkNormSet(NormSet set) {
    checkNormSet(set, scalesById(scales), batteries);
  }

  /** The scale that owns an item id, if any. */
  public Optional<Scale> scaleOfItem(String itemId) {
    return scales.stream().filter(s -> s.item(itemId).isPresent()).findFirst();
  }

  static Map<String, Scale> scalesById(List<Scale> scales) {
    LinkedHashMap<String, Scale> byId = new LinkedHashMap<>();
    for (Scale scale : scales) {
      if (byId.putIfAbsent(scale.id(), scale) != null) {
        throw new IllegalArgumentException("scale " + scale.id() + ": duplicate scale id");
      }
    }
    return byId;
  }

  static void checkBattery(Battery battery, Map<String, Scale> scales) {
    for (String scaleId : battery.scaleIds()) {
      if (!scales.containsKey(scaleId)) {
        throw new IllegalArgumentException(
            "battery " + battery.id() + ": names unknown scale " + scaleId);
      }
    }
  }

  static void checkNormSet(NormSet set, Map<String, Scale> scales, List<Battery> batteries) {
    for (NormCell cell : set.cells()) {
      String where = "norm set " + set.id() + ": cell " + cell.key() + ": ";
      Scale scale = scales.get(cell.target());
      int low;
      int high;
      if (scale != null) {
        low = scale.scoring().min();
        high = scale.scoring().max();
      } else {
        Scale owner = owner(cell.target(), scales);
        Subscale sub = owner == null ? null : owner.subscale(cell.target()).orElse(null);
        if (sub == null) {
          throw new IllegalArgumentException(
              where + "names unknown scale or subscale " + cell.target());
        }
        scale = owner;
        low = sub.itemIds().size() * owner.minValue();
        high = sub.itemIds().size() * owner.maxValue();
      }
      boolean asked = false;
      for (Battery battery : batteries) {
        asked |= battery.band() == cell.band() && battery.scaleIds().contains(scale.id());
      }
      if (!asked) {
        throw new IllegalArgumentException(
            where + "no battery for grades " + cell.band() + " asks " + scale.shortName());
      }
      if (cell.mean() < low || cell.mean() > high) {
        throw new IllegalArgumentException(
            where + "mean " + cell.mean() + " is outside the range " + low + "–" + high);
      }
      PercentileTable table = cell.table();
      if (table != null && (table.from() != low || table.to() != high)) {
        throw new IllegalArgumentException(
            where
                + "percentile table covers "
                + table.from()
                + "–"
                + table.to()
                + " but the range is "
                + low
                + "–"
                + high);
      }
    }
  }

  static void checkValidity(ValidityRules rules, Map<String, Scale> scales) {
    if (rules.straightLining() == null) {
      return;
    }
    for (ValidityRules.Group group : rules.straightLining().groups()) {
      Scale first = null;
      for (String scaleId : group.scaleIds()) {
        Scale scale = scales.get(scaleId);
        if (scale == null) {
          throw new IllegalArgumentException(
              "straightLining: group " + group.id() + " names unknown scale " + scaleId);
        }
        if (first == null) {
          first = scale;
        } else if (!first.options().equals(scale.options())) {
          throw new IllegalArgumentException(
              "straightLining: group "
                  + group.id()
                  + " reads "
                  + first.shortName()
                  + " against "
                  + scale.shortName()
                  + ", whose option sets differ ("
                  + optionText(first)
                  + " vs "
                  + optionText(scale)
                  + "); the same option position means different answers on them, so it is no"
                  + " contradiction. Check each mixed-keyed scale in a group of its own");
        }
      }
    }
  }

  private static String optionText(Scale scale) {
    List<String> labels = new ArrayList<>();
    for (ResponseOption option : scale.options()) {
      labels.add(option.value() + " " + option.label().get(LocalizedText.ZH_CN));
    }
    return String.join(" / ", labels);
  }

  static void checkRule(TierRule rule, Map<String, Scale> scales) {
    rule.when().forEachComparison(c -> checkComparison(rule.id(), c, scales));
  }

  private static void checkComparison(
      String ruleId, Condition.Comparison c, Map<String, Scale> scales) {
    String where = "rule " + ruleId + ": ";
    int low;
    int high;
    String what;
    switch (c.target()) {
      case ITEM -> {
        Scale owner = owner(c.ref(), scales);
        if (owner == null || owner.item(c.ref()).isEmpty()) {
          throw new IllegalArgumentException(where + "names unknown item " + c.ref());
        }
        low = owner.minValue();
        high = owner.maxValue();
        what = "item " + c.ref();
        if (c.value() < low || c.value() > high || c.upper() < low || c.upper() > high) {
          int bad = c.value() < low || c.value() > high ? c.value() : c.upper();
          throw new IllegalArgumentException(
              where + what + " has no option " + bad + " (options " + low + "–" + high + ")");
        }
      }
      case SCALE -> {
        Scale scale = scales.get(c.ref());
        if (scale == null) {
          throw new IllegalArgumentException(where + "names unknown scale " + c.ref());
        }
        low = scale.scoring().min();
        high = scale.scoring().max();
        what = "scale " + c.ref();
      }
      case SUBSCALE -> {
        Scale owner = owner(c.ref(), scales);
        Subscale sub = owner == null ? null : owner.subscale(c.ref()).orElse(null);
        if (sub == null) {
          throw new IllegalArgumentException(where + "names unknown subscale " + c.ref());
        }
        low = sub.itemIds().size() * owner.minValue();
        high = sub.itemIds().size() * owner.maxValue();
        what = "subscale " + c.ref();
      }
      case T -> {
        if (!c.ref().equals(Condition.Target.ANY)
            && !scales.containsKey(c.ref())
            && (owner(c.ref(), scales) == null
                || owner(c.ref(), scales).subscale(c.ref()).isEmpty())) {
          throw new IllegalArgumentException(
              where + "names unknown scale or subscale " + c.ref() + " for its T");
        }
        low = 0;
        high = 100;
        what = "T of " + (c.ref().equals(Condition.Target.ANY) ? "any normed scale" : c.ref());
      }
      default -> throw new AssertionError(c.target());
    }
    if (c.value() < low || c.value() > high || c.upper() < low || c.upper() > high) {
      throw new IllegalArgumentException(
          where
              + what
              + " "
              + c.op().render(c.value(), c.upper())
              + " is outside its range "
              + low
              + "–"
              + high);
    }
    boolean canHold = false;
    for (int v = low; v <= high && !canHold; v++) {
      canHold = c.op().test(v, c.value(), c.upper());
    }
    if (!canHold) {
      throw new IllegalArgumentException(
          where
              + what
              + " "
              + c.op().symbol()
              + " "
              + c.value()
              + " can never hold (range "
              + low
              + "–"
              + high
              + ")");
    }
  }

  /** The scale whose id prefixes {@code ref} (item and subscale ids are {@code scaleId_…}). */
  private static Scale owner(String ref, Map<String, Scale> scales) {
    int cut = ref.indexOf('_');
    return cut < 0 ? null : scales.get(ref.substring(0, cut));
  }
}
