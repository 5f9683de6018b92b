package org.huxin.engine.alerts;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
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
 * published at least once and, in the normal path, by one node, on the same timer-driven loop on
 * the reactive client (no LISTEN: deadlines come from the clock, so it polls). Acknowledged alerts
 * are never escalated. The escalated alert stays pending until someone acknowledges it.
 */
public final class AlertEscalator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AlertEscalator.class);

  private final Vertx vertx;
  private final AlertOutboxStore outbox;
  private final AlertSink sink;
  private final PollConfig config;
  private final Clock clock;
  private final Runnable afterMark;
  private final OutboxLoop loop;

  AlertEscalator(
      Vertx vertx,
      Pool pool,
      AlertOutboxStore outbox,
      AlertSink sink,
      PollConfig config,
      Clock clock) {
    this(vertx, pool, outbox, sink, config, clock, () -> {});
  }

  AlertEscalator(
      Vertx vertx,
      Pool pool,
      AlertOutboxStore outbox,
      AlertSink sink,
      PollConfig config,
      Clock clock,
      Runnable afterMark) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.afterMark = Objects.requireNonNull(afterMark, "afterMark");
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(pool, "pool");
    this.loop = new OutboxLoop("alert escalator", vertx, pool, config, this::escalateOnce, LOG);
  }

  /**
   * Starts an escalator on {@code vertx}'s timers with passes on {@code pool}; its first pass runs
   * at once.
   */
  public static AlertEscalator start(
      Vertx vertx,
      Pool pool,
      AlertOutboxStore outbox,
      AlertSink sink,
      PollConfig config,
      Clock clock) {
    AlertEscalator escalator = new AlertEscalator(vertx, pool, outbox, sink, config, clock);
    escalator.loop.start();
    return escalator;
  }

  /**
   * As {@link #start(Vertx, Pool, AlertOutboxStore, AlertSink, PollConfig, Clock)}, running {@code
   * afterMark} on a Vert.x thread after each pass that owed the district's phone messages (it
   * escalated alerts of a district with a channel) has committed. It must not block or throw.
   */
  public static AlertEscalator start(
      Vertx vertx,
      Pool pool,
      AlertOutboxStore outbox,
      AlertSink sink,
      PollConfig config,
      Clock clock,
      Runnable afterMark) {
    AlertEscalator escalator =
        new AlertEscalator(vertx, pool, outbox, sink, config, clock, afterMark);
    escalator.loop.start();
    return escalator;
  }

  /**
   * Completes when the first pass has ended, either way (never failing): the gateway takes requests
   * only then.
   */
  public Future<Void> ready() {
    return loop.firstPass();
  }

  /** Checks now rather than at the end of the interval; never blocks. */
  public void nudge() {
    loop.nudge();
  }

  public PollStats stats() {
    return loop.stats();
  }

  /**
   * Stops the escalator; escalations of an unfinished pass are published again later. Completes
   * once the pass in flight, if any, was rolled back.
   */
  public Future<Void> closeAsync() {
    return loop.closeAsync();
  }

  /**
   * As {@link #closeAsync()}, waiting (up to the claim's hold limit) for the pass in flight to be
   * rolled back, unless called on a Vert.x thread.
   */
  @Override
  public void close() {
    loop.close();
  }

  /** One pass outside the loop, on a connection of its own (tests step the escalator with it). */
  Future<OutboxLoop.PassResult> escalateOnce() {
    return loop.runOnce();
  }

  /** One pass at the clock's current instant: claim what is due, publish, mark, commit. */
  private Future<OutboxLoop.PassResult> escalateOnce(SqlConnection connection) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    BatchPublisher batch =
        new BatchPublisher(
            vertx,
            "alert escalator",
            sink,
            config.publishTimeout(),
            alert -> AlertEvent.escalation(alert, now),
            AlertRelay.BeforeMark.NONE,
            LOG);
    return OutboxLoop.inTransaction(
            connection,
            tx ->
                outbox.relayDueEscalations(tx, now, config.batchSize(), config.holdLimit(), batch))
        .map(
            marked -> {
              if (marked.alerts() > 0) {
                LOG.info("alert escalator: escalated unacknowledged alerts {}", batch.confirmed());
              }
              if (marked.notifications() > 0) {
                afterMark.run();
              }
              return batch.result(marked.alerts());
            });
  }
}
