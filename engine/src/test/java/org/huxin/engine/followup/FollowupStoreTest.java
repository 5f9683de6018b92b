package org.huxin.engine.followup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.huxin.engine.audit.AuditEvent;
import org.huxin.engine.audit.AuditStore;
import org.huxin.engine.renorm.NormSetStore;
import org.huxin.engine.results.ResultRow;
import org.huxin.engine.results.ResultWriter;
import org.huxin.engine.results.WriterConfig;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.staff.NewStaffAccount;
import org.huxin.engine.staff.StaffRole;
import org.huxin.engine.staff.StaffStore;
import org.huxin.engine.windows.NewWindow;
import org.huxin.engine.windows.WindowStore;
import org.huxin.scales.LocalizedText;
import org.huxin.scales.NormCell;
import org.huxin.scales.NormSet;
import org.huxin.scales.ScaleLibrary;
import org.huxin.scales.SchoolBand;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.TestDatabase;
import org.huxin.testsupport.TestRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@DatabaseTest
class FollowupStoreTest {

  private static TestDatabase db;
  private static DataSource dataSource;
  private static List<RosterEntry> roster;
  private static FollowupStore followups;
  private static StudentArchiveQueries archives;
  private static long actor;
  private static int next;

  @BeforeAll
  static void loadCity() {
    db = TestDatabase.create(FollowupStoreTest.class);
    dataSource = db.dataSource();
    roster = TestRows.loadDemoCity(dataSource);
    followups = new FollowupStore(TestRows.cipher());
    archives = new StudentArchiveQueries(TestRows.cipher());
    actor =
        new StaffStore(dataSource)
            .create(new NewStaffAccount("psy", "x", StaffRole.CITY_ADMIN, null, null, null, "王老师"))
            .id();
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @Test
  void resultTrigger_opensOneCasePerCloseOrCrisisResult() throws Exception {
    long window = newWindow();
    RosterEntry routine = student();
    RosterEntry key = student();
    RosterEntry close = student();
    RosterEntry crisis = student();
    write(
        TestRows.row(window, routine, "self", 0, false, UUID.randomUUID()),
        TestRows.row(window, key, "self", 1, false, UUID.randomUUID()),
        TestRows.row(window, close, "self", 2, false, UUID.randomUUID()),
        TestRows.row(window, close, "parent", 2, false, UUID.randomUUID()),
        TestRows.row(window, crisis, "self", 3, true, UUID.randomUUID()));

    assertEquals(0, followups.casesOf(db.pool(), routine.id()).await().size());
    assertEquals(0, followups.casesOf(db.pool(), key.id()).await().size());
    List<FollowupCase> closeCases = followups.casesOf(db.pool(), close.id()).await();
    assertEquals(1, closeCases.size(), "two tier-2 forms, one case");
    FollowupCase c = closeCases.get(0);
    assertEquals(2, c.level());
    assertEquals(TestRows.SUBMITTED_AT, c.openedAt());
    assertEquals(TestRows.SUBMITTED_AT.plus(Duration.ofDays(7)), c.dueAt());
    assertEquals(close.classId(), c.classId());
    FollowupCase crisisCase = followups.casesOf(db.pool(), crisis.id()).await().get(0);
    assertEquals(3, crisisCase.level());
    assertEquals(TestRows.SUBMITTED_AT.plus(Duration.ofDays(1)), crisisCase.dueAt());
  }

  @Test
  void resultTrigger_higherTierRaisesOpenCase() throws Exception {
    long window = newWindow();
    RosterEntry s = student();
    write(TestRows.row(window, s, "self", 2, false, UUID.randomUUID()));
    write(TestRows.row(window, s, "parent", 3, true, UUID.randomUUID()));

    List<FollowupCase> cases = followups.casesOf(db.pool(), s.id()).await();
    assertEquals(1, cases.size());
    assertEquals(3, cases.get(0).level());
    assertEquals(TestRows.SUBMITTED_AT.plus(Duration.ofDays(1)), cases.get(0).dueAt());
  }

  @Test
  void resultTrigger_rescoreOpensCaseOnlyWhenTierRises() throws Exception {
    long window = newWindow();
    RosterEntry s = student();
    write(TestRows.row(window, s, "self", 2, false, UUID.randomUUID()));
    record(new NewFollowup(s.id(), window, FollowupAction.CLOSED, actor, null, at(0)));

    execute("UPDATE result SET tier = 2 WHERE window_id = ? AND student_id = ?", window, s.id());
    assertEquals(
        1,
        followups.casesOf(db.pool(), s.id()).await().size(),
        "same tier: the closed case stays closed");

    execute("UPDATE result SET tier = 3 WHERE window_id = ? AND student_id = ?", window, s.id());
    List<FollowupCase> cases = followups.casesOf(db.pool(), s.id()).await();
    assertEquals(2, cases.size(), "a re-score into crisis opens a new case");
    assertTrue(cases.get(0).open());
    assertEquals(3, cases.get(0).level());
  }

  @Test
  void record_appendsAdvancesAndCloses() throws Exception {
    long window = newWindow();
    RosterEntry s = student();
    write(TestRows.row(window, s, "self", 3, true, UUID.randomUUID()));

    Recorded interview =
        record(new NewFollowup(s.id(), null, FollowupAction.INTERVIEW, actor, "谈话顺利", at(1)));
    assertEquals("谈话顺利", interview.entry().note());
    assertEquals("王老师", interview.entry().actorName());
    assertEquals(window, interview.entry().windowId());
    assertEquals(interview.followupCase().id(), interview.entry().caseId());
    assertEquals(at(1).plus(FollowupStore.NEXT_ACTION_WITHIN), interview.followupCase().dueAt());
    assertEquals(FollowupAction.INTERVIEW, interview.followupCase().lastAction());

    Recorded closed =
        record(new NewFollowup(s.id(), window, FollowupAction.CLOSED, actor, null, at(2)));
    assertEquals(at(2), closed.followupCase().closedAt());
    assertFalse(closed.followupCase().open());
    assertNull(closed.entry().note());

    List<LedgerEntry> ledger = followups.ledgerOf(db.pool(), s.id()).await();
    assertEquals(
        List.of(FollowupAction.INTERVIEW, FollowupAction.CLOSED),
        ledger.stream().map(LedgerEntry::action).toList());
    assertNotNull(noteBytes(ledger.get(0).id()));
    assertFalse(
        new String(noteBytes(ledger.get(0).id()), java.nio.charset.StandardCharsets.UTF_8)
            .contains("谈话"),
        "the note is stored encrypted");
  }

  @Test
  void studentsWithOpenCases_onlyTheWindowsOpenOnes() throws Exception {
    long window = newWindow();
    long otherWindow = newWindow();
    RosterEntry open = student();
    RosterEntry closed = student();
    RosterEntry routine = student();
    RosterEntry elsewhere = student();
    write(
        TestRows.row(window, open, "self", 2, false, UUID.randomUUID()),
        TestRows.row(window, closed, "self", 3, true, UUID.randomUUID()),
        TestRows.row(window, routine, "self", 0, false, UUID.randomUUID()),
        TestRows.row(otherWindow, elsewhere, "self", 2, false, UUID.randomUUID()));
    record(new NewFollowup(closed.id(), window, FollowupAction.CLOSED, actor, null, at(1)));

    assertEquals(List.of(open.id()), followups.studentsWithOpenCases(db.pool(), window).await());
    assertEquals(
        List.of(elsewhere.id()), followups.studentsWithOpenCases(db.pool(), otherWindow).await());
  }

  @Test
  void record_closeWithoutOpenCase() {
    RosterEntry s = student();
    assertThrows(
        NoOpenCaseException.class,
        () -> record(new NewFollowup(s.id(), null, FollowupAction.CLOSED, actor, null, at(0))));
    assertEquals(0, followups.ledgerOf(db.pool(), s.id()).await().size(), "nothing written");
  }

  @Test
  void record_actionWithoutCaseIsKeptUnlinked() {
    RosterEntry s = student();
    Recorded r =
        record(new NewFollowup(s.id(), null, FollowupAction.PARENT_INFORMED, actor, null, at(0)));
    assertNull(r.followupCase());
    assertNull(r.entry().caseId());
  }

  @Test
  void cases_overdueJudgedAgainstTheGivenTime() throws Exception {
    long window = newWindow();
    RosterEntry s = student();
    write(TestRows.row(window, s, "self", 3, true, UUID.randomUUID()));
    Instant due = TestRows.SUBMITTED_AT.plus(Duration.ofDays(1));

    assertFalse(overdueIds(due.minusSeconds(1), s).contains(s.id()));
    assertTrue(overdueIds(due.plusSeconds(1), s).contains(s.id()));
    CaseRow row =
        followups
            .cases(db.pool(), new CaseQuery(CaseStatus.OPEN, null, null, s.classId(), due, 100))
            .await()
            .stream()
            .filter(r -> r.followupCase().studentId() == s.id())
            .findFirst()
            .orElseThrow();
    assertEquals(s.studentNo(), row.studentNo());
    assertFalse(row.name().isBlank());
  }

  @Test
  void cases_pagesJoinedAreTheWholeList_openAndClosed() throws Exception {
    long window = newWindow();
    RosterEntry first = student();
    List<RosterEntry> same = new ArrayList<>();
    same.add(first);
    while (same.size() < 7) {
      RosterEntry s = student();
      if (s.schoolId() == first.schoolId()) {
        same.add(s);
      }
    }
    for (int i = 0; i < same.size(); i++) {
      write(TestRows.row(window, same.get(i), "self", 3, true, UUID.randomUUID()));
      if (i % 2 == 0) {
        record(
            new NewFollowup(
                same.get(i).id(), window, FollowupAction.CLOSED, actor, null, at(i % 3)));
      }
    }
    for (CaseStatus status : List.of(CaseStatus.OPEN, CaseStatus.CLOSED)) {
      CaseQuery all = new CaseQuery(status, null, first.schoolId(), null, at(0), 1000);
      List<Long> whole = caseIds(followups.cases(db.pool(), all).await());
      assertTrue(whole.size() >= 3, status + " has cases to page through");
      assertEquals(whole.size(), followups.countCases(db.pool(), all).await());

      List<Long> paged = new ArrayList<>();
      CaseCursor after = null;
      for (int page = 0; page <= whole.size(); page++) {
        List<CaseRow> rows =
            followups
                .cases(
                    db.pool(), new CaseQuery(status, null, first.schoolId(), null, at(0), 2, after))
                .await();
        if (rows.isEmpty()) {
          break;
        }
        paged.addAll(caseIds(rows));
        CaseCursor next = CaseCursor.after(rows.get(rows.size() - 1).followupCase(), status);
        after = CaseCursor.parse(next.text());
        assertEquals(next, after, "a cursor survives its text");
      }
      assertEquals(whole, paged, status + ": the pages, in order, are the whole list");
    }
  }

  @Test
  void caseCursor_refusesWhatItDidNotWrite() {
    for (String bad :
        List.of("", "12", "-1-2", "1.5-2", "1-2-3", "99999999999999999999-1", "x-1")) {
      assertThrows(IllegalArgumentException.class, () -> CaseCursor.parse(bad), bad);
    }
    Instant micro = Instant.parse("2026-11-23T08:00:00.123456Z");
    assertEquals(micro, CaseCursor.parse(new CaseCursor(micro, 42).text()).at());
  }

  private static List<Long> caseIds(List<CaseRow> rows) {
    return rows.stream().map(r -> r.followupCase().id()).toList();
  }

  @Test
  void results_everyWindowOldestFirst() throws Exception {
    RosterEntry s = student();
    long first = newWindow();
    long second = newWindow();
    write(TestRows.row(second, s, "self", 1, false, UUID.randomUUID()));
    write(TestRows.row(first, s, "self", 2, false, UUID.randomUUID()));

    List<ArchiveResult> results = archives.results(db.pool(), s.id()).await();
    assertEquals(List.of(first, second), results.stream().map(ArchiveResult::windowId).toList());
    assertTrue(results.get(0).scoresJson().contains("phq9"));
    assertEquals(
        s.studentNo(), archives.student(db.pool(), s.id()).await().orElseThrow().studentNo());
  }

  @Test
  void normSets_savedOrShippedAndNoneForAnUnknownVersion() {
    ScaleLibrary library = ScaleLibrary.loadDefault();
    NormSet shipped = library.normSet("k10-cn-2023");
    NormSetStore sets = new NormSetStore(dataSource);
    sets.saveIfAbsent(shipped, NormSetStore.Provenance.shipped());
    NormSet local =
        new NormSet(
            "local-archive",
            "1.0.0",
            LocalizedText.of("本地常模", "Local norms"),
            "window test",
            "",
            List.of(new NormCell("phq9", SchoolBand.G7_9, 'F', 120, 6.5, 4.1, false, null)));
    sets.save(local, NormSetStore.Provenance.shipped());
    String both = local.label() + "+" + shipped.label();

    Map<String, List<NormSet>> norms =
        archives
            .normSets(
                db.pool(), List.of(shipped.label(), both, "not a label", "gone@9.9.9"), library)
            .await();

    assertSame(shipped, norms.get(shipped.label()).get(0), "a saved copy reads as the shipped set");
    assertEquals(List.of(local, shipped), norms.get(both));
    assertEquals(List.of(), norms.get("not a label"));
    assertEquals(List.of(), norms.get("gone@9.9.9"));
  }

  @Test
  void page_filtersByDistrictAndPagesById() {
    AuditStore audit = new AuditStore();
    Pool pool = db.pool();
    RosterEntry here = roster.get(0);
    RosterEntry there =
        roster.stream().filter(e -> e.districtId() != here.districtId()).findFirst().orElseThrow();
    long a =
        audit
            .record(
                pool,
                new AuditEvent(actor, "city_admin", "view_archive", here.id(), null, null, true))
            .await();
    long b =
        audit
            .record(
                pool,
                new AuditEvent(actor, "city_admin", "view_archive", there.id(), null, null, true))
            .await();
    long c =
        audit
            .record(
                pool,
                new AuditEvent(actor, "city_admin", "view_archive", here.id(), null, null, false))
            .await();

    List<Long> district =
        audit
            .page(
                pool,
                new AuditStore.Filter(null, null, "view_archive", here.districtId(), null, 10))
            .await()
            .stream()
            .map(l -> l.entry().id())
            .toList();
    assertTrue(district.containsAll(List.of(c, a)));
    assertFalse(district.contains(b));
    List<AuditStore.Listed> page =
        audit.page(pool, new AuditStore.Filter(here.id(), null, null, null, c, 10)).await();
    assertEquals(a, page.get(0).entry().id(), "before c, newest first");
    assertEquals("王老师", page.get(0).actorName());
  }

  /** Records {@code f} in a transaction of its own, as a request does. */
  private static Recorded record(NewFollowup f) {
    return db.pool().withTransaction(tx -> followups.record(tx, f)).await();
  }

  private static Instant at(int days) {
    return TestRows.SUBMITTED_AT.plus(Duration.ofDays(days));
  }

  private static List<Long> overdueIds(Instant now, RosterEntry s) {
    return followups
        .cases(
            db.pool(),
            new CaseQuery(CaseStatus.OVERDUE, s.districtId(), s.schoolId(), null, now, 1000))
        .await()
        .stream()
        .map(r -> r.followupCase().studentId())
        .toList();
  }

  private static RosterEntry student() {
    return roster.get(next++);
  }

  private static long newWindow() {
    Instant opens = Instant.parse("2025-09-01T00:00:00Z").plus(Duration.ofDays(next));
    next++;
    return new WindowStore(dataSource)
        .create(
            NewWindow.cityWide(
                "跟踪测试 " + next,
                1,
                12,
                Map.of("1-3", "g1-3", "4-6", "g4-6", "7-9", "g7-9", "10-12", "g10-12"),
                opens,
                opens.plus(Duration.ofDays(60))))
        .id();
  }

  private static void write(ResultRow... rows) throws Exception {
    try (ResultWriter writer = new ResultWriter(db.pool(), new WriterConfig(64, 100))) {
      for (ResultRow row : rows) {
        writer.submit(row).get(30, TimeUnit.SECONDS);
      }
    }
  }

  private static void execute(String sql, long window, long student) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, window);
      ps.setLong(2, student);
      ps.executeUpdate();
    }
  }

  private static byte[] noteBytes(long followupId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT note_enc FROM followup WHERE id = ?")) {
      ps.setLong(1, followupId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBytes(1);
      }
    }
  }
}
