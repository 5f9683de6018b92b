package org.huxin.loadtest.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.huxin.loadtest.StudentAnswers;
import org.junit.jupiter.api.Test;

class AccountingTest {
  private static final Instant DOWN = Instant.parse("2026-11-22T23:00:00Z");
  private static final Instant UP = DOWN.plusSeconds(60);

  private static Ack ack(long student) {
    return new Ack(student, StudentAnswers.idempotencyKey(student), 0, 1, 10);
  }

  private static UUID key(long student) {
    return StudentAnswers.idempotencyKey(student);
  }

  @Test
  void tally_everyAckStoredOnce() {
    Accounting.Tally t =
        Accounting.tally(
            List.of(ack(1), ack(2)),
            new Accounting.Stored(Map.of(1L, 1, 2L, 1), Map.of(key(1), 1, key(2), 1)));
    assertEquals(2, t.acknowledged());
    assertEquals(0, t.lost());
    assertEquals(0, t.duplicated());
  }

  @Test
  void tally_ackedButNotStored() {
    Accounting.Tally t =
        Accounting.tally(
            List.of(ack(1), ack(2)), new Accounting.Stored(Map.of(1L, 1), Map.of(key(1), 1)));
    assertEquals(1, t.lost());
    assertEquals(List.of(2L), t.lostIds());
  }

  @Test
  void tally_studentStoredTwice() {
    Accounting.Tally t =
        Accounting.tally(List.of(ack(1)), new Accounting.Stored(Map.of(1L, 2), Map.of(key(1), 1)));
    assertEquals(1, t.duplicated());
    assertEquals(List.of(1L), t.duplicatedIds());
  }

  @Test
  void tally_keyStoredTwice() {
    Accounting.Tally t =
        Accounting.tally(List.of(ack(1)), new Accounting.Stored(Map.of(1L, 1), Map.of(key(1), 2)));
    assertEquals(1, t.duplicated());
  }

  @Test
  void tally_storedButNeverAcknowledged_notLost() {
    Accounting.Tally t =
        Accounting.tally(
            List.of(ack(1)), new Accounting.Stored(Map.of(1L, 1, 9L, 1), Map.of(key(1), 1)));
    assertEquals(1, t.acknowledged());
    assertEquals(0, t.lost());
  }

  @Test
  void tally_sameStudentAcknowledgedTwice_countsOnce() {
    Accounting.Tally t =
        Accounting.tally(
            List.of(ack(1), ack(1)), new Accounting.Stored(Map.of(1L, 1), Map.of(key(1), 1)));
    assertEquals(1, t.acknowledged());
  }

  @Test
  void ack_lineRoundTrip() {
    Ack a = new Ack(42, key(42), 2, 3, 1234);
    assertEquals(a, Ack.parse(a.line()));
  }

  @Test
  void ack_badLine() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Ack.parse("42,not-a-uuid,0,1,5"));
    assertEquals(true, e.getMessage().contains("42,not-a-uuid"));
  }

  @Test
  void relayed_countsEveryIdOfEveryLine() {
    Map<Long, Integer> counts =
        Accounting.relayed(
            List.of(
                "23:00:01.000 INFO  [huxin-alert-relay] o.h.e.a.AlertRelay - alert relay: relayed"
                    + " alerts [3, 4]",
                "unrelated line [5]",
                "23:00:02.000 INFO  [huxin-alert-relay] o.h.e.a.AlertRelay - alert relay: relayed"
                    + " alerts [4]"));
    assertEquals(Map.of(3L, 1, 4L, 2), counts);
  }

  @Test
  void alerts_heldThenDeliveredOnce() {
    List<Accounting.AlertRow> rows =
        List.of(
            new Accounting.AlertRow(1, 10, 100, DOWN.plusSeconds(5), UP.plusSeconds(2)),
            new Accounting.AlertRow(2, 11, 101, UP.plusSeconds(5), UP.plusSeconds(5)));
    Accounting.AlertTally t = Accounting.alerts(2, rows, Map.of(1L, 1, 2L, 1), DOWN, UP);
    assertEquals(0, t.lost());
    assertEquals(0, t.duplicated());
    assertEquals(1, t.createdInOutage());
    assertEquals(0, t.deliveredInOutage());
  }

  @Test
  void alerts_deliveredWhileRelayDown() {
    List<Accounting.AlertRow> rows =
        List.of(new Accounting.AlertRow(1, 10, 100, DOWN.plusSeconds(5), DOWN.plusSeconds(6)));
    Accounting.AlertTally t = Accounting.alerts(1, rows, Map.of(1L, 1), DOWN, UP);
    assertEquals(1, t.deliveredInOutage());
  }

  @Test
  void alerts_undeliveredOrMissing_lost() {
    List<Accounting.AlertRow> rows =
        List.of(new Accounting.AlertRow(1, 10, 100, DOWN.plusSeconds(5), null));
    Accounting.AlertTally t = Accounting.alerts(2, rows, Map.of(), DOWN, UP);
    assertEquals(2, t.lost()); // one crisis result without a row, one row never delivered
  }

  @Test
  void alerts_relayedTwiceOrTwoRows_duplicated() {
    List<Accounting.AlertRow> rows =
        List.of(
            new Accounting.AlertRow(1, 10, 100, DOWN, UP),
            new Accounting.AlertRow(2, 10, 100, DOWN, UP));
    Accounting.AlertTally t = Accounting.alerts(1, rows, Map.of(1L, 2, 2L, 1), DOWN, UP);
    assertEquals(2, t.duplicated()); // a second row for result 10, and alert 1 relayed twice
  }

  @Test
  void reached_everyConsoleAndAPhone() {
    List<String> bodies =
        List.of(
            "{\"msgtype\":\"text\",\"text\":{\"content\":\"一中有2条危机预警（严重）待确认，请登录工作台处理。编号：11、12\"}}",
            "{\"text\":{\"content\":\"二中有1条危机预警（一般）待确认。编号：13\"}}");
    Accounting.ReachTally all =
        Accounting.reached(
            List.of(11L, 12L, 13L),
            List.of(Set.of(11L, 12L, 13L), Set.of(13L, 12L, 11L)),
            0,
            bodies);
    assertEquals(0, all.lost());
    assertEquals(3, all.alerts());

    Accounting.ReachTally missed =
        Accounting.reached(
            List.of(11L, 12L, 13L, 14L),
            List.of(Set.of(11L, 12L, 13L, 14L), Set.of(11L)),
            2,
            bodies);
    assertEquals(3, missed.missedByConsoles(), "the second console never showed 12, 13 or 14");
    assertEquals(1, missed.missedByPhones(), "no message named 14");
    assertEquals(2, missed.shownTwice());
    assertEquals(List.of(12L, 13L, 14L), missed.examples().stream().sorted().toList());
  }
}
