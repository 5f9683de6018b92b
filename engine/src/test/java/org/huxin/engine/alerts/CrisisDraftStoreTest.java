package org.huxin.engine.alerts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.huxin.engine.results.ResultWriter;
import org.huxin.engine.results.WriterConfig;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.windows.NewWindow;
import org.huxin.engine.windows.Window;
import org.huxin.engine.windows.WindowStatus;
import org.huxin.engine.windows.WindowStore;
import org.huxin.scales.CrisisLevel;
import org.huxin.scales.TierRuleSet;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.TestDatabase;
import org.huxin.testsupport.TestRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A crisis answer in a draft that nobody submits still raises its alert, once. */
@DatabaseTest
class CrisisDraftStoreTest {

  private static final Instant SEEN = Instant.parse("2026-10-12T08:00:00Z");
  private static final Duration AFTER = Duration.ofMinutes(20);

  private static TestDatabase db;
  private static List<RosterEntry> roster;
  private static CrisisDraftStore drafts;
  private static AlertOutboxStore outbox;
  private static WindowStore windows;

  @BeforeAll
  static void loadCity() {
    db = TestDatabase.create(CrisisDraftStoreTest.class);
    roster = TestRows.loadDemoCity(db.dataSource());
    drafts = new CrisisDraftStore(db.dataSource());
    outbox = new AlertOutboxStore(db.dataSource());
    windows = new WindowStore(db.dataSource());
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @Test
  void sweepDue_noSubmit_raisesOneUnsubmittedAlertAtItsLevel() {
    long window = openWindow();
    RosterEntry student = roster.get(10);
    drafts.record(db.pool(), signal(window, student, CrisisLevel.GENERAL, SEEN)).await();

    assertEquals(new CrisisDraftStore.Sweep(0, 0), sweep(SEEN.plus(AFTER).minusSeconds(1)));
    CrisisDraftStore.Sweep swept = sweep(SEEN.plus(AFTER));
    assertEquals(new CrisisDraftStore.Sweep(1, 1), swept);

    Alert alert = alertsOf(window).get(0);
    assertEquals(Alert.Source.UNSUBMITTED, alert.source());
    assertNull(alert.resultId());
    assertEquals(student.id(), alert.studentId());
    assertEquals(student.schoolId(), alert.schoolId());
    assertEquals("self", alert.form());
    assertEquals(CrisisLevel.GENERAL, alert.crisisLevel());
    assertEquals(SEEN.plus(AFTER), alert.createdAt());
    assertEquals(SEEN.plus(AFTER).plus(Duration.ofHours(2)), alert.escalateDueAt());

    drafts
        .record(
            db.pool(), signal(window, student, CrisisLevel.MAJOR, SEEN.plus(Duration.ofHours(1))))
        .await();
    assertEquals(
        new CrisisDraftStore.Sweep(0, 0),
        sweep(SEEN.plus(Duration.ofDays(1))),
        "once per student, window and form");
    assertEquals(1, alertsOf(window).size());
  }

  @Test
  void sweepDue_submitFollowed_settledWithoutAlert() throws Exception {
    long window = openWindow();
    RosterEntry student = roster.get(11);
    drafts.record(db.pool(), signal(window, student, CrisisLevel.SERIOUS, SEEN)).await();
    try (ResultWriter writer = new ResultWriter(db.pool(), new WriterConfig(10, 10))) {
      writer.submit(TestRows.row(window, student)).get(30, TimeUnit.SECONDS);
    }

    assertEquals(new CrisisDraftStore.Sweep(1, 0), sweep(SEEN.plus(AFTER)));
    assertEquals(List.of(), alertsOf(window));
  }

  @Test
  void record_levelRisesBeforeTheSweep() {
    long window = openWindow();
    RosterEntry student = roster.get(12);
    drafts.record(db.pool(), signal(window, student, CrisisLevel.GENERAL, SEEN)).await();
    drafts
        .record(db.pool(), signal(window, student, CrisisLevel.MAJOR, SEEN.plusSeconds(60)))
        .await();
    drafts
        .record(db.pool(), signal(window, student, CrisisLevel.SERIOUS, SEEN.plusSeconds(120)))
        .await();

    sweep(SEEN.plus(AFTER));

    Alert alert = alertsOf(window).get(0);
    assertEquals(CrisisLevel.MAJOR, alert.crisisLevel(), "the highest level seen");
    assertEquals(
        SEEN.plus(AFTER).plus(Duration.ofMinutes(10)),
        alert.escalateDueAt(),
        "重大 escalates after 10 minutes");
  }

  @Test
  void sweepDue_windowClosedEarly_dueAtOnce() {
    long window = openWindow();
    drafts.record(db.pool(), signal(window, roster.get(13), CrisisLevel.SERIOUS, SEEN)).await();
    windows.setStatus(window, WindowStatus.CLOSED);

    assertEquals(new CrisisDraftStore.Sweep(1, 1), sweep(SEEN.plusSeconds(1)));
  }

  @Test
  void record_keepsTheRulesLevelAndTimes() throws Exception {
    long window = openWindow();
    RosterEntry student = roster.get(15);
    String[] rules = {"crisis_asq_positive", "rule, with \"quotes\" and {braces}"};
    drafts
        .record(
            db.pool(),
            new CrisisDraftStore.Signal(
                window,
                student.id(),
                "parent",
                student.districtId(),
                student.schoolId(),
                CrisisLevel.MAJOR,
                rules,
                Duration.ofMinutes(10),
                SEEN,
                SEEN.plus(AFTER)))
        .await();

    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT fired_rules, crisis_level, escalate_s, first_seen_at, due_at, settled_at"
                    + " FROM crisis_draft WHERE window_id = ? AND student_id = ? AND form = ?")) {
      ps.setLong(1, window);
      ps.setLong(2, student.id());
      ps.setString(3, "parent");
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertArrayEquals(rules, (String[]) rs.getArray(1).getArray());
        assertEquals(CrisisLevel.MAJOR.code(), rs.getInt(2));
        assertEquals(600, rs.getInt(3));
        assertEquals(SEEN, rs.getObject(4, OffsetDateTime.class).toInstant());
        assertEquals(SEEN.plus(AFTER), rs.getObject(5, OffsetDateTime.class).toInstant());
        assertNull(rs.getObject(6));
      }
    }
  }

  @Test
  void signal_needsRulesAndAForm() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new CrisisDraftStore.Signal(
                1, 2, "self", 3, 4, CrisisLevel.GENERAL, new String[0], AFTER, SEEN, SEEN));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new CrisisDraftStore.Signal(
                1, 2, "x", 3, 4, CrisisLevel.GENERAL, new String[] {"r"}, AFTER, SEEN, SEEN));
  }

  /** One sweep at {@code now}, as a node's sweep loop runs it. */
  private static CrisisDraftStore.Sweep sweep(Instant now) {
    return drafts.sweepDue(now, CrisisDraftStore.MAX_BATCH);
  }

  private static CrisisDraftStore.Signal signal(
      long window, RosterEntry student, CrisisLevel level, Instant seen) {
    return new CrisisDraftStore.Signal(
        window,
        student.id(),
        "self",
        student.districtId(),
        student.schoolId(),
        level,
        new String[] {"crisis_asq_positive"},
        TierRuleSet.DEFAULT_ESCALATION.get(level),
        seen,
        seen.plus(AFTER));
  }

  private static long openWindow() {
    Window w =
        windows.create(
            NewWindow.cityWide(
                "草稿危机",
                1,
                12,
                Map.of("1-12", "all"),
                SEEN.minusSeconds(3600),
                SEEN.plus(Duration.ofDays(7))));
    return windows.setStatus(w.id(), WindowStatus.OPEN).id();
  }

  private static List<Alert> alertsOf(long window) {
    return outbox.pending(null, null, AlertOutboxStore.MAX_LIMIT).stream()
        .filter(a -> a.windowId() == window)
        .toList();
  }

  @Test
  void countOpen_settledRowsLeave() {
    long window = openWindow();
    long before = drafts.countOpen();
    drafts.record(db.pool(), signal(window, roster.get(14), CrisisLevel.GENERAL, SEEN)).await();
    assertEquals(before + 1, drafts.countOpen());
    sweep(SEEN.plus(AFTER));
    assertTrue(drafts.countOpen() <= before);
  }
}
