package org.huxin.engine.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.huxin.testsupport.TestDatabase;
import org.huxin.testsupport.TestRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AlertOutboxTest {

  private static TestDatabase db;
  private static List<RosterEntry> roster;
  private static AlertOutbox outbox;
  private static long window;
  private static long staffId;

  @BeforeAll
  static void loadCity() {
    db = TestDatabase.create(AlertOutboxTest.class);
    roster = TestRows.loadDemoCity(db.dataSource());
    outbox = new AlertOutbox(db.dataSource());
    Instant opens = Instant.parse("2025-09-01T00:00:00Z");
    window =
        new WindowStore(db.dataSource())
            .create(
                NewWindow.cityWide(
                    "危机", 1, 12, Map.of("1-12", "all"), opens, opens.plusSeconds(86_400)))
            .id();
    staffId =
        new StaffStore(db.dataSource())
            .create(
                new NewStaffAccount("psy", "$hash", StaffRole.CITY_ADMIN, null, null, null, "王老师"))
            .id();
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @Test
  void undelivered_deliverAcknowledgeEscalate() throws Exception {
    Alert first = crisisAlert(roster.get(100));
    Alert second = crisisAlert(roster.get(101));

    assertTrue(outbox.undelivered(10).stream().anyMatch(a -> a.id() == first.id()));
    assertEquals(1, outbox.markDelivered(List.of(first.id())));
    assertEquals(0, outbox.markDelivered(List.of(first.id())));
    assertFalse(outbox.undelivered(10).stream().anyMatch(a -> a.id() == first.id()));
    assertNotNull(outbox.find(first.id()).orElseThrow().deliveredAt());

    assertTrue(outbox.acknowledge(first.id(), staffId));
    assertFalse(outbox.acknowledge(first.id(), staffId));
    assertEquals(staffId, outbox.find(first.id()).orElseThrow().acknowledgedBy());
    assertFalse(outbox.escalate(first.id()));

    assertTrue(outbox.escalate(second.id()));
    assertFalse(outbox.escalate(second.id()));
    assertNotNull(outbox.find(second.id()).orElseThrow().escalatedAt());
  }

  private static Alert crisisAlert(RosterEntry student) throws Exception {
    try (ResultWriter writer = new ResultWriter(db.dataSource(), new WriterConfig(10, 1, 10))) {
      StoredResult stored =
          writer
              .submit(TestRows.row(window, student, "self", 3, true, UUID.randomUUID()))
              .get(30, TimeUnit.SECONDS);
      return outbox.undelivered(1000).stream()
          .filter(a -> a.resultId() == stored.resultId())
          .findFirst()
          .orElseThrow();
    }
  }
}
