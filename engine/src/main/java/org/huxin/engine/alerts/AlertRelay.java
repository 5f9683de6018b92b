package org.huxin.engine.alerts;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.pubsub.PgChannel;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands every crisis alert in the outbox to an {@link AlertSink} at least once: the consoles' event
 * bus, and the phone messages of its school (or, lacking one, its district).
 *
 * <h2>Implementation notes</h2>
 *
 * <p>The golden rule is that a crisis signal is never lost, hidden or delayed by an optimisation.
 * The result writer puts the alert in {@code alert_outbox} in the same transaction as the result
 * (the transactional outbox pattern), so once a submit is acknowledged its alert is durable; this
 * relay's job is to get it from the table to the consoles' event bus at once. Being on the bus is
 * not being seen: a node can die between the publish and the other nodes' receipt. "Delivered"
 * therefore means a console confirmed it ({@code seen_at}) or a phone message went out; consoles
 * re-read the pending list on every (re)connect and at least every 30 s, so an alert relayed by a
 * node that then died still reaches every console in scope.
 *
 * <ol>
 *   <li><b>At least once.</b> Each pass runs in one transaction: claim the oldest undelivered
 *       alerts, publish them all to the sink, wait up to {@code publishTimeout} for the sink's
 *       stages, mark delivered only those whose stage completed normally, commit.
 *   <li><b>Why mark after publish.</b> Marking first would lose the alert whenever the publish then
 *       fails or the node dies in between; publishing first can at worst publish twice (the sink
 *       confirmed but the mark or commit did not happen: crash, lost connection, {@link #close()}
 *       mid-pass). A duplicate is harmless because the consumer drops it by alert id ({@link
 *       AlertDeduplicator}); a lost alert is not. An alert the sink refuses, or does not confirm in
 *       time, stays undelivered and is retried with a backoff that doubles from the poll interval
 *       up to {@code maxBackoff}; nothing is ever given up on.
 *   <li><b>Several gateway nodes.</b> The claim is {@code SELECT ... FOR UPDATE SKIP LOCKED}, so
 *       relays on different nodes lock disjoint alerts and, in the normal path, no alert is
 *       published by two of them; a row marked by another relay after this one's snapshot is
 *       re-checked by PostgreSQL and skipped. The locks live as long as the transaction: if a node
 *       dies they go with its connection, and if it hangs the transaction's {@code
 *       idle_in_transaction_session_timeout} (twice the publish timeout plus a second) ends the
 *       session, so another node takes the alerts over. No lease column is needed.
 *   <li><b>Outages.</b> If the database cannot be reached, the pass fails, is logged (message and
 *       SQLSTATE, ids and counts only) and retried with the same backoff; the loop keeps going
 *       until {@link #close()}, and the LISTEN connection reconnects every second by itself. Alerts
 *       wait in the outbox meanwhile, and consoles still see them through {@link
 *       AlertOutboxStore#pending}.
 *   <li><b>Latency.</b> Every insert into the outbox notifies channel {@value #CHANNEL} when its
 *       transaction commits (a trigger, V17; nothing on rollback), and the relay LISTENs on it (the
 *       {@link PgSubscriber} it is given) and runs a pass at once: a crisis reaches the bus within
 *       milliseconds of the writer's COMMIT, on every node, whichever node stored it. {@link
 *       #nudge()} does the same in process (the gateway calls it after a submit with a new crisis
 *       committed, which also covers a node whose LISTEN connection is away). Nudges and
 *       notifications coalesce: one pass runs at a time, and any number of wake-ups during it make
 *       one more pass right after it. Both name the crisis result (the notification's payload,
 *       V19), so the second wake-up of one crisis costs no pass when a pass of this relay has
 *       handed its alert on ({@link #nudge(long)}); nothing else is ever skipped.
 *   <li><b>The safety net.</b> A notification is lost when no LISTEN connection is up to receive it
 *       (the database restarted, the network dropped); its alert is not. The relay still claims
 *       every {@code pollInterval} (500 ms by default: a probe of a partial index) and at once
 *       after a full batch, and it runs a pass whenever its LISTEN connection is (re)established,
 *       for what was notified while it was away.
 *   <li><b>No thread of its own.</b> Passes run on the reactive client ({@link OutboxLoop}: Vert.x
 *       timers, one pass at a time, each on a connection of its own from the pool); the sink is
 *       called on a Vert.x thread and must not block.
 * </ol>
 *
 * <p>{@link #close()} is abrupt on purpose: a pass in flight is rolled back (its connection is
 * closed), and its alerts are published again by the next relay to run.
 */
public final class AlertRelay implements AutoCloseable {

  /** The channel the outbox's trigger notifies (V17__alert_notify.sql). */
  public static final String CHANNEL = "huxin_alert";

  private static final Logger LOG = LoggerFactory.getLogger(AlertRelay.class);

  /**
   * A seam for tests: called after the sink confirmed {@code alertIds} and before they are marked;
   * the mark waits for the returned future. Holding it back and then closing the relay simulates a
   * node that dies between publish and mark.
   */
  @FunctionalInterface
  interface BeforeMark {
    BeforeMark NONE = alertIds -> Future.succeededFuture();

    Future<Void> confirmed(Set<Long> alertIds);
  }

  private final Vertx vertx;
  private final PgSubscriber subscriber;
  private final AlertOutboxStore outbox;
  private final AlertSink sink;
  private final PollConfig config;
  private final String node;
  private final BeforeMark beforeMark;
  private final Runnable afterMark;
  private final OutboxLoop loop;
  private final AtomicLong subscriptions = new AtomicLong();
  private final Promise<Void> firstListen = Promise.promise();
  private boolean closed; // guarded by this

  private AlertRelay(
      Vertx vertx,
      Pool pool,
      PgSubscriber subscriber,
      AlertOutboxStore outbox,
      AlertSink sink,
      PollConfig config,
      String node,
      BeforeMark beforeMark,
      Runnable afterMark) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.subscriber = Objects.requireNonNull(subscriber, "subscriber");
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.config = Objects.requireNonNull(config, "config");
    this.node = Objects.requireNonNull(node, "node");
    this.beforeMark = Objects.requireNonNull(beforeMark, "beforeMark");
    this.afterMark = Objects.requireNonNull(afterMark, "afterMark");
    Objects.requireNonNull(pool, "pool");
    this.loop = new OutboxLoop("alert relay", vertx, pool, config, this::deliverOnce, LOG);
  }

  /**
   * Starts a relay on {@code vertx}'s timers with its passes on {@code pool}; its first pass runs
   * at once. It takes {@code subscriber} over (a fresh one, not yet connected: {@code
   * Store.subscriber}): LISTENs on {@value #CHANNEL}, connects it (retrying every second until it
   * is up; from then on the subscriber reconnects by itself) and closes it on {@link #close()}.
   * {@code node} names this node in {@code alert_outbox.relayed_by}.
   */
  public static AlertRelay start(
      Vertx vertx,
      Pool pool,
      PgSubscriber subscriber,
      AlertOutboxStore outbox,
      AlertSink sink,
      PollConfig config,
      String node) {
    return start(vertx, pool, subscriber, outbox, sink, config, node, () -> {});
  }

  /**
   * As {@link #start(Vertx, Pool, PgSubscriber, AlertOutboxStore, AlertSink, PollConfig, String)},
   * running {@code afterMark} on a Vert.x thread after each pass that owed phone messages (it
   * marked alerts whose school or district has a channel) has committed: the gateway nudges its
   * {@link AlertNotifier} there. A pass that owed none does not run it: there is nothing new to
   * send. It must not block or throw.
   */
  public static AlertRelay start(
      Vertx vertx,
      Pool pool,
      PgSubscriber subscriber,
      AlertOutboxStore outbox,
      AlertSink sink,
      PollConfig config,
      String node,
      Runnable afterMark) {
    AlertRelay relay =
        new AlertRelay(
            vertx, pool, subscriber, outbox, sink, config, node, BeforeMark.NONE, afterMark);
    relay.begin();
    return relay;
  }

  static AlertRelay start(
      Vertx vertx,
      Pool pool,
      PgSubscriber subscriber,
      AlertOutboxStore outbox,
      AlertSink sink,
      PollConfig config,
      String node,
      BeforeMark beforeMark) {
    AlertRelay relay =
        new AlertRelay(vertx, pool, subscriber, outbox, sink, config, node, beforeMark, () -> {});
    relay.begin();
    return relay;
  }

  /**
   * Polls now rather than at the end of the interval; cheap, never blocks, safe from any thread.
   */
  public void nudge() {
    loop.nudge();
  }

  /**
   * As {@link #nudge()}, for the alert of crisis result {@code resultId}, just committed: skipped
   * when a pass of this relay has already handed that alert on (the {@code NOTIFY} of its commit
   * usually wakes the relay first). Cheap, never blocks, safe from any thread.
   */
  public void nudge(long resultId) {
    loop.nudge(resultId);
  }

  public PollStats stats() {
    return loop.stats();
  }

  /**
   * Completes when the relay's first pass has ended and its first attempt to LISTEN did (either
   * way, never failing): the gateway takes requests only then, so that warming up the reactive
   * client does not stall the event loops that serve them.
   */
  public Future<Void> ready() {
    return loop.firstPass().compose(v -> firstListen.future());
  }

  /** How many times LISTEN took effect: 1 once connected, one more after each reconnect. */
  long subscriptions() {
    return subscriptions.get();
  }

  /**
   * Stops the relay and its LISTEN connection; alerts of an unfinished pass stay undelivered and
   * are published again. Completes once the pass in flight, if any, was rolled back.
   */
  public Future<Void> closeAsync() {
    Future<Void> unlistened =
        unlisten()
            .recover(
                e -> {
                  LOG.warn("alert relay: closing the LISTEN connection failed: {}", e.toString());
                  return Future.succeededFuture();
                });
    Future<Void> stopped = loop.closeAsync();
    return unlistened.compose(v -> stopped);
  }

  /**
   * As {@link #closeAsync()}, waiting (up to the claim's hold limit) for the pass in flight to be
   * rolled back, unless called on a Vert.x thread.
   */
  @Override
  public void close() {
    unlisten();
    loop.close();
  }

  private synchronized Future<Void> unlisten() {
    closed = true;
    firstListen.tryComplete();
    return subscriber.close();
  }

  private void begin() {
    PgChannel channel = subscriber.channel(CHANNEL);
    channel.subscribeHandler(v -> listening());
    channel.handler(this::notified);
    loop.start();
    connect();
  }

  private synchronized void connect() {
    if (closed) {
      return;
    }
    subscriber
        .connect()
        .onFailure(
            e -> {
              firstListen.tryComplete();
              if (closed) {
                return;
              }
              LOG.warn(
                  "alert relay: cannot LISTEN on {} ({}); retrying in 1 s, the periodic claim"
                      + " goes on",
                  CHANNEL,
                  e.toString());
              vertx.setTimer(1_000, t -> connect());
            });
  }

  /** A notification: its payload is the crisis result's id, or empty for an alert of a draft. */
  private void notified(String payload) {
    long resultId = 0;
    if (payload != null && !payload.isEmpty()) {
      try {
        resultId = Long.parseLong(payload);
      } catch (NumberFormatException e) {
        resultId = 0; // not ours to judge: wake up all the same
      }
    }
    if (resultId > 0) {
      loop.nudge(resultId);
    } else {
      loop.nudge();
    }
  }

  /** LISTEN took effect: at start, or after a reconnect that may have missed notifications. */
  private void listening() {
    firstListen.tryComplete();
    if (subscriptions.incrementAndGet() > 1) {
      LOG.info("alert relay: listening on {} again; claiming what it may have missed", CHANNEL);
    }
    loop.nudge();
  }

  /** One pass: claim, publish, mark, commit. */
  Future<OutboxLoop.PassResult> deliverOnce(SqlConnection connection) {
    BatchPublisher batch =
        new BatchPublisher(
            vertx,
            "alert relay",
            sink,
            config.publishTimeout(),
            AlertEvent::delivery,
            beforeMark,
            LOG);
    return OutboxLoop.inTransaction(
            connection,
            tx -> outbox.relayUnrelayed(tx, config.batchSize(), config.holdLimit(), node, batch))
        .map(
            marked -> {
              if (marked.alerts() > 0) {
                LOG.info("alert relay: relayed alerts {}", batch.confirmed());
              }
              if (marked.notifications() > 0) {
                afterMark.run();
              }
              return batch.relayed(marked.alerts());
            });
  }
}
