package org.huxin.scales;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One rule of a tier rule set: when {@code when} holds, the result is at least {@code tier}, and a
 * crisis rule's result at least its crisis {@code level}.
 *
 * @param id unique within its rule set, e.g. {@code crisis_phq9_item9}
 * @param tier 0 routine, 1 key, 2 close attention, 3 crisis
 * @param level the crisis level of a tier 3 rule; null for every other tier
 * @param explanation what a reviewer reads; {@value #FACTS} is replaced by the comparisons that
 *     held, with the actual values
 * @param when the condition
 */
public record TierRule(
    String id, int tier, CrisisLevel level, LocalizedText explanation, Condition when) {

  /** The one placeholder an explanation may hold. */
  public static final String FACTS = "{facts}";

  /** The highest tier, crisis. */
  public static final int CRISIS = 3;

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^}]*}");

  public TierRule {
    Objects.requireNonNull(id, "id");
    if (!Band.NAME.matcher(id).matches()) {
      throw new IllegalArgumentException("rule " + id + ": id must match [a-z][a-z0-9_]*");
    }
    if (tier < 0 || tier > CRISIS) {
      throw new IllegalArgumentException("rule " + id + ": tier " + tier + " is outside 0–3");
    }
    if ((tier == CRISIS) != (level != null)) {
      throw new IllegalArgumentException(
          "rule "
              + id
              + (tier == CRISIS
                  ? ": a tier 3 rule needs a crisis level (general, serious or major)"
                  : ": only a tier 3 rule has a crisis level"));
    }
    Objects.requireNonNull(explanation, () -> "rule " + id + ": explanation");
    Objects.requireNonNull(when, () -> "rule " + id + ": when");
    for (Map.Entry<String, String> e : explanation.texts().entrySet()) {
      Matcher m = PLACEHOLDER.matcher(e.getValue());
      int facts = 0;
      while (m.find()) {
        if (!m.group().equals(FACTS)) {
          throw new IllegalArgumentException(
              "rule "
                  + id
                  + ": explanation "
                  + e.getKey()
                  + " has placeholder "
                  + m.group()
                  + "; only "
                  + FACTS
                  + " is filled");
        }
        facts++;
      }
      if (facts > 1) {
        throw new IllegalArgumentException(
            "rule " + id + ": explanation " + e.getKey() + " has " + FACTS + " more than once");
      }
    }
  }

  /** A rule below tier 3, which has no crisis level. */
  public TierRule(String id, int tier, LocalizedText explanation, Condition when) {
    this(id, tier, null, explanation, when);
  }
}
