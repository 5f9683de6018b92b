package org.huxin.engine.alerts;

import static org.huxin.testsupport.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.huxin.engine.staff.NewStaffAccount;
import org.huxin.engine.staff.StaffRole;
import org.huxin.engine.staff.StaffStore;
import org.huxin.scales.CrisisLevel;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.MutableClock;
import org.huxin.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@DatabaseTest
class AlertEscalatorTest {

  private static final PollConfig FAST =
      new PollConfig(Duration.ofMillis(50), 10, Duration.ofMillis(300), Duration.ofMillis(200));

  private static TestDatabase db;
  private static CrisisFixture city;
  private static AlertOutboxStore outbox;
  private static long staffId;

  @BeforeAll
  static void loadCity() {
    db = TestDatabase.create(AlertEscalatorTest.class);
    city = new CrisisFixture(db.dataSource(), db.pool());
    outbox = city.outbox();
    staffId =
        new StaffStore(db.dataSource())
            .create(
                new NewStaffAccount(
                    "counsellor", "$hash", StaffRole.CITY_ADMIN, null, null, null, "李老师"))
            .id();
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @Test
  void escalateOnce_notBeforeTheDeadline_thenOnce() throws Exception {
    Alert alert = relayedAlert(CrisisLevel.SERIOUS);
    MutableClock clock = new MutableClock(alert.escalateDueAt().minusSeconds(1));
    RecordingSink sink = new RecordingSink();
    AlertEscalator escalator =
        new AlertEscalator(TestDatabase.vertx(), db.pool(), outbox, sink, FAST, clock);

    escalator.escalateOnce().await();
    assertEquals(0, sink.attempts(alert.id()), "a second early");
    assertNull(outbox.find(alert.id()).orElseThrow().escalatedAt());

    clock.set(alert.escalateDueAt());
    escalator.escalateOnce().await();
    List<AlertEvent> events = sink.receivedEvents(alert.id());
    assertEquals(1, events.size());
    AlertEvent escalation = events.get(0);
    assertEquals(AlertEvent.Kind.ESCALATION, escalation.kind());
    assertEquals(clock.instant(), escalation.escalatedAt());
    assertEquals(alert.districtId(), escalation.districtId());
    assertEquals(CrisisLevel.SERIOUS, escalation.crisisLevel());
    Alert stored = outbox.find(alert.id()).orElseThrow();
    assertEquals(clock.instant(), stored.escalatedAt());
    assertTrue(
        outbox.pending(alert.districtId(), null, AlertOutboxStore.MAX_LIMIT).contains(stored),
        "an escalated alert stays pending until acknowledged");

    clock.advance(Duration.ofDays(1));
    escalator.escalateOnce().await();
    assertEquals(1, sink.attempts(alert.id()), "escalated once");
    assertEquals(
        clock.instant().minus(Duration.ofDays(1)),
        outbox.find(alert.id()).orElseThrow().escalatedAt());
  }

  @Test
  void escalateOnce_eachLevelAtItsOwnTime() throws Exception {
    Alert major = relayedAlert(CrisisLevel.MAJOR);
    Alert serious = relayedAlert(CrisisLevel.SERIOUS);
    Alert general = relayedAlert(CrisisLevel.GENERAL);
    assertEquals(major.createdAt().plus(Duration.ofMinutes(10)), major.escalateDueAt());
    assertEquals(serious.createdAt().plus(Duration.ofMinutes(30)), serious.escalateDueAt());
    assertEquals(general.createdAt().plus(Duration.ofHours(2)), general.escalateDueAt());
    RecordingSink sink = new RecordingSink();
    MutableClock clock = new MutableClock(major.createdAt().plus(Duration.ofMinutes(10)));
    AlertEscalator escalator =
        new AlertEscalator(TestDatabase.vertx(), db.pool(), outbox, sink, FAST, clock);

    escalator.escalateOnce().await();
    assertEquals(1, sink.received(major.id()), "重大 after 10 minutes");
    assertEquals(0, sink.attempts(serious.id()));
    assertEquals(0, sink.attempts(general.id()));

    clock.set(serious.createdAt().plus(Duration.ofMinutes(30)));
    escalator.escalateOnce().await();
    assertEquals(1, sink.received(serious.id()), "严重 after 30 minutes");
    assertEquals(0, sink.attempts(general.id()));

    clock.set(general.createdAt().plus(Duration.ofHours(2)).minusSeconds(1));
    escalator.escalateOnce().await();
    assertEquals(0, sink.attempts(general.id()), "一般 not before 2 hours");
    clock.set(general.createdAt().plus(Duration.ofHours(2)));
    escalator.escalateOnce().await();
    assertEquals(1, sink.received(general.id()), "一般 after 2 hours");
  }

  @Test
  void escalateOnce_acknowledged_neverEscalated() throws Exception {
    Alert alert = relayedAlert(CrisisLevel.MAJOR);
    assertTrue(outbox.acknowledge(alert.id(), staffId, alert.createdAt().plusSeconds(60)));
    MutableClock clock = new MutableClock(alert.escalateDueAt().plus(Duration.ofDays(30)));
    RecordingSink sink = new RecordingSink();

    new AlertEscalator(TestDatabase.vertx(), db.pool(), outbox, sink, FAST, clock)
        .escalateOnce()
        .await();

    assertEquals(0, sink.attempts(alert.id()));
    assertNull(outbox.find(alert.id()).orElseThrow().escalatedAt());
  }

  @Test
  void escalateOnce_neverRelayed_escalatesAllTheSame() throws Exception {
    long alertId = city.crisisAlerts(1).get(0);
    Alert alert = outbox.find(alertId).orElseThrow();
    assertNull(alert.relayedAt());
    RecordingSink sink = new RecordingSink();

    new AlertEscalator(
            TestDatabase.vertx(),
            db.pool(),
            outbox,
            sink,
            FAST,
            new MutableClock(alert.escalateDueAt()))
        .escalateOnce()
        .await();

    assertEquals(1, sink.received(alertId), "the deadline runs from the answer, not the relay");
    outbox.markRelayed(List.of(alertId), "test");
  }

  @Test
  void escalateOnce_sinkDown_notMarkedUntilConfirmed() throws Exception {
    Alert alert = relayedAlert(CrisisLevel.SERIOUS);
    MutableClock clock = new MutableClock(alert.escalateDueAt().plusSeconds(1));
    RecordingSink sink = new RecordingSink().mode(RecordingSink.Mode.FAILING);
    AlertEscalator escalator =
        new AlertEscalator(TestDatabase.vertx(), db.pool(), outbox, sink, FAST, clock);

    OutboxLoop.PassResult failed = escalator.escalateOnce().await();
    assertTrue(failed.unconfirmed() >= 1, failed.toString());
    assertNull(outbox.find(alert.id()).orElseThrow().escalatedAt());

    sink.mode(RecordingSink.Mode.UP);
    clock.advance(Duration.ofSeconds(5));
    escalator.escalateOnce().await();
    assertEquals(clock.instant(), outbox.find(alert.id()).orElseThrow().escalatedAt());
    assertEquals(1, sink.received(alert.id()));
  }

  @Test
  void escalator_running_escalatesWhenTheClockPassesTheDeadline() throws Exception {
    Alert alert = relayedAlert(CrisisLevel.GENERAL);
    MutableClock clock = new MutableClock(alert.createdAt());
    RecordingSink sink = new RecordingSink();
    try (AlertEscalator escalator =
        AlertEscalator.start(TestDatabase.vertx(), db.pool(), outbox, sink, FAST, clock)) {
      await("a few passes", () -> escalator.stats().passes() >= 3);
      assertEquals(0, sink.attempts(alert.id()));

      clock.set(alert.escalateDueAt());
      escalator.nudge();

      await("the escalation", () -> sink.kept(alert.id()) == 1);
      await("the mark", () -> outbox.find(alert.id()).orElseThrow().escalatedAt() != null);
      assertEquals(0, escalator.stats().failedPasses());
    }
  }

  private static Alert relayedAlert(CrisisLevel level) throws Exception {
    long alertId = city.crisisAlertAt(level);
    assertEquals(1, outbox.markRelayed(List.of(alertId), "test"));
    Alert alert = outbox.find(alertId).orElseThrow();
    assertEquals(level, alert.crisisLevel());
    return alert;
  }
}
