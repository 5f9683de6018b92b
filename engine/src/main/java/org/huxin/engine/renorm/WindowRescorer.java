package org.huxin.engine.renorm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.huxin.engine.results.ResultJson;
import org.huxin.engine.scoring.AnswerRejectedException;
import org.huxin.engine.scoring.CompiledBattery;
import org.huxin.engine.scoring.FiredRule;
import org.huxin.engine.scoring.Respondent;
import org.huxin.engine.scoring.ScoredResult;
import org.huxin.engine.scoring.ScoringEngine;
import org.huxin.engine.scoring.Validity;
import org.huxin.engine.scoring.ValidityFlag;
import org.huxin.engine.windows.UnknownWindowException;
import org.huxin.engine.windows.Window;
import org.huxin.engine.windows.WindowStatus;
import org.huxin.engine.windows.WindowStore;
import org.huxin.scales.NormSet;
import org.huxin.scales.ScaleLibrary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-scores every result of a closed window under other norm sets.
 *
 * <h2>Implementation notes</h2>
 *
 * <p>The window is scored with its own tier rule set and the named norm sets; everything but T,
 * percentiles and the tier rules that read T is recomputed exactly as at submit time from the
 * stored compact answers. Item times are not stored, so the speed check cannot run again: a
 * result's stored {@code speed} flags are carried into its new scores, and its new validity is the
 * worse of the recomputed one and the stored one.
 *
 * <p>Each batch of {@link #DEFAULT_BATCH} results is one transaction in {@link RescoreStore}: the
 * old verdict goes to {@code result_history} (with the norm version that gave it, so it can be
 * reproduced), the row is updated in place, and a result that newly became a crisis gets its {@code
 * alert_outbox} row. Crisis rules read answers and never norms, so a crisis result that re-scores
 * lower means the stored row or the rules changed: the batch is rolled back and the run stops with
 * {@link CrisisLoweredException}. A run that stops for any reason is resumed by running it again;
 * results already at their target norm version are not touched twice. The run's tier counts before
 * and after always cover the same results, since the window stays closed meanwhile.
 */
public final class WindowRescorer {

  /** Results per batch (and per transaction) unless told otherwise. */
  public static final int DEFAULT_BATCH = 5_000;

  private static final Logger LOG = LoggerFactory.getLogger(WindowRescorer.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ScaleLibrary library;
  private final WindowStore windows;
  private final RescoreStore runs;
  private final NormSets normSets;
  private final int batchSize;

  public WindowRescorer(
      ScaleLibrary library, DataSource dataSource, NormSets normSets, int batchSize) {
    this.library = Objects.requireNonNull(library, "library");
    this.windows = new WindowStore(dataSource);
    this.runs = new RescoreStore(dataSource);
    this.normSets = Objects.requireNonNull(normSets, "normSets");
    if (batchSize < 1 || batchSize > 50_000) {
      throw new IllegalArgumentException("batch size must be 1..50000, got " + batchSize);
    }
    this.batchSize = batchSize;
  }

  /**
   * Re-scores window {@code windowId} under the norm sets {@code normLabel} names ({@code
   * id@version}, several joined by {@code +}), or resumes its unfinished run to them.
   *
   * @param startedBy who runs it, recorded on the run
   * @param listener told after every batch; throwing stops the run there
   * @throws UnknownWindowException if there is no such window
   * @throws WindowNotFinishedException if the window is not closed or archived
   * @throws CrisisLoweredException if a crisis result would re-score lower; see the class notes
   * @throws RenormException if a norm set is unknown or norms nothing the window asked, or a stored
   *     result does not fit this build's battery
   */
  public RescoreReport rescore(
      long windowId, String normLabel, String startedBy, RescoreListener listener) {
    Objects.requireNonNull(listener, "listener");
    long start = System.nanoTime();
    Window window = windows.find(windowId).orElseThrow(() -> new UnknownWindowException(windowId));
    requireFinished(window);
    List<NormSet> sets = normSets.resolve(normLabel);
    ScoringEngine engine = engine(window, sets);
    Map<String, String> targets = new LinkedHashMap<>();
    for (String batteryId : engine.batteryIds()) {
      targets.put(batteryId, engine.battery(batteryId).normVersion());
    }
    requireUsed(window, engine, sets);
    normSets.keep(sets);

    try (RescoreStore.Lease lease = runs.lock(windowId)) {
      RescoreRun run =
          runs.startOrResume(lease.windowId(), normLabel, targets, window.ruleSetId(), startedBy);
      boolean resumed = run.rescored() > 0;
      keepOldNorms(run);
      long earlier = run.rescored();
      long total = earlier + runs.remaining(run);
      Scorer scorer = new Scorer(engine, windowId, normLabel);
      RescoreStore.Key after = RescoreStore.Key.START;
      long now = 0;
      long batchesStart = System.nanoTime();
      while (true) {
        if (Thread.currentThread().isInterrupted()) {
          throw new RenormException(
              "re-scoring of window "
                  + windowId
                  + " was interrupted after "
                  + (earlier + now)
                  + " results; run it again to resume");
        }
        RescoreStore.Batch batch = runs.rescoreBatch(run, after, batchSize, scorer::score);
        if (batch.rows() == 0) {
          break;
        }
        now += batch.rows();
        after = batch.last();
        long end = System.nanoTime();
        listener.onBatch(
            new RescoreProgress(
                earlier + now,
                Math.max(total, earlier + now),
                now / Math.max(1e-9, (end - batchesStart) / 1e9),
                Duration.ofNanos(end - start)));
      }
      Duration batches = Duration.ofNanos(System.nanoTime() - batchesStart);
      RescoreRun finished = runs.finish(run);
      RescoreReport report =
          new RescoreReport(
              finished, now, resumed, batches, Duration.ofNanos(System.nanoTime() - start));
      LOG.info(
          "window {} re-scored to {} (run {}): {} results in {} ms, {} moved up, {} down",
          windowId,
          normLabel,
          finished.id(),
          now,
          report.took().toMillis(),
          finished.movedUp(),
          finished.movedDown());
      return report;
    }
  }

  /** Scores one batch of locked results; see the class notes. */
  private final class Scorer {
    private final ScoringEngine engine;
    private final long windowId;
    private final String normLabel;
    private final Map<String, CompiledBattery> batteries = new HashMap<>();

    Scorer(ScoringEngine engine, long windowId, String normLabel) {
      this.engine = engine;
      this.windowId = windowId;
      this.normLabel = normLabel;
    }

    List<RescoreUpdate> score(List<RescoreCandidate> candidates) {
      List<RescoreUpdate> out = new ArrayList<>(candidates.size());
      for (RescoreCandidate c : candidates) {
        CompiledBattery battery = batteries.computeIfAbsent(c.batteryId(), this::battery);
        ScoredResult r = withStoredSpeedFlags(scoreOne(c), c);
        if (c.crisis() && !r.crisis()) {
          throw new CrisisLoweredException(c.resultId(), windowId, normLabel, r.tier().level());
        }
        List<FiredRule> fired = r.firedRules();
        String[] rules = new String[fired.size()];
        for (int i = 0; i < rules.length; i++) {
          rules[i] = fired.get(i).ruleId();
        }
        out.add(
            new RescoreUpdate(
                c.studentId(),
                c.form(),
                r.normVersion(),
                ResultJson.scores(r),
                r.tier().level(),
                r.crisis(),
                r.crisisLevelCode(),
                battery.escalateAfterSeconds(r),
                Math.max(r.validity().code(), c.validity()),
                rules));
      }
      return out;
    }

    private ScoredResult scoreOne(RescoreCandidate c) {
      CompiledBattery battery = batteries.computeIfAbsent(c.batteryId(), this::battery);
      if (!battery.version().equals(c.batteryVersion())) {
        throw new RenormException(
            "result "
                + c.resultId()
                + " was scored with battery "
                + battery.id()
                + " "
                + c.batteryVersion()
                + " but this build has "
                + battery.version()
                + "; re-scoring would change more than the norms, so re-score with the build"
                + " that scored the window");
      }
      try {
        int[] answers = battery.expandAnswers(c.answers());
        Respondent respondent = new Respondent(c.grade(), c.sex());
        try {
          return battery.score(answers, null, respondent);
        } catch (AnswerRejectedException rejected) {
          // A sheet stored incomplete because its crisis answers could not wait is re-scored the
          // way it was stored; any other rejection means the stored row does not fit the battery.
          return battery
              .salvage(answers, null, respondent, rejected.getMessage())
              .orElseThrow(() -> rejected);
        }
      } catch (IllegalArgumentException | AnswerRejectedException e) {
        throw new RenormException(
            "the stored answers of result "
                + c.resultId()
                + " do not fit battery "
                + battery.id()
                + " "
                + battery.version()
                + " (wrong length, or an answer that is not an option)");
      }
    }

    private CompiledBattery battery(String batteryId) {
      if (!engine.hasBattery(batteryId)) {
        throw new RenormException(
            "window "
                + windowId
                + " has results of battery '"
                + batteryId
                + "', which this build does not have");
      }
      return engine.battery(batteryId);
    }
  }

  /** {@code r} with the stored result's speed flags added, since item times are not stored. */
  static ScoredResult withStoredSpeedFlags(ScoredResult r, RescoreCandidate stored) {
    List<ValidityFlag> speed = speedFlags(stored);
    if (speed.isEmpty()) {
      return r;
    }
    List<ValidityFlag> flags = new ArrayList<>(r.validityFlags());
    flags.addAll(speed);
    Validity worst = r.validity();
    for (ValidityFlag flag : speed) {
      if (flag.level().code() > worst.code()) {
        worst = flag.level();
      }
    }
    return new ScoredResult(
        r.tier(),
        r.crisis(),
        r.crisisLevel(),
        worst,
        r.scales(),
        r.subscales(),
        r.firedRules(),
        flags,
        r.normVersion(),
        r.batteryVersion(),
        r.ruleSetVersion());
  }

  private static List<ValidityFlag> speedFlags(RescoreCandidate stored) {
    String json = stored.speedFlagsJson();
    if (json.equals("[]")) {
      return List.of();
    }
    try {
      List<ValidityFlag> out = new ArrayList<>();
      for (JsonNode flag : MAPPER.readTree(json)) {
        out.add(
            new ValidityFlag(
                flag.path("check").asText(),
                Validity.valueOf(flag.path("level").asText().toUpperCase(Locale.ROOT)),
                flag.path("zh").asText(),
                flag.path("en").asText()));
      }
      return out;
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new RenormException(
          "the stored speed flag of result " + stored.resultId() + " cannot be read", e);
    }
  }

  private static void requireFinished(Window window) {
    if (window.status() != WindowStatus.CLOSED && window.status() != WindowStatus.ARCHIVED) {
      throw new WindowNotFinishedException(window.id(), window.status(), "re-scoring");
    }
  }

  private ScoringEngine engine(Window window, List<NormSet> sets) {
    try {
      return ScoringEngine.compile(library, window.ruleSetId(), sets);
    } catch (IllegalArgumentException e) {
      throw new RenormException(
          "window "
              + window.id()
              + " cannot be re-scored under "
              + String.join("+", sets.stream().map(NormSet::label).toList())
              + " with its rule set "
              + window.ruleSetId()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** Every named set must norm something a battery of the window asks. */
  private static void requireUsed(Window window, ScoringEngine engine, List<NormSet> sets) {
    for (NormSet set : sets) {
      boolean used = false;
      for (String batteryId : window.batteryByBand().values()) {
        used |= engine.hasBattery(batteryId) && engine.battery(batteryId).normSets().contains(set);
      }
      if (!used) {
        throw new RenormException(
            "norm set "
                + set.label()
                + " norms no scale of the batteries of window "
                + window.id()
                + " ("
                + String.join(", ", window.batteryByBand().values())
                + ")");
      }
    }
  }

  /** Copies the shipped sets the window's results name into the store, so they stay readable. */
  private void keepOldNorms(RescoreRun run) {
    for (String label : run.fromNorms()) {
      try {
        normSets.keep(normSets.resolve(label));
      } catch (RenormException e) {
        LOG.warn(
            "window {}: results scored under {} cannot be reproduced by this build: {}",
            run.windowId(),
            label,
            e.getMessage());
      }
    }
  }
}
