package org.huxin.engine.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@DatabaseTest
class AuditStoreTest {

  private static TestDatabase db;
  private static AuditStore audit;

  @BeforeAll
  static void createDatabase() {
    db = TestDatabase.create(AuditStoreTest.class);
    audit = new AuditStore();
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @Test
  void record_readBackForStudentNewestFirst() {
    AuditEvent view =
        new AuditEvent(7L, "school_psychologist", "view_result", 42L, null, "面谈准备", true);
    AuditEvent export =
        new AuditEvent(8L, "district_admin", "export_csv", 42L, "S0101", "季度报告", false);
    long first = audit.record(db.pool(), view).await();
    long second = audit.record(db.pool(), export).await();
    audit
        .record(
            db.pool(),
            new AuditEvent(null, null, "login_failed", null, "unknown user", null, false))
        .await();

    List<AuditEntry> entries = audit.forStudent(db.pool(), 42, 10).await();

    assertEquals(List.of(second, first), entries.stream().map(AuditEntry::id).toList());
    assertEquals(export, entries.get(0).event());
    assertEquals(view, entries.get(1).event());
  }

  @Test
  void record_rowsCannotBeChanged() throws SQLException {
    long id =
        audit
            .record(db.pool(), new AuditEvent(1L, "ops", "view_result", 5L, null, null, true))
            .await();

    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      SQLException update =
          assertThrows(
              SQLException.class,
              () -> s.executeUpdate("UPDATE audit SET ok = false WHERE id = " + id));
      assertTrue(update.getMessage().contains("append-only"), update.getMessage());
      assertThrows(SQLException.class, () -> s.executeUpdate("DELETE FROM audit WHERE id = " + id));
    }
  }

  @Test
  void auditEvent_needsAction() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new AuditEvent(1L, "ops", " ", null, null, null, true));
  }
}
