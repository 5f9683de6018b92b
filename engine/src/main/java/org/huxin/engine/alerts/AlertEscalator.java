package org.huxin.engine.alerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.huxin.engine.store.AlertOutbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Escalates to the district every alert delivered at least {@code escalateAfter} ago (by the
 * injected clock) that no staff member has acknowledged: publishes an {@link
 * AlertEvent.Kind#ESCALATION} and sets {@code escalated_at} once. The same discipline as {@link
 * AlertRelay}: claim with {@code SKIP LOCKED}, publish, mark only what the sink confirmed, all in
 * one transaction, so an escalation is published at least once and, in the normal path, by one
 * node. Acknowledged alerts are never escalated; undelivered ones wait for the relay, since the
 * time to answer starts when the consoles could first see the alert.
 *
 * <p>{@code delivered_at} is the database's clock and the cut-off is this clock's; in production
 * both are the wall clock. The escalated alert stays pending until someone acknowledges it.
 */
public final class AlertEscalator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AlertEscalator.class);

  private final AlertOutbox outbox;
  private final AlertSink sink;
  private final Duration escalateAfter;
  private final PollConfig config;
  private final Clock clock;
  private final OutboxLoop loop;

  AlertEscalator(
      AlertOutbox outbox, AlertSink sink, Duration escalateAfter, PollConfig config, Clock clock) {
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.sink = Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(escalateAfter, "escalateAfter");
    if (escalateAfter.isNegative() || escalateAfter.isZero()) {
      throw new IllegalArgumentException("escalateAfter must be positive, got " + escalateAfter);
    }
    this.escalateAfter = escalateAfter;
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.loop = new OutboxLoop("huxin-alert-escalator", config, this::escalateOnce, LOG);
  }

  /** Starts an escalator on its own daemon thread; its first pass runs at once. */
  public static AlertEscalator start(
      AlertOutbox outbox, AlertSink sink, Duration escalateAfter, PollConfig config, Clock clock) {
    AlertEscalator escalator = new AlertEscalator(outbox, sink, escalateAfter, config, clock);
    escalator.loop.start();
    return escalator;
  }

  public Duration escalateAfter() {
    return escalateAfter;
  }

  /** Checks now rather than at the end of the interval; never blocks. */
  public void nudge() {
    loop.nudge();
  }

  public PollStats stats() {
    return loop.stats();
  }

  /** Stops the escalator; escalations of an unfinished pass are published again later. */
  @Override
  public void close() {
    loop.close();
  }

  /** One pass at the clock's current instant: claim what is due, publish, mark. */
  OutboxLoop.PassResult escalateOnce() throws InterruptedException {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    BatchPublisher batch =
        new BatchPublisher(
            "alert escalator",
            sink,
            config.publishTimeout(),
            alert -> AlertEvent.escalation(alert, now),
            AlertRelay.BeforeMark.NONE,
            LOG);
    int marked =
        outbox.relayDueEscalations(
            now.minus(escalateAfter), now, config.batchSize(), config.holdLimit(), batch);
    if (marked > 0) {
      LOG.info("alert escalator: escalated unacknowledged alerts {}", batch.confirmed());
    }
    return batch.result(marked);
  }
}
