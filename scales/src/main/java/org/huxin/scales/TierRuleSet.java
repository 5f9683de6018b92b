package org.huxin.scales;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A versioned set of tier rules; a screening window scores under one set, chosen by id. The highest
 * tier among the rules that fire wins, and no rule firing means tier 0.
 *
 * <p>A window that needs other thresholds names a variant: a rule-set file with {@code "extends":
 * "default"} that replaces rules by id (same id, new condition), removes some, and adds its own.
 * The loaded variant is fully resolved; {@link #extendsId()} keeps where it came from.
 *
 * <p>Each crisis level carries how long an alert may wait unacknowledged before it goes to the
 * district ({@link #escalateAfter}); a more serious level never waits longer than a lesser one.
 *
 * <p>A set validated only at some ages names the school {@link #bands} it may score; a window whose
 * grades reach outside them cannot use it ({@link #checkBands}).
 *
 * @param source why these rules and thresholds, e.g. a citation; "" if none is given
 * @param extendsId the rule set this one was derived from, or ""
 * @param escalateAfter for every crisis level, the time to acknowledgement before escalation
 * @param bands the school bands a window may score under this set, in band order; empty for every
 *     band
 */
public record TierRuleSet(
    String id,
    String version,
    LocalizedText title,
    String source,
    String extendsId,
    Map<CrisisLevel, Duration> escalateAfter,
    List<TierRule> rules,
    Set<SchoolBand> bands) {

  /** The escalation times of SCALES.md: 重大 10 min, 严重 30 min, 一般 2 h. */
  public static final Map<CrisisLevel, Duration> DEFAULT_ESCALATION =
      Map.of(
          CrisisLevel.MAJOR, Duration.ofMinutes(10),
          CrisisLevel.SERIOUS, Duration.ofMinutes(30),
          CrisisLevel.GENERAL, Duration.ofHours(2));

  /** The longest an escalation time may be. */
  public static final Duration MAX_ESCALATION = Duration.ofHours(24);

  /**
   * The rule set {@link ScaleLibrary#loadDefault()} ships and scoring uses unless told otherwise.
   */
  public static final String DEFAULT_ID = "default";

  static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]*");

  public TierRuleSet {
    Objects.requireNonNull(id, "id");
    if (!ID.matcher(id).matches() || id.length() > 32) {
      throw new IllegalArgumentException(
          "rule set " + id + ": id must be lower-case letters, digits and '-'");
    }
    Scale.checkVersion("rule set " + id + ": ", version);
    Objects.requireNonNull(title, () -> "rule set " + id + ": title");
    Objects.requireNonNull(source, () -> "rule set " + id + ": source");
    Objects.requireNonNull(extendsId, () -> "rule set " + id + ": extendsId");
    escalateAfter = checkEscalation(id, escalateAfter);
    if (extendsId.equals(id)) {
      throw new IllegalArgumentException("rule set " + id + ": extends itself");
    }
    Objects.requireNonNull(bands, () -> "rule set " + id + ": bands");
    EnumSet<SchoolBand> ordered = EnumSet.noneOf(SchoolBand.class);
    ordered.addAll(bands);
    bands = Collections.unmodifiableSet(ordered);
    rules = List.copyOf(rules);
    HashSet<String> seen = new HashSet<>();
    for (TierRule rule : rules) {
      if (!seen.add(rule.id())) {
        throw new IllegalArgumentException("rule " + rule.id() + ": duplicate rule id");
      }
    }
  }

  /** A rule set for every band. */
  public TierRuleSet(
      String id,
      String version,
      LocalizedText title,
      String source,
      String extendsId,
      Map<CrisisLevel, Duration> escalateAfter,
      List<TierRule> rules) {
    this(id, version, title, source, extendsId, escalateAfter, rules, Set.of());
  }

  /** A rule set of its own, with no source note and the default escalation times. */
  public TierRuleSet(String id, String version, LocalizedText title, List<TierRule> rules) {
    this(id, version, title, "", "", DEFAULT_ESCALATION, rules);
  }

  /** Whether a window may score {@code band} under this set. */
  public boolean allows(SchoolBand band) {
    return bands.isEmpty() || bands.contains(band);
  }

  /**
   * Fails unless every band of {@code windowBands} may be scored under this set.
   *
   * @throws IllegalArgumentException naming this set, the bands it is for and the bands refused
   */
  public void checkBands(Collection<SchoolBand> windowBands) {
    List<String> refused = new ArrayList<>();
    for (SchoolBand band : SchoolBand.values()) {
      if (windowBands.contains(band) && !allows(band)) {
        refused.add(band.id());
      }
    }
    if (!refused.isEmpty()) {
      throw new IllegalArgumentException(
          "rule set "
              + id
              + " ("
              + title.get(LocalizedText.ZH_CN)
              + ") is only for grade bands "
              + String.join(", ", bands.stream().map(SchoolBand::id).toList())
              + "; it cannot score band "
              + String.join(", ", refused));
    }
  }

  /** How long an alert of {@code level} may wait unacknowledged before it goes to the district. */
  public Duration escalateAfter(CrisisLevel level) {
    return escalateAfter.get(level);
  }

  private static Map<CrisisLevel, Duration> checkEscalation(
      String id, Map<CrisisLevel, Duration> times) {
    Objects.requireNonNull(times, () -> "rule set " + id + ": escalateAfter");
    EnumMap<CrisisLevel, Duration> out = new EnumMap<>(CrisisLevel.class);
    for (CrisisLevel level : CrisisLevel.values()) {
      Duration d = times.get(level);
      if (d == null) {
        throw new IllegalArgumentException(
            "rule set " + id + ": no escalation time for crisis level " + level.key());
      }
      if (d.compareTo(Duration.ofMinutes(1)) < 0 || d.compareTo(MAX_ESCALATION) > 0) {
        throw new IllegalArgumentException(
            "rule set "
                + id
                + ": escalation time of "
                + level.key()
                + " is "
                + d.toMinutes()
                + " min; allowed 1 min to "
                + MAX_ESCALATION.toHours()
                + " h");
      }
      out.put(level, d);
    }
    CrisisLevel[] levels = CrisisLevel.values();
    for (int i = 1; i < levels.length; i++) {
      if (out.get(levels[i]).compareTo(out.get(levels[i - 1])) > 0) {
        throw new IllegalArgumentException(
            "rule set "
                + id
                + ": "
                + levels[i].key()
                + " escalates after "
                + out.get(levels[i]).toMinutes()
                + " min, later than "
                + levels[i - 1].key()
                + " ("
                + out.get(levels[i - 1]).toMinutes()
                + " min); a more serious level never waits longer");
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * A variant of this set: each rule of {@code rules} replaces this set's rule with the same id in
   * place, or is appended if there is none; the rules named in {@code remove} are dropped.
   *
   * @throws IllegalArgumentException if {@code remove} names a rule this set lacks, or a rule is
   *     both replaced and removed
   */
  public TierRuleSet variant(
      String variantId,
      String variantVersion,
      LocalizedText variantTitle,
      String variantSource,
      List<TierRule> rules,
      Set<String> remove) {
    return variant(variantId, variantVersion, variantTitle, variantSource, Map.of(), rules, remove);
  }

  /**
   * As {@link #variant(String, String, LocalizedText, String, List, Set)}, with the escalation
   * times of the levels in {@code escalation} replacing this set's.
   */
  public TierRuleSet variant(
      String variantId,
      String variantVersion,
      LocalizedText variantTitle,
      String variantSource,
      Map<CrisisLevel, Duration> escalation,
      List<TierRule> rules,
      Set<String> remove) {
    return variant(
        variantId, variantVersion, variantTitle, variantSource, escalation, rules, remove, null);
  }

  /**
   * As {@link #variant(String, String, LocalizedText, String, Map, List, Set)}, for the bands
   * {@code variantBands} (empty: every band), or for this set's bands when it is null.
   */
  public TierRuleSet variant(
      String variantId,
      String variantVersion,
      LocalizedText variantTitle,
      String variantSource,
      Map<CrisisLevel, Duration> escalation,
      List<TierRule> rules,
      Set<String> remove,
      Set<SchoolBand> variantBands) {
    EnumMap<CrisisLevel, Duration> times = new EnumMap<>(escalateAfter);
    times.putAll(escalation);
    Map<String, TierRule> byId = new LinkedHashMap<>();
    for (TierRule rule : this.rules) {
      byId.put(rule.id(), rule);
    }
    for (String ruleId : remove) {
      if (!byId.containsKey(ruleId)) {
        throw new IllegalArgumentException(
            "rule set " + variantId + ": removes rule " + ruleId + ", which " + id + " lacks");
      }
      byId.remove(ruleId);
    }
    for (TierRule rule : rules) {
      if (remove.contains(rule.id())) {
        throw new IllegalArgumentException(
            "rule " + rule.id() + ": both removed and given in rule set " + variantId);
      }
      byId.put(rule.id(), rule);
    }
    return new TierRuleSet(
        variantId,
        variantVersion,
        variantTitle,
        variantSource,
        id,
        times,
        new ArrayList<>(byId.values()),
        variantBands == null ? bands : variantBands);
  }
}
