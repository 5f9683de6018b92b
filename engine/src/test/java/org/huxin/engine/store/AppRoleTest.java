package org.huxin.engine.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.huxin.engine.audit.AuditEvent;
import org.huxin.engine.audit.AuditStore;
import org.huxin.engine.windows.NewWindow;
import org.huxin.engine.windows.Window;
import org.huxin.engine.windows.WindowStore;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The application's role (V16__app_role.sql) against the audit trail and the statement timeout: a
 * store opened as a deployment opens it connects as {@code huxin_app}, which may append to and read
 * the audit trail but can change it in no way, while the rest of the application works.
 */
@DatabaseTest
class AppRoleTest {

  private static final String PERMISSION_DENIED = "42501";
  private static final String MUST_BE_OWNER = "42501";

  private static TestDatabase db;
  private static Store store;
  private static Pool pool;

  @BeforeAll
  static void open() {
    db = TestDatabase.create(AppRoleTest.class);
    store = db.openStore();
    pool = store.pool(TestDatabase.vertx(), PgPoolConfig.DEFAULT);
  }

  @AfterAll
  static void close() {
    pool.close().await();
    store.close();
    db.close();
  }

  @Test
  void open_connectsAsTheAppRole() throws SQLException {
    assertEquals(EmbeddedPostgresServer.APP_USER, query("SELECT current_user"));
    assertEquals("30s", query("SHOW statement_timeout"));
  }

  @Test
  void pool_connectsAsTheAppRoleWithTheStatementTimeout() {
    var row = pool.query("SELECT current_user, current_setting('statement_timeout')").execute();
    var first = row.await().iterator().next();

    assertEquals(EmbeddedPostgresServer.APP_USER, first.getString(0));
    assertEquals("30s", first.getString(1));
  }

  @Test
  void appRole_appendsToAndReadsTheAuditTrail() {
    long id =
        new AuditStore()
            .record(pool, new AuditEvent(701L, "ops", "view_result", 20_001L, null, null, true))
            .await();

    assertEquals(id, new AuditStore().forStudent(pool, 20_001L, 5).await().get(0).id());
  }

  @Test
  void appRole_cannotChangeTheAuditTrail() throws SQLException {
    long id =
        new AuditStore()
            .record(pool, new AuditEvent(702L, "ops", "view_result", 20_002L, null, null, true))
            .await();
    Map<String, String> attempts =
        Map.of(
            "UPDATE audit SET ok = false WHERE id = " + id,
            PERMISSION_DENIED,
            "DELETE FROM audit WHERE id = " + id,
            PERMISSION_DENIED,
            "TRUNCATE audit",
            PERMISSION_DENIED,
            "ALTER TABLE audit DISABLE TRIGGER audit_append_only",
            MUST_BE_OWNER,
            "ALTER TABLE audit DISABLE TRIGGER ALL",
            MUST_BE_OWNER,
            "ALTER TABLE audit ADD COLUMN note text",
            MUST_BE_OWNER,
            "DROP TRIGGER audit_append_only ON audit",
            MUST_BE_OWNER,
            "DROP TABLE audit",
            MUST_BE_OWNER,
            "CREATE TABLE audit_copy (id bigint)",
            PERMISSION_DENIED);
    for (Map.Entry<String, String> attempt : attempts.entrySet()) {
      try (Connection c = store.dataSource().getConnection();
          Statement s = c.createStatement()) {
        SQLException e = assertThrows(SQLException.class, () -> s.execute(attempt.getKey()));
        assertEquals(attempt.getValue(), e.getSQLState(), attempt.getKey() + ": " + e.getMessage());
      }
    }
    assertEquals("1", query("SELECT count(*) FROM audit WHERE id = " + id + " AND ok"));
    assertEquals(
        "O",
        ownerQuery("SELECT tgenabled::text FROM pg_trigger WHERE tgname = 'audit_append_only'"),
        "the trigger is still enabled");
  }

  @Test
  void appRole_noTruncateAnywhere() throws SQLException {
    assertEquals(
        "0",
        ownerQuery(
            "SELECT count(*) FROM information_schema.table_privileges WHERE grantee = 'huxin_app'"
                + " AND privilege_type IN ('TRUNCATE', 'TRIGGER', 'REFERENCES')"));
  }

  @Test
  void appRole_createsWindowsWithTheirPartitions() throws SQLException {
    Window w =
        new WindowStore(store.dataSource())
            .create(
                new NewWindow(
                    "app role window",
                    List.of(),
                    List.of(),
                    4,
                    6,
                    Map.of("4-6", "g4-6"),
                    Instant.parse("2026-09-01T00:00:00Z"),
                    Instant.parse("2026-09-30T00:00:00Z"),
                    null,
                    2,
                    NewWindow.DEFAULT_RULE_SET));

    assertEquals(
        "2",
        ownerQuery(
            "SELECT count(*) FROM pg_inherits WHERE inhparent = 'result_w"
                + w.id()
                + "'::regclass"));
  }

  @Test
  void tablesOfLaterMigrations_areGrantedByDefault() throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE later_feature (id bigserial PRIMARY KEY, v text)");
    }
    try (Connection c = store.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO later_feature (v) VALUES ('x')");
      assertThrows(SQLException.class, () -> s.execute("TRUNCATE later_feature"));
    }
  }

  @Test
  void statementTimeout_cancelsASlowStatement() {
    StoreConfig quick = db.storeConfig(1).withTimeouts(1, 0, 5);
    try (Store slow = Store.open(quick);
        Connection c = slow.dataSource().getConnection();
        Statement s = c.createStatement()) {
      long started = System.nanoTime();
      SQLException e = assertThrows(SQLException.class, () -> s.execute("SELECT pg_sleep(10)"));
      assertEquals("57014", e.getSQLState(), e.getMessage());
      assertTrue(System.nanoTime() - started < 5_000_000_000L, "cancelled after about 1 s");
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void openForJob_connectsAsTheOwner() throws SQLException {
    try (Store job = Store.openForJob(db.storeConfig(1));
        Connection c = job.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_user")) {
      rs.next();
      assertEquals(EmbeddedPostgresServer.USER, rs.getString(1));
    }
  }

  private static String query(String sql) throws SQLException {
    try (Connection c = store.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static String ownerQuery(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
