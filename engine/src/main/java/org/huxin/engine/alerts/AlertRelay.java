package org.huxin.engine.alerts;

import java.util.Objects;
import java.util.Set;
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
 *       SQLSTATE, ids and counts only) and retried with the same backoff; the thread keeps going
 *       until {@link #close()}. Alerts wait in the outbox meanwhile, and consoles still see them
 *       through {@link AlertOutboxStore#pending}.
 *   <li><b>Latency.</b> The relay polls every {@code pollInterval} (500 ms by default: a probe of a
 *       partial index) and goes again at once after a full batch. {@link #nudge()} starts a pass
 *       immediately; the gateway calls it when a submit with a new crisis result has committed, so
 *       an alert reaches the bus within milliseconds without polling harder. Nudges coalesce.
 * </ol>
 *
 * <p>{@link #close()} is abrupt on purpose: a pass in flight is interrupted and rolled back, and
 * its alerts are published again by the next relay to run. The sink is called on the relay's own
 * daemon thread and must not block.
 */
public final class AlertRelay implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AlertRelay.class);

  /**
   * A seam for tests: called after the sink confirmed {@code alertIds} and before they are marked.
   * Blocking in it and then closing the relay simulates a node that dies between publish and mark.
   */
  @FunctionalInterface
  interface BeforeMark {
    BeforeMark NONE = alertIds -> {};

    void confirmed(Set<Long> alertIds) throws InterruptedException;
  }

  private final AlertOutboxStore outbox;
  private final AlertSink sink;
  private final PollConfig config;
  private final String node;
  private final BeforeMark beforeMark;
  private final Runnable afterMark;
  private final OutboxLoop loop;

  private AlertRelay(
      AlertOutboxStore outbox,
      AlertSink sink,
      PollConfig config,
      String node,
      BeforeMark beforeMark,
      Runnable afterMark) {
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.config = Objects.requireNonNull(config, "config");
    this.node = Objects.requireNonNull(node, "node");
    this.beforeMark = Objects.requireNonNull(beforeMark, "beforeMark");
    this.afterMark = Objects.requireNonNull(afterMark, "afterMark");
    this.loop = new OutboxLoop("huxin-alert-relay", config, this::deliverOnce, LOG);
  }

  /**
   * Starts a relay on its own daemon thread; its first pass runs at once. {@code node} names this
   * node in {@code alert_outbox.relayed_by}.
   */
  public static AlertRelay start(
      AlertOutboxStore outbox, AlertSink sink, PollConfig config, String node) {
    return start(outbox, sink, config, node, BeforeMark.NONE);
  }

  /**
   * As {@link #start(AlertOutboxStore, AlertSink, PollConfig, String)}, running {@code afterMark}
   * on the relay's thread after each pass that marked alerts (and so owed their phone messages):
   * the gateway nudges its {@link AlertNotifier} there. It must not block or throw.
   */
  public static AlertRelay start(
      AlertOutboxStore outbox, AlertSink sink, PollConfig config, String node, Runnable afterMark) {
    AlertRelay relay = new AlertRelay(outbox, sink, config, node, BeforeMark.NONE, afterMark);
    relay.loop.start();
    return relay;
  }

  static AlertRelay start(
      AlertOutboxStore outbox,
      AlertSink sink,
      PollConfig config,
      String node,
      BeforeMark beforeMark) {
    AlertRelay relay = new AlertRelay(outbox, sink, config, node, beforeMark, () -> {});
    relay.loop.start();
    return relay;
  }

  /**
   * Polls now rather than at the end of the interval; cheap, never blocks, safe from any thread.
   */
  public void nudge() {
    loop.nudge();
  }

  public PollStats stats() {
    return loop.stats();
  }

  /** Stops the relay; alerts of an unfinished pass stay undelivered and are published again. */
  @Override
  public void close() {
    loop.close();
  }

  /** One pass: claim, publish, mark. */
  OutboxLoop.PassResult deliverOnce() throws InterruptedException {
    BatchPublisher batch =
        new BatchPublisher(
            "alert relay", sink, config.publishTimeout(), AlertEvent::delivery, beforeMark, LOG);
    int marked = outbox.relayUnrelayed(config.batchSize(), config.holdLimit(), node, batch);
    if (marked > 0) {
      LOG.info("alert relay: relayed alerts {}", batch.confirmed());
      afterMark.run();
    }
    return batch.result(marked);
  }
}
