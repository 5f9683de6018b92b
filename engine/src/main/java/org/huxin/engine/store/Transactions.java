package org.huxin.engine.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * One JDBC transaction around a piece of work on one connection of a data source. {@link
 * #inTransaction} (and {@link #run}, for work that returns nothing) commits when the work returns
 * and rolls back when it throws anything; {@link #readOnly} reads one snapshot and always rolls
 * back. Either way the connection goes back with auto-commit on, and a rollback that fails is added
 * to the work's failure as suppressed rather than hiding it. Work that must commit in batches calls
 * it once per batch.
 */
public final class Transactions {

  private Transactions() {}

  /**
   * Work on the connection of an open transaction; what it returns is returned after COMMIT.
   *
   * @param <X> a checked exception the work throws besides {@link SQLException} (an {@code
   *     IOException} of a file it copies, an {@code InterruptedException} of a wait); inferred as
   *     {@link RuntimeException} when there is none
   */
  @FunctionalInterface
  public interface Work<T, X extends Exception> {
    T run(Connection c) throws SQLException, X;
  }

  /** {@link Work} that returns nothing. */
  @FunctionalInterface
  public interface VoidWork<X extends Exception> {
    void run(Connection c) throws SQLException, X;
  }

  /**
   * Runs {@code work} in one transaction on a connection of {@code dataSource} and commits; if the
   * work or the commit throws, rolls back and rethrows.
   */
  public static <T, X extends Exception> T inTransaction(DataSource dataSource, Work<T, X> work)
      throws SQLException, X {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      T result;
      try {
        result = work.run(c);
        c.commit();
      } catch (Throwable e) {
        rollback(c, e, false);
        throw e;
      }
      c.setAutoCommit(true);
      return result;
    }
  }

  /** {@link #inTransaction} for work that returns nothing. */
  public static <X extends Exception> void run(DataSource dataSource, VoidWork<X> work)
      throws SQLException, X {
    Transactions.<Void, X>inTransaction(
        dataSource,
        c -> {
          work.run(c);
          return null;
        });
  }

  /**
   * Runs {@code work} in one read-only transaction, so every query it makes (a cursor read in
   * pages, several counts) sees one snapshot, then rolls back: there is nothing to commit.
   */
  public static <T, X extends Exception> T readOnly(DataSource dataSource, Work<T, X> work)
      throws SQLException, X {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      c.setReadOnly(true);
      T result;
      try {
        result = work.run(c);
      } catch (Throwable e) {
        rollback(c, e, true);
        throw e;
      }
      c.rollback();
      c.setReadOnly(false);
      c.setAutoCommit(true);
      return result;
    }
  }

  /**
   * Rolls back after {@code cause} and, only if that worked, turns auto-commit (and read-write)
   * back on. After a failed rollback the connection is left as it is: turning auto-commit back on
   * would commit what the rollback could not undo; closed still in its transaction, it is rolled
   * back by the pool or, if it is broken, by the server.
   */
  private static void rollback(Connection c, Throwable cause, boolean readOnly) {
    try {
      c.rollback();
      if (readOnly) {
        c.setReadOnly(false);
      }
      c.setAutoCommit(true);
    } catch (SQLException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }
}
