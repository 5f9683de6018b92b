package org.huxin.scales;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A versioned set of tier rules; a screening window scores under one set. The highest tier among
 * the rules that fire wins, and no rule firing means tier 0.
 */
public record TierRuleSet(String id, String version, LocalizedText title, List<TierRule> rules) {

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
    rules = List.copyOf(rules);
    HashSet<String> seen = new HashSet<>();
    for (TierRule rule : rules) {
      if (!seen.add(rule.id())) {
        throw new IllegalArgumentException("rule " + rule.id() + ": duplicate rule id");
      }
    }
  }
}
