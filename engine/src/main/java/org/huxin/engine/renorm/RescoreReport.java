package org.huxin.engine.renorm;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.huxin.engine.scoring.Tier;

/**
 * What a re-scoring run did, for people: the finished run (tier counts before and after, moves up
 * and down) and how fast this process went.
 *
 * @param run the finished run
 * @param rescoredNow results this process re-scored (fewer than the run's when it resumed)
 * @param resumed this process resumed an unfinished run
 * @param batches how long this process spent in the batches, which {@link #rowsPerSecond} counts
 * @param took how long this process took in all: resolving the norms, starting the run (and
 *     analyzing a window whose partitions were never analyzed), the batches, the final counts
 */
public record RescoreReport(
    RescoreRun run, long rescoredNow, boolean resumed, Duration batches, Duration took) {

  public RescoreReport {
    Objects.requireNonNull(run, "run");
    if (!run.finished()) {
      throw new IllegalArgumentException("re-scoring run " + run.id() + " has not finished");
    }
    Objects.requireNonNull(batches, "batches");
    Objects.requireNonNull(took, "took");
  }

  /** Results this process re-scored per second of its batches. */
  public double rowsPerSecond() {
    return rescoredNow / Math.max(1e-9, batches.toNanos() / 1e9);
  }

  /**
   * The tiers side by side: tier | before | after | change, a total line, and how many results
   * moved up or down.
   */
  public String table() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(Locale.ROOT, "%-9s %11s %11s %9s%n", "tier", "before", "after", "change"));
    for (Tier tier : Tier.values()) {
      long before = run.before().of(tier.level());
      long after = run.after().of(tier.level());
      out.append(
          String.format(
              Locale.ROOT,
              "%-9s %,11d %,11d %9s   %s%n",
              tier.label("en").replace(" attention", ""),
              before,
              after,
              signed(after - before),
              tier.label("zh-CN")));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "%-9s %,11d %,11d %9s%n",
            "total",
            run.before().total(),
            run.after().total(),
            signed(run.after().total() - run.before().total())));
    out.append(
        String.format(
            Locale.ROOT,
            "moved up %,d, moved down %,d, unchanged %,d; new crises %,d (a crisis is never"
                + " lowered)%n",
            run.movedUp(),
            run.movedDown(),
            run.rescored() - run.movedUp() - run.movedDown(),
            run.newCrises()));
    return out.toString();
  }

  private static String signed(long change) {
    return change == 0 ? "0" : String.format(Locale.ROOT, "%+,d", change);
  }
}
