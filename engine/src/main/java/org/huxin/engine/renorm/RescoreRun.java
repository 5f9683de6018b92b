package org.huxin.engine.renorm;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.huxin.engine.results.WindowResultQueries.TierCounts;

/**
 * One run of re-scoring a window under other norm sets, as the {@code rescoring} table keeps it.
 *
 * @param toNorms the norm sets asked for, {@code id@version} joined by {@code +}
 * @param targets battery id → the norm version its results get (a battery the sets do not norm gets
 *     {@code none})
 * @param fromNorms the norm versions the window's results had when the run started
 * @param total the window's results when the run started
 * @param before the window's results per tier when the run started
 * @param after the window's results per tier when the run finished, or null while it runs
 * @param rescored results re-scored so far (over every resumption)
 * @param movedUp results now in a higher tier than before this run, or null while it runs
 * @param movedDown results now in a lower tier than before this run, or null while it runs
 * @param newCrises results that became crisis, each with an alert written beside it
 */
public record RescoreRun(
    long id,
    long windowId,
    String toNorms,
    Map<String, String> targets,
    List<String> fromNorms,
    String ruleSetId,
    String startedBy,
    Instant startedAt,
    Instant finishedAt,
    long total,
    TierCounts before,
    TierCounts after,
    long rescored,
    Long movedUp,
    Long movedDown,
    long newCrises) {

  public RescoreRun {
    Objects.requireNonNull(toNorms, "toNorms");
    targets = Map.copyOf(targets);
    fromNorms = List.copyOf(fromNorms);
    Objects.requireNonNull(ruleSetId, "ruleSetId");
    Objects.requireNonNull(startedBy, "startedBy");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(before, "before");
    if ((finishedAt == null) != (after == null)) {
      throw new IllegalArgumentException("a finished run has tier counts after, and only it");
    }
  }

  public boolean finished() {
    return finishedAt != null;
  }
}
