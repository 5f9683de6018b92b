package org.huxin.engine.renorm;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.huxin.engine.norms.LocalNormBuilder;
import org.huxin.engine.norms.LocalNormBuilder.RefusedCell;
import org.huxin.engine.results.WindowResultQueries;
import org.huxin.engine.scoring.AnswerRejectedException;
import org.huxin.engine.scoring.CompiledBattery;
import org.huxin.engine.scoring.Respondent;
import org.huxin.engine.scoring.ScaleScore;
import org.huxin.engine.scoring.ScoredResult;
import org.huxin.engine.scoring.ScoringEngine;
import org.huxin.engine.scoring.SubscaleScore;
import org.huxin.engine.scoring.Validity;
import org.huxin.engine.windows.UnknownWindowException;
import org.huxin.engine.windows.Window;
import org.huxin.engine.windows.WindowStatus;
import org.huxin.engine.windows.WindowStore;
import org.huxin.scales.Battery;
import org.huxin.scales.Item;
import org.huxin.scales.LocalizedText;
import org.huxin.scales.Scale;
import org.huxin.scales.ScaleLibrary;
import org.huxin.scales.SchoolBand;
import org.huxin.scales.TierRuleSet;

/**
 * Builds a norm set version from a closed window's own results and saves it.
 *
 * <p>Every stored result is re-scored from its compact answers (so the norms never depend on the
 * shape of the stored scores JSON), and the raw score of each normable scale and subscale is
 * counted into its grade band × sex cell. Left out: results whose stored validity is invalid (the
 * speed check is in the stored validity), crisis screens (scales whose every item is critical: ASQ
 * and the self-harm proxy item, which have no dimension to norm), and scales no battery of the
 * respondent's band asks. Cells below the minimum n, or whose scores are all equal, are refused and
 * reported. The set is saved as {@code local-w<window>} at the next free version (1.0.0, 1.1.0, …)
 * with the window, minimum n and refused cells as provenance.
 */
public final class LocalNorms {

  /** The smallest cell the command line accepts unless told otherwise. */
  public static final int DEFAULT_MINIMUM_N = 50;

  /**
   * What a build did.
   *
   * @param saved the saved set, or empty when no cell reached the minimum n
   * @param refused the cells left out, and why
   * @param results results in the window
   * @param used results whose scores were counted
   * @param invalid results left out because their stored validity is invalid
   * @param took how long reading, scoring and saving took
   */
  public record Outcome(
      Optional<NormSetStore.Saved> saved,
      List<RefusedCell> refused,
      long results,
      long used,
      long invalid,
      Duration took) {

    public Outcome {
      Objects.requireNonNull(saved, "saved");
      refused = List.copyOf(refused);
      Objects.requireNonNull(took, "took");
    }

    /** Results read and scored per second. */
    public double rowsPerSecond() {
      return results / Math.max(1e-9, took.toNanos() / 1e9);
    }
  }

  private final ScaleLibrary library;
  private final ScoringEngine engine;
  private final WindowStore windows;
  private final WindowResultQueries results;
  private final NormSetStore store;
  private final Clock clock;

