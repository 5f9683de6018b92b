package org.huxin.engine.roster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    ConsentStore consents = new ConsentStore(store.dataSource());
    assertFalse(consents.withdrawn(student.id(), windowId), "no record: nothing withdrawn");

    consents.record(new Consent(student.id(), windowId, false, staffId, "paper_form", T1));
    assertTrue(consents.withdrawn(student.id(), windowId));
    assertEquals("f", flag(student.id()));

    consents.record(new Consent(student.id(), windowId, true, null, "online", T2));
    assertFalse(consents.withdrawn(student.id(), windowId));
    assertEquals("t", flag(student.id()));
    List<ConsentStore.Entry> history = consents.history(student.id(), windowId, 10);
    assertEquals(2, history.size());
    assertEquals("guardian", history.get(0).consent().source());
    assertEquals(T2, history.get(0).consent().at());
    assertEquals(Long.valueOf(staffId), history.get(1).consent().recordedBy());
    assertTrue(history.get(0).id() > 127, "ids above 127");
  }

  @Test
  void record_unknownMethod_refused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Consent(roster.get(1).id(), windowId, true, staffId, "carrier pigeon", T1));
  }

  @Test
  void appRole_cannotRewriteTheRecord() throws SQLException {
    new ConsentStore(store.dataSource())
        .record(new Consent(roster.get(2).id(), windowId, true, staffId, "phone", T1));
    try (Connection c = store.dataSource().getConnection();
        Statement s = c.createStatement()) {
      assertThrows(
          SQLException.class, () -> s.execute("UPDATE guardian_consent SET given = false"));
      assertThrows(SQLException.class, () -> s.execute("DELETE FROM guardian_consent"));
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
