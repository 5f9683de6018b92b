package org.huxin.engine.scoring;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.huxin.scales.Battery;
import org.huxin.scales.ScaleLibrary;
import org.huxin.scales.TierRuleSet;

/**
 * Every battery of a {@link ScaleLibrary}, compiled once under one tier rule set. Immutable and
 * thread-safe; build it at start-up and look batteries up by id per submission.
 */
public final class ScoringEngine {

  private final Map<String, CompiledBattery> batteries;
  private final TierRuleSet ruleSet;

  private ScoringEngine(Map<String, CompiledBattery> batteries, TierRuleSet ruleSet) {
    this.batteries = batteries;
    this.ruleSet = ruleSet;
  }

  /**
   * Compiles every battery under the {@value TierRuleSet#DEFAULT_ID} rule set.
   *
   * @throws IllegalArgumentException if the library has no such rule set, or it leaves a battery's
   *     critical item unread
   */
  public static ScoringEngine compile(ScaleLibrary library) {
    return compile(library, TierRuleSet.DEFAULT_ID);
  }

  /**
   * Compiles every battery under the rule set {@code ruleSetId}.
   *
   * @throws IllegalArgumentException if the library has no such rule set, or it leaves a battery's
   *     critical item unread
   */
  public static ScoringEngine compile(ScaleLibrary library, String ruleSetId) {
    Objects.requireNonNull(library, "library");
    TierRuleSet set = library.ruleSet(ruleSetId);
    Map<String, CompiledBattery> compiled = new LinkedHashMap<>();
    for (Battery battery : library.batteries()) {
      compiled.put(battery.id(), CompiledBattery.compile(battery, library, set));
    }
    return new ScoringEngine(Collections.unmodifiableMap(compiled), set);
  }

  /**
   * The compiled battery {@code id}.
   *
   * @throws IllegalArgumentException naming the id and the batteries there are
   */
  public CompiledBattery battery(String id) {
    CompiledBattery battery = batteries.get(id);
    if (battery == null) {
      throw new IllegalArgumentException(
          "no battery '" + id + "'; compiled: " + String.join(", ", batteries.keySet()));
    }
    return battery;
  }

  /** Whether a battery {@code id} was compiled. */
  public boolean hasBattery(String id) {
    return batteries.containsKey(id);
  }

  /** The compiled battery ids, in library order. */
  public Set<String> batteryIds() {
    return batteries.keySet();
  }

  /** The id of the tier rule set every battery was compiled with. */
  public String ruleSetId() {
    return ruleSet.id();
  }

  /** The version of the tier rule set every battery was compiled with. */
  public String ruleSetVersion() {
    return ruleSet.version();
  }
}
