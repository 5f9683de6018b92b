package org.huxin.scales;

import java.util.ArrayList;
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
 * @param source why these rules and thresholds, e.g. a citation; "" if none is given
 * @param extendsId the rule set this one was derived from, or ""
 */
public record TierRuleSet(
    String id,
    String version,
    LocalizedText title,
    String source,
    String extendsId,
    List<TierRule> rules) {

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
    if (extendsId.equals(id)) {
      throw new IllegalArgumentException("rule set " + id + ": extends itself");
    }
    rules = List.copyOf(rules);
    HashSet<String> seen = new HashSet<>();
    for (TierRule rule : rules) {
      if (!seen.add(rule.id())) {
        throw new IllegalArgumentException("rule " + rule.id() + ": duplicate rule id");
      }
    }
  }

  /** A rule set of its own, with no source note. */
  public TierRuleSet(String id, String version, LocalizedText title, List<TierRule> rules) {
    this(id, version, title, "", "", rules);
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
        variantId, variantVersion, variantTitle, variantSource, id, new ArrayList<>(byId.values()));
  }
}
