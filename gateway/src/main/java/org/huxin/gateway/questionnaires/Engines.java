package org.huxin.gateway.questionnaires;

import java.util.HashMap;
import java.util.Map;
import org.huxin.engine.scoring.ScoringEngine;
import org.huxin.engine.windows.Window;
import org.huxin.scales.ScaleLibrary;
import org.huxin.scales.TierRuleSet;

/**
 * One compiled engine per tier rule set of the library, so each window is scored with the
 * thresholds it names. All are compiled at start-up; a battery costs a few kilobytes per set.
 */
public final class Engines {
  private final Map<String, ScoringEngine> byRuleSet;

  private Engines(Map<String, ScoringEngine> byRuleSet) {
    this.byRuleSet = Map.copyOf(byRuleSet);
  }

  public static Engines compile(ScaleLibrary library) {
    Map<String, ScoringEngine> byRuleSet = new HashMap<>();
    for (TierRuleSet set : library.ruleSets()) {
      byRuleSet.put(set.id(), ScoringEngine.compile(library, set.id()));
    }
    return new Engines(byRuleSet);
  }

  /** The engine for {@code ruleSetId}; fails naming it when the library has no such set. */
  public ScoringEngine forRuleSet(String ruleSetId) {
    ScoringEngine engine = byRuleSet.get(ruleSetId);
    if (engine == null) {
      throw new IllegalStateException(
          "tier rule set '"
              + ruleSetId
              + "' is not in the scale library; have "
              + byRuleSet.keySet());
    }
    return engine;
  }

  /**
   * Fails, naming the window and what it lacks, unless every rule set and battery the window names
   * is compiled here; a gateway refuses to start rather than fail students' submits later.
   */
  public void check(Window window) {
    ScoringEngine engine = byRuleSet.get(window.ruleSetId());
    if (engine == null) {
      throw new IllegalStateException(
          "window "
              + window.id()
              + " names tier rule set '"
              + window.ruleSetId()
              + "', which the scale library lacks; have "
              + byRuleSet.keySet());
    }
    for (String battery : window.batteryByBand().values()) {
      if (!engine.hasBattery(battery)) {
        throw new IllegalStateException(
            "window "
                + window.id()
                + " names battery '"
                + battery
                + "', which the scale library lacks; have "
                + engine.batteryIds());
      }
    }
  }

  /** The engine of the default rule set. */
  public ScoringEngine defaults() {
    return forRuleSet(TierRuleSet.DEFAULT_ID);
  }
}
