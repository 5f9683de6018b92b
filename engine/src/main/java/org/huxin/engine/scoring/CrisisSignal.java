package org.huxin.engine.scoring;

import java.util.List;
import java.util.Objects;
import org.huxin.scales.CrisisLevel;

/**
 * What the crisis rules say of a sheet that cannot be scored whole (a draft, or a submit with a
 * blank or unreadable item): the highest level among the tier 3 rules that hold whatever the
 * missing answers turn out to be, and their ids. {@link #NONE} when none holds for certain.
 *
 * @param level the crisis level, or null for {@link #NONE}
 * @param ruleIds the crisis rules that certainly hold, in rule-set order
 */
public record CrisisSignal(CrisisLevel level, List<String> ruleIds) {

  /** No crisis rule holds for certain. */
  public static final CrisisSignal NONE = new CrisisSignal(null, List.of());

  public CrisisSignal {
    ruleIds = List.copyOf(ruleIds);
    if ((level == null) != ruleIds.isEmpty()) {
      throw new IllegalArgumentException("a crisis signal has a level exactly when a rule held");
    }
    Objects.requireNonNull(ruleIds, "ruleIds");
  }

  /** Whether some crisis rule holds. */
  public boolean crisis() {
    return level != null;
  }
}
