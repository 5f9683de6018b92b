package org.huxin.engine.alerts;

import static org.huxin.testsupport.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.scales.CrisisLevel;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@DatabaseTest
class AlertRelayTest {

  /** Fast polls and short timeouts so that retries happen within a test's time. */
  private static final PollConfig FAST =
      new PollConfig(Duration.ofMillis(50), 10, Duration.ofMillis(300), Duration.ofMillis(200));

  private static TestDatabase db;
  private static CrisisFixture city;
  private static AlertOutboxStore outbox;

  @BeforeAll
  static void loadCity() {
    db = TestDatabase.create(AlertRelayTest.class);
    city = new CrisisFixture(db.dataSource(), db.pool());
    outbox = city.outbox();
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  /** Polls once an hour: only a notification, a nudge or a reconnect makes it claim sooner. */
  private static final PollConfig HOURLY =
      new PollConfig(Duration.ofHours(1), 1000, Duration.ofSeconds(5), FAST.maxBackoff());

  @Test
  void notify_deliversRightAfterCommit_withoutNudgeOrPoll() throws Exception {
    Map<Long, Long> arrivedNanos = new ConcurrentHashMap<>();
    RecordingSink recording = new RecordingSink();
    AlertSink sink =
        event -> {
          arrivedNanos.putIfAbsent(event.alertId(), System.nanoTime());
          return recording.publish(event);
        };
    try (AlertRelay relay = start(sink, HOURLY, "node-a")) {
      awaitIdleAndListening(relay);
      long passesBefore = relay.stats().passes();

      long submitted = System.nanoTime();
      long alertId = city.crisisAlerts(1).get(0);

      await("delivery through NOTIFY alone", Duration.ofSeconds(5), () -> city.delivered(alertId));
      long millis = TimeUnit.NANOSECONDS.toMillis(arrivedNanos.get(alertId) - submitted);
      System.out.println("NOTIFY: submit to sink in " + millis + " ms");
      assertTrue(millis < 1000, "the sink had the alert " + millis + " ms after the submit");
      assertEquals(1, recording.received(alertId));
      assertTrue(relay.stats().passes() > passesBefore, relay.stats().toString());
      assertEquals(1, relay.subscriptions(), "no reconnect helped");
      assertEquals(0, relay.stats().failedPasses());
    }
  }

  @Test
  void notify_lostWhileDisconnected_periodicPassRelaysIt() throws Exception {
    RecordingSink sink = new RecordingSink();
    PollConfig polling =
        new PollConfig(Duration.ofMillis(300), 10, Duration.ofSeconds(5), FAST.maxBackoff());
    PgSubscriber neverBack = Listening.subscriber(TestDatabase.server(), db.name(), 3_600_000);
    try (AlertRelay relay =
        AlertRelay.start(
            TestDatabase.vertx(), db.pool(), neverBack, outbox, sink, polling, "node-a")) {
      awaitIdleAndListening(relay);
      Listening.cut(neverBack, db.dataSource());

      long alertId = city.crisisAlerts(1).get(0);

      await("delivery by the periodic pass", () -> city.delivered(alertId));
      assertEquals(1, sink.received(alertId));
      assertEquals(1, relay.subscriptions(), "the LISTEN connection stayed away");
      assertEquals(0, relay.stats().failedPasses());
    }
  }

  @Test
  void notify_lostWhileDisconnected_passAfterTheReconnectRelaysIt() throws Exception {
    RecordingSink sink = new RecordingSink();
    PgSubscriber subscriber = Listening.subscriber(TestDatabase.server(), db.name(), 2_000);
    try (AlertRelay relay =
        AlertRelay.start(
            TestDatabase.vertx(), db.pool(), subscriber, outbox, sink, HOURLY, "node-a")) {
      awaitIdleAndListening(relay);
      Listening.cut(subscriber, db.dataSource());

      long alertId = city.crisisAlerts(1).get(0);
      assertEquals(1, relay.subscriptions(), "committed while the LISTEN connection was away");
      assertTrue(city.noneDelivered(List.of(alertId)), "the notification was lost");

      await("the LISTEN connection back", () -> relay.subscriptions() >= 2);
      await("delivery by the pass after the reconnect", () -> city.delivered(alertId));
      assertEquals(1, sink.received(alertId));
      assertEquals(0, relay.stats().failedPasses());
    }
  }

  @Test
  void nudge_deliversRightAfterCommit() throws Exception {
    RecordingSink sink = new RecordingSink();
    try (AlertRelay relay = start(sink, HOURLY, "node-a")) {
      awaitIdleAndListening(relay);
      RosterEntry student = city.nextStudent();
      long alertId;
      notifying(false);
      try {
        alertId = city.crisisAlertsOf(List.of(student)).get(0);
      } finally {
        notifying(true);
      }
      assertTrue(
          city.noneDelivered(List.of(alertId)), "without a notification the relay waits an hour");

      relay.nudge();

      await("delivery after the nudge", () -> city.delivered(alertId));
      List<AlertEvent> events = sink.receivedEvents(alertId);
      assertEquals(1, events.size());
      AlertEvent event = events.get(0);
      Alert stored = outbox.find(alertId).orElseThrow();
      assertEquals(AlertEvent.Kind.DELIVERY, event.kind());
      assertEquals(stored.resultId(), event.resultId());
      assertEquals(student.id(), event.studentId());
      assertEquals(student.schoolId(), event.schoolId());
      assertEquals(student.districtId(), event.districtId());
      assertEquals(CrisisLevel.SERIOUS, event.crisisLevel());
      assertEquals(stored.createdAt(), event.createdAt());
      assertNull(event.escalatedAt());
      assertEquals(0, relay.stats().failedPasses());
    }
  }

  @Test
  void notifyAndSubmitNudge_ofOneCrisis_makeOnePass() throws Exception {
    RecordingSink sink = new RecordingSink();
    try (AlertRelay relay = start(sink, HOURLY, "node-a")) {
      awaitIdleAndListening(relay);
      long passesBefore = relay.stats().passes();

      long alertId = city.crisisAlerts(1).get(0);
      long resultId = outbox.find(alertId).orElseThrow().resultId();
      relay.nudge(resultId); // what the submit does once the writer's COMMIT returned

      await("delivery", () -> city.delivered(alertId));
      Thread.sleep(300); // room for a second pass, were one asked for
      assertEquals(
          passesBefore + 1,
          relay.stats().passes(),
          "the NOTIFY (payload: the result id) and the nudge asked for the same crisis");
      assertEquals(1, sink.received(alertId));
    }
  }

  @Test
  void keyedNudge_skipsOnlyWhatThisRelayHandedOn() throws Exception {
    RecordingSink sink = new RecordingSink();
    try (AlertRelay relay = start(sink, HOURLY, "node-a")) {
      awaitIdleAndListening(relay);
      long first;
      long second;
      notifying(false);
      try {
        first = city.crisisAlerts(1).get(0);
        second = city.crisisAlerts(1).get(0);
      } finally {
        notifying(true);
      }
      long firstResult = outbox.find(first).orElseThrow().resultId();
      long secondResult = outbox.find(second).orElseThrow().resultId();

      long before = relay.stats().passes();
      relay.nudge(firstResult);
      await("the first delivered", () -> city.delivered(first));
      await("its pass ended", () -> relay.stats().passes() > before);
      long passes = relay.stats().passes();

      relay.nudge(firstResult);
      Thread.sleep(300);
      assertEquals(passes, relay.stats().passes(), "its alert was handed on already");

      // One pass took both (they were both waiting); a crisis committed since is not covered.
      notifying(false);
      long third;
      try {
        third = city.crisisAlerts(1).get(0);
      } finally {
        notifying(true);
      }
      relay.nudge(outbox.find(third).orElseThrow().resultId());
      await("a new crisis is delivered at once", () -> city.delivered(third));
      assertTrue(city.delivered(second));
      assertEquals(1, sink.received(first));
      assertEquals(1, sink.received(third));
    }
  }

  @Test
  void relay_sinkDown_alertsStayUndeliveredThenDeliveredOnce() throws Exception {
    RecordingSink sink = new RecordingSink().mode(RecordingSink.Mode.FAILING);
    try (AlertRelay relay = start(sink, FAST, "node-a")) {
      List<Long> ids = city.crisisAlerts(3);
      await("failed attempts", () -> ids.stream().allMatch(id -> sink.attempts(id) >= 2));
      sink.mode(RecordingSink.Mode.THROWING);
      int before = sink.attempts(ids.get(0));
      await("attempts on a throwing sink", () -> sink.attempts(ids.get(0)) >= before + 2);
      assertTrue(city.noneDelivered(ids), "nothing is marked while the sink is down");
      assertTrue(relay.stats().publishFailures() >= 6, relay.stats().toString());

      sink.mode(RecordingSink.Mode.UP);

      await("delivery once the sink is back", () -> city.allDelivered(ids));
      for (long id : ids) {
        assertEquals(1, sink.received(id), "alert " + id + " reached the console once");
      }
      assertEquals(0, relay.stats().failedPasses());
    }
  }

  @Test
  void relay_sinkNeverConfirms_republishedAndConsumerDropsDuplicate() throws Exception {
    RecordingSink sink = new RecordingSink().mode(RecordingSink.Mode.UNCONFIRMED);
    try (AlertRelay relay = start(sink, FAST, "node-a")) {
      long id = city.crisisAlerts(1).get(0);
      await("the unconfirmed publish to time out", () -> relay.stats().publishFailures() >= 1);
      assertTrue(city.noneDelivered(List.of(id)));

      sink.mode(RecordingSink.Mode.UP);

      await("delivery", () -> city.delivered(id));
      assertTrue(sink.received(id) >= 2, "the event reached the console again");
      assertEquals(1, sink.kept(id), "the console keeps one");
    }
  }

  @Test
  void relay_closedBetweenPublishAndMark_redeliveredAfterRestart() throws Exception {
    List<Long> ids = city.crisisAlerts(2);
    RecordingSink sink = new RecordingSink();
    CountDownLatch published = new CountDownLatch(1);
    AlertRelay.BeforeMark dieHere =
        confirmed -> {
          if (confirmed.containsAll(ids)) {
            published.countDown();
            return Promise.<Void>promise().future(); // never marks: the node died here
          }
          return Future.succeededFuture();
        };
    AlertRelay first =
        AlertRelay.start(
            TestDatabase.vertx(),
            db.pool(),
            Listening.subscriber(db),
            outbox,
            sink,
            FAST,
            "node-a",
            dieHere);
    try {
      assertTrue(published.await(30, TimeUnit.SECONDS), "the sink confirmed both alerts");
      assertTrue(city.noneDelivered(ids), "confirmed but not yet marked");
    } finally {
      first.close();
    }
    assertTrue(city.noneDelivered(ids), "the pass was rolled back");

    try (AlertRelay second = start(sink, FAST, "node-a")) {
      await("redelivery", () -> city.allDelivered(ids));
      assertEquals(0, second.stats().failedPasses());
    }
    for (long id : ids) {
      assertEquals(2, sink.received(id), "at least once: alert " + id + " was published twice");
      assertEquals(1, sink.kept(id), "the console dropped the duplicate of alert " + id);
    }
  }

  @Test
  void relay_downForAWhile_alertsWaitAndAreDeliveredOnce() throws Exception {
    List<Long> ids = city.crisisAlerts(4);
    List<Long> pending =
        outbox.pending(null, null, AlertOutboxStore.MAX_LIMIT).stream().map(Alert::id).toList();
    assertTrue(pending.containsAll(ids), "consoles see the alerts while no relay runs");
    assertTrue(city.noneDelivered(ids));

    RecordingSink sink = new RecordingSink();
    try (AlertRelay relay = start(sink, FAST, "node-a")) {
      await("delivery after start", () -> city.allDelivered(ids));
      assertEquals(0, relay.stats().publishFailures());
    }
    for (long id : ids) {
      assertEquals(1, sink.received(id));
    }
  }

  @Test
  void twoRelays_skipEachOthersClaims_eachAlertPublishedOnce() throws Exception {
    List<Long> ids = city.crisisAlerts(40);
    RecordingSink sinkA = new RecordingSink();
    RecordingSink sinkB = new RecordingSink();
    CountDownLatch aHolds = new CountDownLatch(1);
    Promise<Void> release = Promise.promise();
    Set<Long> heldByA = ConcurrentHashMap.newKeySet();
    AlertRelay.BeforeMark holdFirstBatch =
        confirmed -> {
          if (aHolds.getCount() == 1 && !confirmed.isEmpty()) {
            heldByA.addAll(confirmed);
            aHolds.countDown();
            return release.future();
          }
          return Future.succeededFuture();
        };
    PollConfig batchesOfFive =
        new PollConfig(Duration.ofMillis(20), 5, Duration.ofSeconds(5), Duration.ofMillis(200));

    try (AlertRelay a =
        AlertRelay.start(
            TestDatabase.vertx(),
            db.pool(),
            Listening.subscriber(db),
            outbox,
            sinkA,
            batchesOfFive,
            "node-a",
            holdFirstBatch)) {
      assertTrue(aHolds.await(30, TimeUnit.SECONDS), "relay A claimed and published a batch");
      try (AlertRelay b = start(sinkB, batchesOfFive, "node-a")) {
        Set<Long> rest = new HashSet<>(ids);
        rest.removeAll(heldByA);
        await("B delivers everything A does not hold", () -> city.allDelivered(List.copyOf(rest)));
        assertTrue(city.noneDelivered(List.copyOf(heldByA)), "A still holds its batch");

        release.complete();

        await("A marks its batch", () -> city.allDelivered(ids));
        await("A counts its batch", () -> a.stats().published() >= heldByA.size());
        assertTrue(b.stats().published() >= ids.size() - heldByA.size(), b.stats().toString());
      }
    }
    for (long id : ids) {
      int byA = sinkA.received(id);
      int byB = sinkB.received(id);
      assertEquals(1, byA + byB, "alert " + id + " published by A " + byA + ", by B " + byB);
      assertEquals(heldByA.contains(id) ? 1 : 0, byA, "alert " + id);
    }
  }

  @Test
  void close_twiceAndNudgeAfterClose_areHarmless() {
    AlertRelay relay = start(new RecordingSink(), FAST, "node-a");
    relay.close();
    relay.close();
    relay.nudge();
    relay.closeAsync().await();
    assertEquals(0, relay.stats().failedPasses());
  }

  private static AlertRelay start(AlertSink sink, PollConfig config, String node) {
    return AlertRelay.start(
        TestDatabase.vertx(), db.pool(), Listening.subscriber(db), outbox, sink, config, node);
  }

  /**
   * Waits until the relay LISTENs and has finished the pass that followed (the first pass and the
   * one LISTEN asks for), so that nothing but a new wake-up makes it claim again.
   */
  private static void awaitIdleAndListening(AlertRelay relay) {
    await("LISTEN", () -> relay.subscriptions() >= 1);
    await("the first passes", () -> relay.stats().passes() >= 2);
  }

  /** Turns the outbox's NOTIFY trigger off or on again, for a test of the other wake-ups. */
  private static void notifying(boolean on) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "ALTER TABLE alert_outbox "
              + (on ? "ENABLE" : "DISABLE")
              + " TRIGGER alert_outbox_notifies_relay");
    }
  }
}
