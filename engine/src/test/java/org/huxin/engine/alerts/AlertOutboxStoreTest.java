package org.huxin.engine.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.huxin.engine.results.ResultWriter;
import org.huxin.engine.results.StoredResult;
import org.huxin.engine.results.WriterConfig;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.staff.NewStaffAccount;
import org.huxin.engine.staff.StaffRole;
import org.huxin.engine.staff.StaffStore;
import org.huxin.engine.store.StoreException;
import org.huxin.engine.windows.NewWindow;
import org.huxin.engine.windows.WindowStore;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.Eventually;
import org.huxin.testsupport.TestDatabase;
import org.huxin.testsupport.TestRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

@DatabaseTest
class AlertOutboxStoreTest {

  private static TestDatabase db;
  private static List<RosterEntry> roster;
  private static AlertOutboxStore outbox;
  private static long window;
  private static long staffId;

  @BeforeAll
  static void loadCity() {
    db = TestDatabase.create(AlertOutboxStoreTest.class);
    roster = TestRows.loadDemoCity(db.dataSource());
    outbox = new AlertOutboxStore(db.dataSource());
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

    assertTrue(outbox.unrelayed(1000).stream().anyMatch(a -> a.id() == first.id()));
    assertEquals(1, outbox.markRelayed(List.of(first.id()), "node-a"));
    assertEquals(0, outbox.markRelayed(List.of(first.id()), "node-a"));
    assertEquals("node-a", outbox.find(first.id()).orElseThrow().relayedBy());
    assertFalse(outbox.unrelayed(1000).stream().anyMatch(a -> a.id() == first.id()));
    assertNotNull(outbox.find(first.id()).orElseThrow().relayedAt());

    assertTrue(outbox.acknowledge(db.pool(), first.id(), staffId, ACKNOWLEDGED_AT).await());
    assertFalse(outbox.acknowledge(db.pool(), first.id(), staffId, ACKNOWLEDGED_AT).await());
    assertEquals(
        staffId, outbox.find(db.pool(), first.id()).await().orElseThrow().acknowledgedBy());
    assertEquals(ACKNOWLEDGED_AT, outbox.find(first.id()).orElseThrow().acknowledgedAt());
    assertFalse(outbox.acknowledge(first.id(), staffId, ACKNOWLEDGED_AT), "offline jobs agree");
    assertFalse(outbox.escalate(first.id()));

    assertTrue(outbox.escalate(second.id()));
    assertFalse(outbox.escalate(second.id()));
    assertNotNull(outbox.find(second.id()).orElseThrow().escalatedAt());
  }

  @Test
  void pending_scopeNewestFirstUnacknowledged() throws Exception {
    RosterEntry home = roster.get(200);
    RosterEntry sameDistrict =
        roster.stream()
            .filter(s -> s.districtId() == home.districtId() && s.schoolId() != home.schoolId())
            .findFirst()
            .orElseThrow();
    RosterEntry otherDistrict =
        roster.stream().filter(s -> s.districtId() != home.districtId()).findFirst().orElseThrow();
    Alert a1 = crisisAlert(home);
    Alert a2 = crisisAlert(otherDistrict);
    Alert a3 = crisisAlert(sameDistrict);

    assertEquals(
        List.of(a3.id(), a1.id()), ids(outbox.pending(home.districtId(), null, 1000), a1, a2, a3));
    assertEquals(List.of(a1.id()), ids(outbox.pending(null, home.schoolId(), 1000), a1, a2, a3));
    assertEquals(
        List.of(a1.id()),
        ids(outbox.pending(home.districtId(), home.schoolId(), 1000), a1, a2, a3));
    assertEquals(List.of(), outbox.pending(otherDistrict.districtId(), home.schoolId(), 1000));
    assertEquals(List.of(a3.id(), a2.id(), a1.id()), ids(pending(null, null, 1000), a1, a2, a3));
    assertEquals(List.of(a3), pending(null, null, 1));

    assertTrue(outbox.acknowledge(db.pool(), a3.id(), staffId, ACKNOWLEDGED_AT).await());
    assertEquals(List.of(a1.id()), ids(outbox.pending(home.districtId(), null, 1000), a1, a2, a3));
    outbox.markRelayed(List.of(a1.id(), a2.id(), a3.id()), "node-a");
    assertEquals(
        List.of(a2.id(), a1.id()),
        ids(pending(null, null, 1000), a1, a2, a3),
        "delivered but unacknowledged alerts are still pending");
  }

