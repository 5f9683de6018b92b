package org.huxin.engine.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@DatabaseTest
class TransactionsTest {

  private static TestDatabase db;

  @BeforeAll
  static void createDatabase() throws SQLException {
    db = TestDatabase.create(TransactionsTest.class);
    execute("CREATE TABLE tx_probe (id int PRIMARY KEY)");
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @BeforeEach
  void empty() throws SQLException {
    execute("TRUNCATE tx_probe");
  }

  @Test
  void inTransaction_commitsOnReturn() throws SQLException {
    try (OneConnection one = new OneConnection()) {
      String result =
          Transactions.inTransaction(
              one,
              c -> {
                assertFalse(c.getAutoCommit(), "the work runs inside a transaction");
                insert(c, 1);
                insert(c, 2);
                return "done";
              });

      assertEquals("done", result);
      assertTrue(one.real.getAutoCommit(), "auto-commit is back on");
      assertEquals(1, one.closed, "the connection was closed once");
    }
    assertArrayEquals(new int[] {1, 2}, ids());
  }

  @Test
  void run_commitsOnReturn() throws SQLException {
    Transactions.run(db.dataSource(), c -> insert(c, 3));

    assertArrayEquals(new int[] {3}, ids());
  }

  @Test
  void inTransaction_rollsBackOnSqlException() throws SQLException {
    SQLException thrown;
    try (OneConnection one = new OneConnection()) {
      thrown =
          assertThrows(
              SQLException.class,
              () ->
                  Transactions.run(
                      one,
                      c -> {
                        insert(c, 1);
                        insert(c, 1);
                      }));

      assertEquals("23505", thrown.getSQLState(), "the work's own failure comes out");
      assertEquals(0, thrown.getSuppressed().length);
      assertTrue(one.real.getAutoCommit(), "auto-commit is back on");
    }
    assertArrayEquals(new int[0], ids());
  }

  @Test
  void inTransaction_rollsBackOnRuntimeException() throws SQLException {
    IllegalStateException failure = new IllegalStateException("the work gave up");
    try (OneConnection one = new OneConnection()) {
      IllegalStateException thrown =
          assertThrows(
              IllegalStateException.class,
              () ->
                  Transactions.inTransaction(
                      one,
                      c -> {
                        insert(c, 1);
                        throw failure;
                      }));

      assertSame(failure, thrown);
      assertTrue(one.real.getAutoCommit(), "auto-commit is back on");
    }
    assertArrayEquals(new int[0], ids());
  }

  @Test
  void inTransaction_rollsBackOnCheckedException() throws SQLException {
    IOException failure = new IOException("the file went away");
    IOException thrown =
        assertThrows(
            IOException.class,
            () ->
                Transactions.run(
                    db.dataSource(),
                    c -> {
                      insert(c, 1);
                      throw failure;
                    }));

    assertSame(failure, thrown);
    assertArrayEquals(new int[0], ids());
  }

  @Test
  void inTransaction_rollsBackWhenTheCommitFails() throws SQLException {
    execute(
        "CREATE TABLE tx_deferred (id int PRIMARY KEY"
            + " REFERENCES tx_probe (id) DEFERRABLE INITIALLY DEFERRED)");
    try {
      SQLException thrown =
          assertThrows(
              SQLException.class,
              () ->
                  Transactions.run(
                      db.dataSource(),
                      c -> {
                        insert(c, 1);
                        try (Statement s = c.createStatement()) {
                          s.execute("INSERT INTO tx_deferred VALUES (2)");
                        }
                      }));

      assertEquals("23503", thrown.getSQLState(), "the deferred check fails at COMMIT");
      assertArrayEquals(new int[0], ids());
    } finally {
      execute("DROP TABLE tx_deferred");
    }
  }

  @Test
  void inTransaction_failedRollbackIsSuppressedAndCommitsNothing() throws SQLException {
    SQLException rollbackFailure = new SQLException("the rollback failed", "08006");
    RuntimeException failure = new RuntimeException("the work failed");
    try (OneConnection one = new OneConnection(rollbackFailure)) {
      RuntimeException thrown =
          assertThrows(
              RuntimeException.class,
              () ->
                  Transactions.run(
                      one,
                      c -> {
                        insert(c, 1);
                        throw failure;
                      }));

      assertSame(failure, thrown, "the work's failure is what comes out");
      assertArrayEquals(new Throwable[] {rollbackFailure}, thrown.getSuppressed());
      assertFalse(
          one.real.getAutoCommit(),
          "auto-commit stays off: turning it on would commit what the rollback did not undo");
      assertEquals(1, one.closed);
    }
    assertArrayEquals(new int[0], ids(), "closing the connection ended its transaction");
  }

  @Test
  void readOnly_readsAndRestores() throws SQLException {
    execute("INSERT INTO tx_probe VALUES (4), (5)");
    try (OneConnection one = new OneConnection()) {
      int[] read =
          Transactions.readOnly(
              one,
              c -> {
                assertFalse(c.getAutoCommit());
                assertTrue(c.isReadOnly());
                return ids(c);
              });

      assertArrayEquals(new int[] {4, 5}, read);
      assertTrue(one.real.getAutoCommit(), "auto-commit is back on");
      assertFalse(one.real.isReadOnly(), "read-write again");
    }
  }

  @Test
  void readOnly_refusesWritesAndRestores() throws SQLException {
    try (OneConnection one = new OneConnection()) {
      SQLException thrown =
          assertThrows(SQLException.class, () -> Transactions.readOnly(one, c -> insert(c, 6)));

      assertEquals("25006", thrown.getSQLState(), "read-only transaction");
      assertTrue(one.real.getAutoCommit(), "auto-commit is back on");
      assertFalse(one.real.isReadOnly(), "read-write again");
    }
    assertArrayEquals(new int[0], ids());
  }

  private static int insert(Connection c, int id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO tx_probe VALUES (?)")) {
      ps.setInt(1, id);
      return ps.executeUpdate();
    }
  }

