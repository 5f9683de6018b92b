package org.huxin.engine.renorm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.huxin.engine.scoring.AnswerRejectedException;
import org.huxin.engine.scoring.CompiledBattery;
import org.huxin.engine.scoring.FiredRule;
import org.huxin.engine.scoring.Respondent;
import org.huxin.engine.scoring.ScoredResult;
import org.huxin.engine.scoring.ScoringEngine;
import org.huxin.engine.store.StoreException;
import org.huxin.scales.ScaleLibrary;

/**
 * Proves that the verdicts a re-scoring run replaced are still reproducible: each result's stored
 * answers, re-scored under the norm version its history row names and the run's rule set, give the
 * history row's tier, crisis flag and fired rules again.
 */
public final class HistoryCheck {

  /** Mismatches described in {@link Outcome#mismatches()} at most. */
  static final int MISMATCHES_SHOWN = 10;

  /**
   * What a check found.
   *
   * @param checked replaced verdicts read
   * @param reproduced of them, re-scored to the same tier, crisis flag and fired rules
   * @param mismatches the first few that did not, by result id
   */
  public record Outcome(long checked, long reproduced, List<String> mismatches) {
    public Outcome {
      mismatches = List.copyOf(mismatches);
    }

    public boolean allReproduced() {
      return checked == reproduced;
    }
  }

  private final ScaleLibrary library;
  private final RescoreStore runs;
  private final NormSets normSets;

  public HistoryCheck(ScaleLibrary library, DataSource dataSource, NormSets normSets) {
    this.library = Objects.requireNonNull(library, "library");
    this.runs = new RescoreStore(dataSource);
    this.normSets = Objects.requireNonNull(normSets, "normSets");
  }

  /**
   * Re-scores every verdict run {@code runId} replaced under its old norm version.
   *
   * @throws StoreException if there is no such run
   * @throws RenormException if an old norm version is neither saved nor shipped
   */
  public Outcome check(long runId) {
    RescoreRun run =
        runs.find(runId)
            .orElseThrow(() -> new StoreException("re-scoring run " + runId + " does not exist"));
    Map<String, ScoringEngine> engines = new HashMap<>();
    List<String> mismatches = new ArrayList<>();
    long[] reproduced = {0};
    long checked =
        runs.forEachReplaced(
            runId,
            old -> {
              ScoringEngine engine =
                  engines.computeIfAbsent(
                      old.oldNormVersion(),
                      label ->
                          ScoringEngine.compile(library, run.ruleSetId(), normSets.resolve(label)));
              CompiledBattery battery = engine.battery(old.batteryId());
              ScoredResult again;
              try {
                again =
                    battery.score(
                        battery.expandAnswers(old.answers()),
                        null,
                        new Respondent(old.grade(), old.sex()));
              } catch (AnswerRejectedException | IllegalArgumentException e) {
                mismatch(mismatches, old.resultId() + ": stored answers no longer score");
                return;
              }
              List<String> rules = again.firedRules().stream().map(FiredRule::ruleId).toList();
              if (again.tier().level() == old.oldTier()
                  && again.crisis() == old.oldCrisis()
                  && rules.equals(old.oldFiredRules())
                  && again.normVersion().equals(old.oldNormVersion())) {
                reproduced[0]++;
              } else {
                mismatch(
                    mismatches,
                    old.resultId()
                        + ": history says tier "
                        + old.oldTier()
                        + " "
                        + old.oldFiredRules()
                        + " under "
                        + old.oldNormVersion()
                        + ", re-scoring gives tier "
                        + again.tier().level()
                        + " "
                        + rules
                        + " under "
                        + again.normVersion());
              }
            });
    return new Outcome(checked, reproduced[0], mismatches);
  }

  private static void mismatch(List<String> mismatches, String what) {
    if (mismatches.size() < MISMATCHES_SHOWN) {
      mismatches.add("result " + what);
    }
  }
}
