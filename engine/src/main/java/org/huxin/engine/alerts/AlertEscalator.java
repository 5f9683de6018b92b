package org.huxin.engine.alerts;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Escalates to the district every alert whose deadline has passed (by the injected clock) and that
 * no staff member has acknowledged: publishes an {@link AlertEvent.Kind#ESCALATION} and sets {@code
 * escalated_at} once. The deadline ({@code escalate_due_at}) was fixed when the alert was created:
 * the answer's time plus its crisis level's escalation time under the window's rule set (重大 10 min,
 * 严重 30 min, 一般 2 h by default). The same discipline as {@link AlertRelay}: claim with {@code SKIP
 * LOCKED}, publish, mark only what the sink confirmed, all in one transaction, so an escalation is
 * published at least once and, in the normal path, by one node. Acknowledged alerts are never
 * escalated. The escalated alert stays pending until someone acknowledges it.
 */
public final class AlertEscalator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AlertEscalator.class);

  private final AlertOutboxStore outbox;
  private final AlertSink sink;
  private final PollConfig config;
  private final Clock clock;
  private final Runnable afterMark;
  private final OutboxLoop loop;

  AlertEscalator(AlertOutboxStore outbox, AlertSink sink, PollConfig config, Clock clock) {
    this(outbox, sink, config, clock, () -> {});
  }

  AlertEscalator(
      AlertOutboxStore outbox, AlertSink sink, PollConfig config, Clock clock, Runnable afterMark) {
    this.afterMark = Objects.requireNonNull(afterMark, "afterMark");
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.loop = new OutboxLoop("huxin-alert-escalator", config, this::escalateOnce, LOG);
  }

  /** Starts an escalator on its own daemon thread; its first pass runs at once. */
  public static AlertEscalator start(
      AlertOutboxStore outbox, AlertSink sink, PollConfig config, Clock clock) {
    AlertEscalator escalator = new AlertEscalator(outbox, sink, config, clock);
    escalator.loop.start();
    return escalator;
  }

  /**
   * As {@link #start(AlertOutboxStore, AlertSink, PollConfig, Clock)}, running {@code afterMark} on
   * the escalator's thread after each pass that escalated alerts (and so owed the district's phone
   * messages). It must not block or throw.
   */
  public static AlertEscalator start(
      AlertOutboxStore outbox, AlertSink sink, PollConfig config, Clock clock, Runnable afterMark) {
    AlertEscalator escalator = new AlertEscalator(outbox, sink, config, clock, afterMark);
    escalator.loop.start();
    return escalator;
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
    int marked = outbox.relayDueEscalations(now, config.batchSize(), config.holdLimit(), batch);
    if (marked > 0) {
      LOG.info("alert escalator: escalated unacknowledged alerts {}", batch.confirmed());
      afterMark.run();
    }
    return batch.result(marked);
  }
}