  @Test
  void pending_limitOutOfRange() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> pending(null, null, 0));
    assertEquals("limit must be 1..1000, got 0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> outbox.pending(null, null, 0));
  }

  @Test
  void consoleList_countsAllInScope_beyondTheLimit() throws Exception {
    RosterEntry home = roster.get(210);
    crisisAlert(home);
    crisisAlert(home);
    long inScope = outbox.pending(home.districtId(), home.schoolId(), 1000).size();
    AlertOutboxStore.ConsoleList one =
        outbox.consoleList(db.pool(), staffId, home.districtId(), home.schoolId(), 1).await();
    assertEquals(1, one.alerts().size());
    assertEquals(inScope, one.inAll(), "the count is taken before the limit");
    assertEquals(
        outbox.backlog(db.pool(), Instant.now()).await().pending(),
        outbox.consoleList(db.pool(), staffId, null, null, 1).await().inAll());
    RosterEntry otherDistrict =
        roster.stream().filter(s -> s.districtId() != home.districtId()).findFirst().orElseThrow();
    AlertOutboxStore.ConsoleList none =
        outbox
            .consoleList(db.pool(), staffId, otherDistrict.districtId(), home.schoolId(), 10)
            .await();
    assertEquals(List.of(), none.alerts());
    assertEquals(0, none.inAll());
  }

  @Test
  void findAll_existingInIdOrder_atMostTheLimit() throws Exception {
    Alert a = crisisAlert(roster.get(211));
    Alert b = crisisAlert(roster.get(212));
    assertEquals(
        List.of(a, b), outbox.findAll(db.pool(), List.of(b.id(), 999_999_999L, a.id())).await());
    assertEquals(List.of(), outbox.findAll(db.pool(), List.of()).await());
    List<Long> tooMany = new ArrayList<>();
    for (long i = 1; i <= AlertOutboxStore.MAX_LIMIT + 1; i++) {
      tooMany.add(i);
    }
    assertThrows(IllegalArgumentException.class, () -> outbox.findAll(db.pool(), tooMany).await());
    assertEquals(Optional.empty(), outbox.find(db.pool(), 999_999_999L).await());
    assertEquals(a, outbox.find(db.pool(), a.id()).await().orElseThrow());
  }

  @Test
  @Timeout(60)
  void relayUnrelayed_skipsAlertsLockedElsewhere() throws Exception {
    Alert locked = crisisAlert(roster.get(300));
    try (Connection other = db.dataSource().getConnection()) {
      other.setAutoCommit(false);
      try (PreparedStatement lock =
          other.prepareStatement("SELECT id FROM alert_outbox WHERE id = ? FOR UPDATE")) {
        lock.setLong(1, locked.id());
        lock.executeQuery().close();
      }
      List<Long> seen = new ArrayList<>();
      relay(
          1000,
          Duration.ofSeconds(5),
          claimed -> {
            claimed.forEach(a -> seen.add(a.id()));
            return confirm(List.of());
          });
      assertFalse(seen.contains(locked.id()), "a row another relay holds is skipped");
      other.rollback();
    }

    int marked =
        relay(1000, Duration.ofSeconds(5), claimed -> confirm(claimed.stream().map(Alert::id)));

    assertTrue(marked >= 1);
    assertNotNull(outbox.find(locked.id()).orElseThrow().relayedAt());
  }

  @Test
  void relayUnrelayed_publishFails_nothingMarked() throws Exception {
    Alert alert = crisisAlert(roster.get(301));

    assertThrows(
        IllegalStateException.class,
        () ->
            relay(
                1000,
                Duration.ofSeconds(5),
                claimed -> {
                  throw new IllegalStateException("event bus down");
                }));
    assertThrows(
        IllegalStateException.class,
        () ->
            relay(
                1000,
                Duration.ofSeconds(5),
                claimed -> Future.failedFuture(new IllegalStateException("relay closing"))));

    assertNull(outbox.find(alert.id()).orElseThrow().relayedAt());
    outbox.markRelayed(List.of(alert.id()), "node-a");
  }

  @Test
  void relayUnrelayed_marksOnlyClaimedConfirmedIds() throws Exception {
    Alert older = crisisAlert(roster.get(302));
    Alert newer = crisisAlert(roster.get(303));
    List<Long> claimedIds = new ArrayList<>();

    int marked =
        relay(
            1,
            Duration.ofSeconds(5),
            claimed -> {
              claimed.forEach(a -> claimedIds.add(a.id()));
              return confirm(List.of(claimed.get(0).id(), newer.id()));
            });

    assertEquals(1, marked);
    assertEquals(1, claimedIds.size());
    assertFalse(claimedIds.contains(newer.id()));
    assertNull(outbox.find(newer.id()).orElseThrow().relayedAt(), "not claimed, not marked");
    outbox.markRelayed(List.of(older.id(), newer.id()), "node-a");
  }

  @Test
  @Timeout(60)
  void relayUnrelayed_hungHolder_losesItsClaim() throws Exception {
    Alert alert = crisisAlert(roster.get(304));
    CountDownLatch claimed = new CountDownLatch(1);
    Promise<Void> release = Promise.promise();
    Future<AlertOutboxStore.Marked> hung =
        db.pool()
            .withTransaction(
                tx ->
                    outbox.relayUnrelayed(
                        tx,
                        1000,
                        Duration.ofMillis(300),
                        "node-a",
                        alerts -> {
                          claimed.countDown();
                          return release
                              .future()
                              .map(v -> (Collection<Long>) alerts.stream().map(Alert::id).toList());
                        }));
    assertTrue(claimed.await(30, TimeUnit.SECONDS));

    List<Long> seen = new ArrayList<>();
    Eventually.await(
        "the alert claimable again",
        () -> {
          seen.clear();
          relay(
              1000,
              Duration.ofSeconds(5),
              alerts -> {
                alerts.forEach(a -> seen.add(a.id()));
                return confirm(List.of());
              });
          return seen.contains(alert.id());
        });
    release.complete();

    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () -> hung.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof StoreException, String.valueOf(e.getCause()));
    assertNull(outbox.find(alert.id()).orElseThrow().relayedAt(), "the hung holder marked nothing");
    outbox.markRelayed(List.of(alert.id()), "node-a");
  }

  @Test
  void relayDueEscalations_onlyUnacknowledgedPastTheirDeadline() throws Exception {
    Alert due = crisisAlert(roster.get(305));
    Alert acknowledged = crisisAlert(roster.get(306));
    Alert unrelayed = crisisAlert(roster.get(307));
    outbox.markRelayed(List.of(due.id(), acknowledged.id()), "node-a");
    assertTrue(outbox.acknowledge(acknowledged.id(), staffId, ACKNOWLEDGED_AT));
    Instant deadline = due.escalateDueAt();
    assertEquals(due.createdAt().plus(Duration.ofMinutes(30)), deadline, "严重: 30 minutes");
    List<Long> seen = new ArrayList<>();

    int early =
        escalate(
            deadline.minusMillis(1),
            claimed -> {
              claimed.forEach(a -> seen.add(a.id()));
              return confirm(List.of());
            });
    assertEquals(0, early);
    assertFalse(seen.contains(due.id()));

    int marked =
        escalate(
            deadline,
            claimed -> {
              claimed.forEach(a -> seen.add(a.id()));
              return confirm(claimed.stream().map(Alert::id));
            });

    assertTrue(marked >= 2);
    assertTrue(seen.contains(due.id()));
    assertFalse(seen.contains(acknowledged.id()));
    assertTrue(seen.contains(unrelayed.id()), "the deadline runs from the answer, not the relay");
    assertEquals(deadline, outbox.find(due.id()).orElseThrow().escalatedAt());
    outbox.markRelayed(List.of(unrelayed.id()), "node-a");
  }

  @Test
  void relayUnrelayed_holdLimitOutOfRange() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            relay(
                10,
                Duration.ZERO,
                claimed -> {
                  fail("must not claim");
                  return confirm(List.of());
                }));
  }

  @Test
  void insert_notifiesTheRelaysAtCommitOnce_neverOnRollback() throws Exception {
    try (Connection listener = db.dataSource().getConnection();
        Statement s = listener.createStatement()) {
      s.execute("LISTEN " + AlertRelay.CHANNEL);
      PGConnection pg = listener.unwrap(PGConnection.class);

      Alert written = crisisAlert(roster.get(308));
      List<PGNotification> afterWriter = notifications(pg);
      assertEquals(1, afterWriter.size(), "the writer's transaction notified once");
      assertEquals(AlertRelay.CHANNEL, afterWriter.get(0).getName());
      assertEquals(
          Long.toString(written.resultId()),
          afterWriter.get(0).getParameter(),
          "the payload is the result's id, nothing about the student");

      try (Connection c = db.dataSource().getConnection()) {
        c.setAutoCommit(false);
        insertUnsubmitted(c, 990_001, 990_002, 990_003);
        c.rollback();
        assertEquals(List.of(), notifications(pg), "nothing on rollback");

        insertUnsubmitted(c, 990_004, 990_005, 990_006);
        assertEquals(List.of(), notifications(pg), "nothing before COMMIT");
        c.commit();
        List<PGNotification> drafts = notifications(pg);
        assertEquals(1, drafts.size(), "three draft alerts in one transaction notify once");
        assertEquals("", drafts.get(0).getParameter(), "a draft's alert has no result");
      }
      outbox.markRelayed(
          outbox.unrelayed(AlertOutboxStore.MAX_LIMIT).stream().map(Alert::id).toList(), "node-a");
      assertNotNull(outbox.find(written.id()).orElseThrow().relayedAt());
    }
  }

  /** The notifications that reach {@code pg} within half a second. */
  private static List<PGNotification> notifications(PGConnection pg) throws Exception {
    List<PGNotification> got = new ArrayList<>();
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
    while (System.nanoTime() < until) {
      PGNotification[] batch = pg.getNotifications(100);
      if (batch != null) {
        got.addAll(Arrays.asList(batch));
      }
    }
    return got;
  }

  private static void insertUnsubmitted(Connection c, long... studentIds) throws Exception {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO alert_outbox (window_id, student_id, school_id, district_id, level,"
                + " source, form, crisis_level, escalate_due_at)"
                + " VALUES (?, ?, 1001, 301, 3, 'unsubmitted', 'self', 1, now())")) {
      for (long studentId : studentIds) {
        ps.setLong(1, window);
        ps.setLong(2, studentId);
        ps.executeUpdate();
      }
    }
  }

  @Test
  void received_recordsPerStaffAndMarksSeenOnce() throws Exception {
    Alert alert = crisisAlert(roster.get(320));
    Instant first = Instant.parse("2025-09-15T08:01:00Z");
    assertNull(outbox.find(alert.id()).orElseThrow().seenAt());

    assertEquals(Set.of(alert.id()), received(List.of(alert.id()), first));
    assertEquals(Set.of(), received(List.of(alert.id()), first.plusSeconds(30)));
    assertEquals(first, outbox.find(alert.id()).orElseThrow().seenAt(), "the first sighting stays");
    RosterEntry home = roster.get(320);
    Alert unseen = crisisAlert(roster.get(322));
    AlertOutboxStore.ConsoleList list =
        outbox.consoleList(db.pool(), staffId, null, null, AlertOutboxStore.MAX_LIMIT).await();
    assertTrue(list.alerts().contains(unseen));
    assertTrue(list.received().contains(alert.id()), "this staff member's receipt");
    assertFalse(list.received().contains(unseen.id()), "no receipt yet");
    assertEquals(
        Set.of(),
        outbox
            .consoleList(
                db.pool(), staffId + 1, home.districtId(), null, AlertOutboxStore.MAX_LIMIT)
            .await()
            .received(),
        "another staff member's receipts are not this one's");
    assertEquals(Set.of(), received(List.of(), first));
    outbox.markRelayed(List.of(alert.id(), unseen.id()), "node-a");
  }

  @Test
  void backlog_oldestUnacknowledgedAndUnseen() throws Exception {
    Alert alert = crisisAlert(roster.get(321));
    AlertOutboxStore.Backlog backlog = outbox.backlog(db.pool(), alert.createdAt()).await();
    assertTrue(backlog.pending() >= 1);
    assertEquals(0, backlog.notificationsFailing(), "no channel, nothing tried");
    AlertOutboxStore.Oldest oldest = backlog.oldest();
    assertTrue(oldest.unacknowledged().isPresent());
    assertTrue(!oldest.unacknowledged().orElseThrow().isAfter(alert.createdAt()));
    assertTrue(oldest.unseen().isPresent());
    outbox.markRelayed(List.of(alert.id()), "node-a");
  }

  @Test
  void backlog_overdue_pastTheLevelsTimeAndUnacknowledged() throws Exception {
    Alert alert = crisisAlert(roster.get(323));
    Instant due = alert.escalateDueAt();
    assertEquals(0, outbox.backlog(db.pool(), Instant.EPOCH).await().overdue());
    long before = outbox.backlog(db.pool(), due.minusSeconds(1)).await().overdue();
    long after = outbox.backlog(db.pool(), due.plusSeconds(1)).await().overdue();
    assertTrue(
        after >= before + 1, "overdue once its level's time passed: " + before + " " + after);

    assertTrue(outbox.acknowledge(db.pool(), alert.id(), staffId, due).await());
    assertEquals(
        after - 1,
        outbox.backlog(db.pool(), due.plusSeconds(1)).await().overdue(),
        "acknowledged, no longer overdue");
    outbox.markRelayed(List.of(alert.id()), "node-a");
  }

  private static List<Alert> pending(Long districtId, Long schoolId, int limit) {
    return outbox.consoleList(db.pool(), staffId, districtId, schoolId, limit).await().alerts();
  }

  private static Set<Long> received(List<Long> alertIds, Instant at) {
    return db.pool().withTransaction(tx -> outbox.received(tx, staffId, alertIds, at)).await();
  }

  /** The ids of {@code alerts} that are among {@code mine}, in the order given. */
  private static List<Long> ids(List<Alert> alerts, Alert... mine) {
    List<Long> wanted = Arrays.stream(mine).map(Alert::id).toList();
    return alerts.stream().map(Alert::id).filter(wanted::contains).toList();
  }

  private static int relay(int limit, Duration holdLimit, AlertOutboxStore.ClaimedAlerts publish) {
    return db.pool()
        .withTransaction(tx -> outbox.relayUnrelayed(tx, limit, holdLimit, "node-a", publish))
        .await()
        .alerts();
  }

  private static int escalate(Instant now, AlertOutboxStore.ClaimedAlerts publish) {
    return db.pool()
        .withTransaction(
            tx -> outbox.relayDueEscalations(tx, now, 1000, Duration.ofSeconds(5), publish))
        .await()
        .alerts();
  }

  private static Future<Collection<Long>> confirm(Collection<Long> ids) {
    return Future.succeededFuture(ids);
  }

  private static Future<Collection<Long>> confirm(Stream<Long> ids) {
    return confirm(ids.toList());
  }

  private static final Instant ACKNOWLEDGED_AT = Instant.parse("2025-09-15T08:05:00Z");

  private static Alert crisisAlert(RosterEntry student) throws Exception {
    try (ResultWriter writer = new ResultWriter(db.pool(), new WriterConfig(10, 10))) {
      StoredResult stored =
          writer
              .submit(TestRows.row(window, student, "self", 3, true, UUID.randomUUID()))
              .get(30, TimeUnit.SECONDS);
      return outbox.unrelayed(AlertOutboxStore.MAX_LIMIT).stream()
          .filter(a -> Long.valueOf(stored.resultId()).equals(a.resultId()))
          .findFirst()
          .orElseThrow();
    }
  }
}
