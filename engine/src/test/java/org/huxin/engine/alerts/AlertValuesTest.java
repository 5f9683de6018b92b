package org.huxin.engine.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.huxin.scales.CrisisLevel;
import org.junit.jupiter.api.Test;

class AlertValuesTest {

  private static final Instant CREATED = Instant.parse("2025-09-15T08:00:00Z");
  private static final Instant DUE = CREATED.plusSeconds(1800);
  private static final Alert ALERT =
      new Alert(
          7,
          70L,
          1,
          700,
          "self",
          30,
          3,
          Alert.Source.RESULT,
          CrisisLevel.SERIOUS,
          CREATED,
          DUE,
          CREATED,
          "node-a",
          null,
          null,
          null,
          null);

  @Test
  void delivery_copiesIdsAndLevel() {
    AlertEvent event = AlertEvent.delivery(ALERT);

    assertEquals(event(7, AlertEvent.Kind.DELIVERY, 30, null), event);
    assertNull(event.escalatedAt());
  }

  @Test
  void alert_sourceAndResultAgree() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new Alert(
                    7,
                    null,
                    1,
                    700,
                    "self",
                    30,
                    3,
                    Alert.Source.RESULT,
                    CrisisLevel.GENERAL,
                    CREATED,
                    DUE,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null));
    assertTrue(e.getMessage().contains("a result alert names its result"), e.getMessage());
    assertEquals(
        Alert.Source.UNSUBMITTED,
        new Alert(
                8,
                null,
                1,
                700,
                "self",
                30,
                3,
                Alert.Source.UNSUBMITTED,
                CrisisLevel.GENERAL,
                CREATED,
                DUE,
                null,
                null,
                null,
                null,
                null,
                null)
            .source());
  }

  @Test
  void escalation_carriesWhen() {
    Instant at = CREATED.plusSeconds(900);

    AlertEvent event = AlertEvent.escalation(ALERT, at);

    assertEquals(AlertEvent.Kind.ESCALATION, event.kind());
    assertEquals(at, event.escalatedAt());
  }

  @Test
  void alertEvent_escalationWithoutTime() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> event(7, AlertEvent.Kind.ESCALATION, 30, null));
    assertTrue(e.getMessage().contains("escalatedAt"), e.getMessage());
  }

  @Test
  void alertEvent_deliveryWithEscalationTime() {
    assertThrows(
        IllegalArgumentException.class, () -> event(7, AlertEvent.Kind.DELIVERY, 30, CREATED));
  }

  @Test
  void alertEvent_noLevel() {
    NullPointerException e =
        assertThrows(
            NullPointerException.class,
            () ->
                new AlertEvent(
                    7,
                    AlertEvent.Kind.DELIVERY,
                    70L,
                    1,
                    700,
                    "self",
                    30,
                    3,
                    Alert.Source.RESULT,
                    null,
                    CREATED,
                    DUE,
                    null));
    assertTrue(e.getMessage().contains("crisisLevel"), e.getMessage());
  }

  @Test
  void alertEvent_nonPositiveSchool() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> event(7, AlertEvent.Kind.DELIVERY, 0, null));
    assertTrue(e.getMessage().contains("schoolId"), e.getMessage());
  }

  @Test
  void firstSeen_duplicateDropped_kindsApart() {
    AlertDeduplicator dedupe = new AlertDeduplicator(10);
    AlertEvent delivery = AlertEvent.delivery(ALERT);
    AlertEvent escalation = AlertEvent.escalation(ALERT, CREATED.plusSeconds(900));

    assertTrue(dedupe.firstSeen(delivery));
    assertFalse(dedupe.firstSeen(delivery));
    assertTrue(dedupe.firstSeen(escalation));
    assertFalse(dedupe.firstSeen(AlertEvent.escalation(ALERT, CREATED.plusSeconds(901))));
  }

  @Test
  void firstSeen_overCapacity_forgetsOldest() {
    AlertDeduplicator dedupe = new AlertDeduplicator(2);
    AlertEvent first = event(1);

    assertTrue(dedupe.firstSeen(first));
    assertTrue(dedupe.firstSeen(event(2)));
    assertTrue(dedupe.firstSeen(event(3)));

    assertEquals(2, dedupe.size());
    assertTrue(dedupe.firstSeen(first), "the oldest was forgotten");
    assertFalse(dedupe.firstSeen(event(3)));
  }

  @Test
  void alertDeduplicator_zeroCapacity() {
    assertThrows(IllegalArgumentException.class, () -> new AlertDeduplicator(0));
  }

  @Test
  void pollConfig_defaults() {
    PollConfig config = PollConfig.defaults();

    assertEquals(Duration.ofMillis(500), config.pollInterval());
    assertEquals(100, config.batchSize());
    assertEquals(Duration.ofSeconds(11), config.holdLimit());
    assertEquals(
        Duration.ofSeconds(2), config.withPollInterval(Duration.ofSeconds(2)).pollInterval());
  }

  @Test
  void pollConfig_zeroInterval() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PollConfig.defaults().withPollInterval(Duration.ZERO));
    assertTrue(e.getMessage().contains("pollInterval"), e.getMessage());
  }

  @Test
  void pollConfig_batchTooLarge() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new PollConfig(
                Duration.ofSeconds(1), 1001, Duration.ofSeconds(1), Duration.ofSeconds(1)));
  }

  private static AlertEvent event(long alertId) {
    return event(alertId, AlertEvent.Kind.DELIVERY, 30, null);
  }

  private static AlertEvent event(
      long alertId, AlertEvent.Kind kind, long schoolId, Instant escalatedAt) {
    return new AlertEvent(
        alertId,
        kind,
        70L,
        1,
        700,
        "self",
        schoolId,
        3,
        Alert.Source.RESULT,
        CrisisLevel.SERIOUS,
        CREATED,
        DUE,
        escalatedAt);
  }
}
