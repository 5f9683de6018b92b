package org.huxin.engine.alerts;

/**
 * Counts of a relay or escalator since it started.
 *
 * @param passes passes that reached the database and finished (with or without alerts)
 * @param published events the sink confirmed whose alerts were then marked in the outbox
 * @param publishFailures events the sink refused or did not confirm in time (published again)
 * @param failedPasses passes that failed on the database (unreachable, lost connection, failed
 *     commit); their alerts are published again
 */
public record PollStats(long passes, long published, long publishFailures, long failedPasses) {

  public PollStats {
    if (passes < 0 || published < 0 || publishFailures < 0 || failedPasses < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
  }
}
