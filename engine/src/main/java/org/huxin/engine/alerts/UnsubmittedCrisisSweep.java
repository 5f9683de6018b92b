package org.huxin.engine.alerts;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises an "unsubmitted crisis answer" alert for every crisis answer saved in a draft that no
 * submit followed by its due time ({@link CrisisDraftStore#sweepDue}, by the injected clock), and
 * nudges the relay so the alert goes out at once. Runs on every node; the sweep's {@code SKIP
 * LOCKED} keeps nodes off each other's rows, and a unique index makes the alert once per student,
 * window and form whatever happens.
 */
public final class UnsubmittedCrisisSweep implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(UnsubmittedCrisisSweep.class);

  private final CrisisDraftStore drafts;
  private final Runnable alerted;
  private final PollConfig config;
  private final Clock clock;
  private final BlockingLoop loop;

  private UnsubmittedCrisisSweep(
      CrisisDraftStore drafts, Runnable alerted, PollConfig config, Clock clock) {
    this.drafts = Objects.requireNonNull(drafts, "drafts");
    this.alerted = Objects.requireNonNull(alerted, "alerted");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.loop = new BlockingLoop("huxin-unsubmitted-crisis", config, this::sweepOnce, LOG);
  }

  /**
   * Starts the sweep on its own daemon thread; {@code alerted} runs after a pass that raised an
   * alert (the gateway nudges its relay).
   */
  public static UnsubmittedCrisisSweep start(
      CrisisDraftStore drafts, Runnable alerted, PollConfig config, Clock clock) {
    UnsubmittedCrisisSweep sweep = new UnsubmittedCrisisSweep(drafts, alerted, config, clock);
    sweep.loop.start();
    return sweep;
  }

  /** Sweeps now rather than at the end of the interval; never blocks. */
  public void nudge() {
    loop.nudge();
  }

  public PollStats stats() {
    return loop.stats();
  }

  @Override
  public void close() {
    loop.close();
  }

  /** One pass at the clock's current instant. */
  OutboxLoop.PassResult sweepOnce() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    CrisisDraftStore.Sweep sweep = drafts.sweepDue(now, config.batchSize());
    if (sweep.alerted() > 0) {
      LOG.info(
          "unsubmitted crisis answers: {} alert(s) raised, {} draft(s) settled",
          sweep.alerted(),
          sweep.settled());
      alerted.run();
    }
    return new OutboxLoop.PassResult(sweep.settled(), sweep.settled(), 0);
  }
}