  private static int[] ids() throws SQLException {
    try (Connection c = db.dataSource().getConnection()) {
      return ids(c);
    }
  }

  private static int[] ids(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT array_agg(id ORDER BY id) FROM tx_probe")) {
      rs.next();
      Integer[] ids =
          rs.getArray(1) == null ? new Integer[0] : (Integer[]) rs.getArray(1).getArray();
      int[] out = new int[ids.length];
      for (int i = 0; i < ids.length; i++) {
        out[i] = ids[i];
      }
      return out;
    }
  }

  private static void execute(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /**
   * A data source over one connection taken from the pool, which outlives each use so a test can
   * look at the state it was left in: {@code close()} is only counted, and {@code rollback()} fails
   * with a given exception (without rolling back) when one is given.
   */
  private static final class OneConnection implements DataSource, AutoCloseable {
    final Connection real;
    final SQLException rollbackFailure;
    int closed;

    OneConnection() throws SQLException {
      this(null);
    }

    OneConnection(SQLException rollbackFailure) throws SQLException {
      this.real = db.dataSource().getConnection();
      this.rollbackFailure = rollbackFailure;
    }

    @Override
    public Connection getConnection() {
      return (Connection)
          Proxy.newProxyInstance(
              Connection.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, method, args) -> {
                switch (method.getName()) {
                  case "close" -> {
                    closed++;
                    return null;
                  }
                  case "rollback" -> {
                    if (rollbackFailure != null && args == null) {
                      throw rollbackFailure;
                    }
                  }
                  default -> {}
                }
                try {
                  return method.invoke(real, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }

    @Override
    public void close() throws SQLException {
      real.close();
    }

    @Override
    public Connection getConnection(String username, String password) {
      throw new UnsupportedOperationException();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
