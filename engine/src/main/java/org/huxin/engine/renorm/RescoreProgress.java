package org.huxin.engine.renorm;

import java.time.Duration;
import java.util.Objects;

/**
 * How far a re-scoring run is, after a batch.
 *
 * @param done results of the run re-scored so far, earlier resumptions included
 * @param total results the run re-scores in all
 * @param rowsPerSecond results re-scored per second by this process since its first batch began
 * @param elapsed since this process started or resumed the run
 */
public record RescoreProgress(long done, long total, double rowsPerSecond, Duration elapsed) {

  public RescoreProgress {
    if (done < 0 || total < 0) {
      throw new IllegalArgumentException("done " + done + " and total " + total + " must be ≥ 0");
    }
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /** Done as a share of the total, 0–1 (1 when there is nothing to do). */
  public double fraction() {
    return total == 0 ? 1 : (double) done / total;
  }
}
