package org.huxin.engine.alerts;

import static org.huxin.engine.alerts.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.huxin.engine.store.Alert;
import org.huxin.engine.store.AlertOutbox;
import org.huxin.engine.store.NewStaffAccount;
import org.huxin.engine.store.StaffRole;
import org.huxin.engine.store.StaffStore;
import org.huxin.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AlertEscalatorTest {

  private static final Duration AFTER = Duration.ofMinutes(15);
  private static final PollConfig FAST =
      new PollConfig(Duration.ofMillis(50), 10, Duration.ofMillis(300), Duration.ofMillis(200));

  private static TestDatabase db;
  private static CrisisFixture city;
  private static AlertOutbox outbox;
  private static long staffId;

  @BeforeAll
  static void loadCity() {
    db = TestDatabase.create(AlertEscalatorTest.class);
    city = new CrisisFixture(db.dataSource());
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
  void escalateOnce_notBeforeTheTime_thenOnce() throws Exception {
    Alert alert = deliveredAlert();
    MutableClock clock = new MutableClock(alert.deliveredAt().plus(AFTER).minusSeconds(1));
    RecordingSink sink = new RecordingSink();
    AlertEscalator escalator = new AlertEscalator(outbox, sink, AFTER, FAST, clock);

    escalator.escalateOnce();
    assertEquals(0, sink.attempts(alert.id()), "a second early");
    assertNull(outbox.find(alert.id()).orElseThrow().escalatedAt());

    clock.set(alert.deliveredAt().plus(AFTER));
    escalator.escalateOnce();
    List<AlertEvent> events = sink.receivedEvents(alert.id());
    assertEquals(1, events.size());
    AlertEvent escalation = events.get(0);
    assertEquals(AlertEvent.Kind.ESCALATION, escalation.kind());
    assertEquals(clock.instant(), escalation.escalatedAt());
    assertEquals(alert.districtId(), escalation.districtId());
    Alert stored = outbox.find(alert.id()).orElseThrow();
    assertEquals(clock.instant(), stored.escalatedAt());
    assertTrue(
        outbox.pending(alert.districtId(), null, AlertOutbox.MAX_LIMIT).contains(stored),
        "an escalated alert stays pending until acknowledged");

    clock.advance(Duration.ofDays(1));
    escalator.escalateOnce();
    assertEquals(1, sink.attempts(alert.id()), "escalated once");
    assertEquals(
        clock.instant().minus(Duration.ofDays(1)),
        outbox.find(alert.id()).orElseThrow().escalatedAt());
  }

  @Test
  void escalateOnce_acknowledged_neverEscalated() throws Exception {
    Alert alert = deliveredAlert();
    assertTrue(outbox.acknowledge(alert.id(), staffId));
    MutableClock clock = new MutableClock(alert.deliveredAt().plus(Duration.ofDays(30)));
    RecordingSink sink = new RecordingSink();

    new AlertEscalator(outbox, sink, AFTER, FAST, clock).escalateOnce();

    assertEquals(0, sink.attempts(alert.id()));
    assertNull(outbox.find(alert.id()).orElseThrow().escalatedAt());
  }

  @Test
  void escalateOnce_undelivered_waitsForTheRelay() throws Exception {
    long alertId = city.crisisAlerts(1).get(0);
    Instant created = outbox.find(alertId).orElseThrow().createdAt();
    RecordingSink sink = new RecordingSink();

    new AlertEscalator(
            outbox, sink, AFTER, FAST, new MutableClock(created.plus(Duration.ofDays(1))))
        .escalateOnce();

    assertEquals(0, sink.attempts(alertId));
    outbox.markDelivered(List.of(alertId));
  }

  @Test
  void escalateOnce_sinkDown_notMarkedUntilConfirmed() throws Exception {
    Alert alert = deliveredAlert();
    MutableClock clock = new MutableClock(alert.deliveredAt().plus(AFTER).plusSeconds(1));
    RecordingSink sink = new RecordingSink().mode(RecordingSink.Mode.FAILING);
    AlertEscalator escalator = new AlertEscalator(outbox, sink, AFTER, FAST, clock);

    OutboxLoop.PassResult failed = escalator.escalateOnce();
    assertTrue(failed.unconfirmed() >= 1, failed.toString());
    assertNull(outbox.find(alert.id()).orElseThrow().escalatedAt());

    sink.mode(RecordingSink.Mode.UP);
    clock.advance(Duration.ofSeconds(5));
    escalator.escalateOnce();
    assertEquals(clock.instant(), outbox.find(alert.id()).orElseThrow().escalatedAt());
    assertEquals(1, sink.received(alert.id()));
  }

  @Test
  void escalator_running_escalatesWhenTheClockPassesTheTime() throws Exception {
    Alert alert = deliveredAlert();
    MutableClock clock = new MutableClock(alert.deliveredAt());
    RecordingSink sink = new RecordingSink();
    try (AlertEscalator escalator = AlertEscalator.start(outbox, sink, AFTER, FAST, clock)) {
      await("a few passes", () -> escalator.stats().passes() >= 3);
      assertEquals(0, sink.attempts(alert.id()));

      clock.advance(AFTER);
      escalator.nudge();

      await("the escalation", () -> sink.kept(alert.id()) == 1);
      await("the mark", () -> outbox.find(alert.id()).orElseThrow().escalatedAt() != null);
      assertEquals(0, escalator.stats().failedPasses());
    }
  }

  @Test
  void start_nonPositiveEscalateAfter_rejected() {
    MutableClock clock = new MutableClock(Instant.EPOCH);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> AlertEscalator.start(outbox, new RecordingSink(), Duration.ZERO, FAST, clock));
    assertTrue(e.getMessage().contains("escalateAfter"), e.getMessage());
  }

  private static Alert deliveredAlert() throws Exception {
    long alertId = city.crisisAlerts(1).get(0);
    assertEquals(1, outbox.markDelivered(List.of(alertId)));
    return outbox.find(alertId).orElseThrow();
  }
}
