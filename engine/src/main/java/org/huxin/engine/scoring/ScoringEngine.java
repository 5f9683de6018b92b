package org.huxin.engine.scoring;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.huxin.scales.Battery;
import org.huxin.scales.NormSet;
import org.huxin.scales.ScaleLibrary;
import org.huxin.scales.SchoolBand;
import org.huxin.scales.TierRuleSet;

/**
 * Every battery of a {@link ScaleLibrary}, compiled once under one tier rule set and one list of
 * norm sets. Immutable and thread-safe; build it at start-up and look batteries up by id per
 * submission. A window that scores under another rule set or other norms gets its own engine
 * ({@link #compile(ScaleLibrary, String, List)}, {@link #withNorms(List)}).
 */
public final class ScoringEngine {

  private final ScaleLibrary library;
  private final Map<String, CompiledBattery> batteries;
  private final TierRuleSet ruleSet;
  private final List<NormSet> normSets;

  private ScoringEngine(
      ScaleLibrary library,
      Map<String, CompiledBattery> batteries,
      TierRuleSet ruleSet,
      List<NormSet> normSets) {
    this.library = library;
    this.batteries = batteries;
    this.ruleSet = ruleSet;
    this.normSets = normSets;
  }

  /**
   * Compiles every battery under the {@value TierRuleSet#DEFAULT_ID} rule set and the library's
   * norm sets.
   *
   * @throws IllegalArgumentException if the library has no such rule set, or it leaves a battery's
   *     critical item unread
   */
  public static ScoringEngine compile(ScaleLibrary library) {
    return compile(library, TierRuleSet.DEFAULT_ID);
  }

  /**
   * Compiles every battery under the rule set {@code ruleSetId} and the library's norm sets.
   *
   * @throws IllegalArgumentException if the library has no such rule set, or it leaves a battery's
   *     critical item unread
   */
  public static ScoringEngine compile(ScaleLibrary library, String ruleSetId) {
    Objects.requireNonNull(library, "library");
    return compile(library, ruleSetId, library.normSets());
  }

  /**
   * Compiles every battery under the rule set {@code ruleSetId} and the norm sets {@code normSets}
   * (e.g. a local set built from a finished window; an empty list scores without norms).
   *
   * @throws IllegalArgumentException if the library has no such rule set, the rule set leaves a
   *     battery's critical item unread, a norm set names a scale or band the batteries lack, or two
   *     norm sets norm the same scale × band × sex
   */
  public static ScoringEngine compile(
      ScaleLibrary library, String ruleSetId, List<NormSet> normSets) {
    Objects.requireNonNull(library, "library");
    List<NormSet> norms = List.copyOf(normSets);
    for (NormSet set : norms) {
      library.checkNormSet(set);
    }
    TierRuleSet set = library.ruleSet(ruleSetId);
    Map<String, CompiledBattery> compiled = new LinkedHashMap<>();
    for (Battery battery : library.batteries()) {
      compiled.put(battery.id(), CompiledBattery.compile(battery, library, set, norms));
    }
    return new ScoringEngine(library, Collections.unmodifiableMap(compiled), set, norms);
  }

  /**
   * The same library and rule set under other norm sets.
   *
   * @see #compile(ScaleLibrary, String, List)
   */
  public ScoringEngine withNorms(List<NormSet> normSets) {
    return compile(library, ruleSet.id(), normSets);
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

  /** The library the batteries were compiled from. */
  public ScaleLibrary library() {
    return library;
  }

  /** The id of the tier rule set every battery was compiled with. */
  public String ruleSetId() {
    return ruleSet.id();
  }

  /** The tier rule set every battery was compiled with. */
  public TierRuleSet ruleSet() {
    return ruleSet;
  }

  /**
   * Fails unless the rule set may score every one of {@code batteryIds}: a set validated only at
   * some ages ({@link TierRuleSet#bands()}) refuses a battery written for another band. A window is
   * checked with this when it is created, and so is an offline scoring run.
   *
   * @throws IllegalArgumentException naming the rule set, the bands it is for and the bands refused
   */
  public void checkRuleSetFits(Collection<String> batteryIds) {
    EnumSet<SchoolBand> bands = EnumSet.noneOf(SchoolBand.class);
    for (String id : batteryIds) {
      bands.add(battery(id).definition().band());
    }
    ruleSet.checkBands(bands);
  }

  /** The version of the tier rule set every battery was compiled with. */
  public String ruleSetVersion() {
    return ruleSet.version();
  }

  /** The norm sets every battery was compiled with (each battery applies those that fit it). */
  public List<NormSet> normSets() {
    return normSets;
  }
}
