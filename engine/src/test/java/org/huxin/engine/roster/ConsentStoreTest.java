package org.huxin.engine.roster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.huxin.engine.roster.ConsentStore.Consent;
import org.huxin.engine.staff.NewStaffAccount;
import org.huxin.engine.staff.StaffRole;
import org.huxin.engine.staff.StaffStore;
import org.huxin.engine.store.Store;
import org.huxin.engine.store.StoreException;
import org.huxin.engine.windows.NewWindow;
import org.huxin.engine.windows.WindowStore;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.TestDatabase;
import org.huxin.testsupport.TestRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@DatabaseTest
class ConsentStoreTest {

  private static final Instant T1 = Instant.parse("2026-09-02T08:00:00Z");
  private static final Instant T2 = Instant.parse("2026-09-03T08:00:00Z");

  private static TestDatabase db;
  private static Store store;
  private static List<RosterEntry> roster;
  private static long windowId;
  private static long staffId;

  @BeforeAll
  static void open() {
    db = TestDatabase.create(ConsentStoreTest.class);
    roster = TestRows.loadDemoCity(db.dataSource());
    store = db.openStore();
    windowId =
        new WindowStore(store.dataSource())
            .create(
                NewWindow.cityWide(
                    "consent", 1, 12, java.util.Map.of("4-6", "g4-6"), T1, T1.plusSeconds(864_000)))
            .id();
    staffId =
        new StaffStore(store.dataSource())
            .create(
                new NewStaffAccount(
                    "psy-consent", "x", StaffRole.CITY_ADMIN, null, null, null, "王老师"))
            .id();
  }

  @AfterAll
  static void close() {
    store.close();
    db.close();
  }

  @Test
  void record_newestDecidesAndTheRosterFlagFollows() throws SQLException {
    RosterEntry student = roster.get(0);
    ConsentStore consents = new ConsentStore();
    Pool pool = db.pool();
    assertFalse(
        consents.withdrawn(pool, student.id(), windowId).await(), "no record: nothing withdrawn");

    record(consents, new Consent(student.id(), windowId, false, staffId, "paper_form", T1));
    assertTrue(consents.withdrawn(pool, student.id(), windowId).await());
    assertEquals("f", flag(student.id()));

    record(consents, new Consent(student.id(), windowId, true, null, "online", T2));
    assertFalse(consents.withdrawn(pool, student.id(), windowId).await());
    assertEquals("t", flag(student.id()));
    List<ConsentStore.Entry> history = consents.history(pool, student.id(), windowId, 10).await();
    assertEquals(2, history.size());
    assertEquals("guardian", history.get(0).consent().source());
    assertEquals(T2, history.get(0).consent().at());
    assertEquals(Long.valueOf(staffId), history.get(1).consent().recordedBy());
    assertTrue(history.get(0).id() > 127, "ids above 127");
  }

  @Test
  void record_failedStatement_rollsBackTheFlag() throws SQLException {
    RosterEntry student = roster.get(3);
    String before = flag(student.id());
    ConsentStore consents = new ConsentStore();
    Consent unknownWindow =
        new Consent(student.id(), windowId + 1000, !before.equals("t"), staffId, "phone", T1);

    assertThrows(StoreException.class, () -> record(consents, unknownWindow));
    assertEquals(before, flag(student.id()), "the flag rolled back with the record");
  }

  @Test
  void withdrawnAtSubmit_keepsTheAssentUnlessWithdrawn() throws SQLException {
    ConsentStore consents = new ConsentStore();
    Pool pool = db.pool();
    long kept = roster.get(4).id();
    long withdrawn = roster.get(5).id();
    record(consents, new Consent(withdrawn, windowId, false, staffId, "paper_form", T1));

    assertFalse(consents.withdrawnAtSubmit(pool, kept, windowId, "self", T1, T2).await());
    assertFalse(
        consents.withdrawnAtSubmit(pool, kept, windowId, "self", T2, T2).await(),
        "a second assent changes nothing");
    assertTrue(consents.withdrawnAtSubmit(pool, withdrawn, windowId, "self", T1, T2).await());
    assertFalse(
        consents.withdrawnAtSubmit(pool, roster.get(6).id(), windowId, "self", null, T2).await());

    assertEquals(T1.toString(), assentedAt(kept), "the first assent counts");
    assertEquals(null, assentedAt(withdrawn), "nothing kept after a withdrawal");
    assertEquals(null, assentedAt(roster.get(6).id()), "no assent sent, none kept");
  }

  @Test
  void recordAssent_firstOneCounts() throws SQLException {
    ConsentStore consents = new ConsentStore();
    long student = roster.get(7).id();

    consents.recordAssent(db.pool(), student, windowId, "self", T1, T2).await();
    consents.recordAssent(db.pool(), student, windowId, "self", T2, T2).await();

    assertEquals(T1.toString(), assentedAt(student));
  }

  @Test
  void record_unknownMethod_refused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Consent(roster.get(1).id(), windowId, true, staffId, "carrier pigeon", T1));
  }

  @Test
  void appRole_cannotRewriteTheRecord() throws SQLException {
    record(
        new ConsentStore(), new Consent(roster.get(2).id(), windowId, true, staffId, "phone", T1));
    try (Connection c = store.dataSource().getConnection();
        Statement s = c.createStatement()) {
      assertThrows(
          SQLException.class, () -> s.execute("UPDATE guardian_consent SET given = false"));
      assertThrows(SQLException.class, () -> s.execute("DELETE FROM guardian_consent"));
    }
  }

  private static long record(ConsentStore consents, Consent consent) {
    return db.pool().withTransaction(tx -> consents.record(tx, consent)).await();
  }

  private static String assentedAt(long studentId) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT assented_at FROM student_assent WHERE student_id = ? AND window_id = ?")) {
      ps.setLong(1, studentId);
      ps.setLong(2, windowId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getTimestamp(1).toInstant().toString() : null;
      }
    }
  }

  private static String flag(long studentId) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT consent_guardian::text FROM student WHERE id = ?")) {
      ps.setLong(1, studentId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1).substring(0, 1);
      }
    }
  }
}