  public LocalNorms(ScaleLibrary library, DataSource dataSource, Clock clock) {
    this.library = Objects.requireNonNull(library, "library");
    this.engine = ScoringEngine.compile(library, TierRuleSet.DEFAULT_ID, List.of());
    this.windows = new WindowStore(dataSource);
    this.results = new WindowResultQueries(dataSource);
    this.store = new NormSetStore(dataSource);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Builds {@code local-w<windowId>}; see {@link #build(long, int, String)}. */
  public Outcome build(long windowId, int minimumN) {
    return build(windowId, minimumN, "local-w" + windowId);
  }

  /**
   * Builds and saves the next version of norm set {@code id} from window {@code windowId}.
   *
   * @throws UnknownWindowException if there is no such window
   * @throws WindowNotFinishedException if the window is not closed or archived
   * @throws RenormException if a stored result does not fit its battery
   */
  public Outcome build(long windowId, int minimumN, String id) {
    long start = System.nanoTime();
    Window window = windows.find(windowId).orElseThrow(() -> new UnknownWindowException(windowId));
    if (window.status() != WindowStatus.CLOSED && window.status() != WindowStatus.ARCHIVED) {
      throw new WindowNotFinishedException(windowId, window.status(), "building norms");
    }
    LocalNormBuilder builder = new LocalNormBuilder(library, minimumN);
    Set<String> asked = askedByBand();
    Map<String, Counted> counted = new HashMap<>();
    long[] tally = new long[2];
    long total =
        results.forEach(
            windowId,
            row -> {
              if (row.validity() == Validity.INVALID.code()) {
                tally[1]++;
                return;
              }
              Counted how = counted.computeIfAbsent(row.batteryId(), this::counted);
              ScoredResult scored = rescore(how.battery(), row);
              SchoolBand band = SchoolBand.ofGrade(row.grade());
              for (ScaleScore s : scored.scales()) {
                if (how.normable().contains(s.scaleId())
                    && asked.contains(band + " " + s.scaleId())) {
                  builder.add(band, row.sex(), s.scaleId(), s.raw());
                }
              }
              for (SubscaleScore s : scored.subscales()) {
                if (how.normable().contains(s.scaleId())
                    && asked.contains(band + " " + s.scaleId())) {
                  builder.add(band, row.sex(), s.subscaleId(), s.raw());
                }
              }
              tally[0]++;
            });
    String version = store.nextVersion(id);
    LocalNormBuilder.Outcome built =
        builder.build(
            id,
            version,
            LocalizedText.of(
                "本地常模：第" + windowId + "号筛查窗口（" + window.name() + "）",
                "Local norms from screening window " + windowId + " (" + window.name() + ")"),
            label(window),
            citation(window, total, tally[0], tally[1], minimumN),
            note(minimumN));
    Optional<NormSetStore.Saved> saved =
        built
            .normSet()
            .map(
                set ->
                    store.save(
                        set, NormSetStore.Provenance.window(windowId, minimumN, built.refused())));
    return new Outcome(
        saved,
        built.refused(),
        total,
        tally[0],
        tally[1],
        Duration.ofNanos(System.nanoTime() - start));
  }

  /** The battery of a result, scored without norms, and its normable scale ids. */
  private record Counted(CompiledBattery battery, Set<String> normable) {}

  private Counted counted(String batteryId) {
    if (!engine.hasBattery(batteryId)) {
      throw new RenormException(
          "the window has results of battery '" + batteryId + "', which this build does not have");
    }
    CompiledBattery battery = engine.battery(batteryId);
    Set<String> normable = new HashSet<>();
    for (String scaleId : battery.definition().scaleIds()) {
      if (normable(library.scale(scaleId))) {
        normable.add(scaleId);
      }
    }
    return new Counted(battery, normable);
  }

  /** A scale with a dimension to norm: not every item is critical (as in a crisis screen). */
  static boolean normable(Scale scale) {
    for (Item item : scale.items()) {
      if (!item.critical()) {
        return true;
      }
    }
    return false;
  }

  /** {@code "<band> <scale id>"} for every scale some battery of the band asks. */
  private Set<String> askedByBand() {
    Set<String> asked = new HashSet<>();
    for (Battery battery : library.batteries()) {
      for (String scaleId : battery.scaleIds()) {
        asked.add(battery.band() + " " + scaleId);
      }
    }
    return asked;
  }

  private static ScoredResult rescore(CompiledBattery battery, WindowResultQueries.Answered row) {
    if (!battery.version().equals(row.batteryVersion())) {
      throw new RenormException(
          "result "
              + row.resultId()
              + " was scored with battery "
              + battery.id()
              + " "
              + row.batteryVersion()
              + " but this build has "
              + battery.version()
              + "; build the norms with the build that scored the window");
    }
    try {
      return battery.score(
          battery.expandAnswers(row.answers()), null, new Respondent(row.grade(), row.sex()));
    } catch (IllegalArgumentException | AnswerRejectedException e) {
      throw new RenormException(
          "the stored answers of result "
              + row.resultId()
              + " do not fit battery "
              + battery.id()
              + " "
              + battery.version()
              + " (wrong length, or an answer that is not an option)");
    }
  }

  /** The short label shown beside every T and percentile: the window the norm was built from. */
  static LocalizedText label(Window window) {
    return LocalizedText.of("本地常模（" + window.name() + "）", "Local norm (" + window.name() + ")");
  }

  private String citation(Window window, long total, long used, long invalid, int minimumN) {
    LocalDate built = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    return "Screening window "
        + window.id()
        + " '"
        + window.name()
        + "', "
        + LocalDate.ofInstant(window.opensAt(), ZoneOffset.UTC)
        + " to "
        + LocalDate.ofInstant(window.closesAt(), ZoneOffset.UTC)
        + ": "
        + used
        + " of "
        + total
        + " results ("
        + invalid
        + " invalid ones left out); cells of n ≥ "
        + minimumN
        + "; built "
        + built
        + ".";
  }

  private static String note(int minimumN) {
    return "Built from this district's own results: per grade band × sex, n is the number of valid"
        + " results counted, mean and SD (sample) are of the raw score, and the percentiles are"
        + " empirical mid-ranks of the raw score (shown as they are, not approximated by the normal"
        + " curve). Crisis screens (ASQ, the self-harm proxy item)"
        + " are not normed. A cell with fewer than "
        + minimumN
        + " results, or with all scores equal, is refused; its scales are scored by cut-off"
        + " there.";
  }
}
