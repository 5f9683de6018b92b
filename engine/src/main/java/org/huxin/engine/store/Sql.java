package org.huxin.engine.store;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import java.sql.SQLException;
import java.util.function.Function;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Turns a {@link SQLException} or a reactive client's {@link PgException} into a typed {@link
 * StoreException} that says what was attempted.
 */
public final class Sql {

  private static final String UNIQUE_VIOLATION = "23505";
  private static final String FOREIGN_KEY_VIOLATION = "23503";

  private Sql() {}

  public static StoreException failure(String action, SQLException e) {
    String state = e.getSQLState() == null ? "?" : e.getSQLState();
    return typed(action + ": " + primaryMessage(e) + " (SQLSTATE " + state + ")", state, e);
  }

  /**
   * The reactive client's failure {@code e} as a typed {@link StoreException} that says what was
   * attempted; a {@link StoreException} (already typed, or a check of the store's own) passes
   * through unchanged, and so does an {@link IllegalArgumentException} (bad input, found before any
   * SQL ran).
   */
  public static RuntimeException failure(String action, Throwable e) {
    if (e instanceof StoreException || e instanceof IllegalArgumentException) {
      return (RuntimeException) e;
    }
    if (e instanceof SQLException s) {
      return failure(action, s);
    }
    if (e instanceof PgException p) {
      String state = p.getSqlState() == null ? "?" : p.getSqlState();
      // getErrorMessage() is the server's one line; its DETAIL can quote row values.
      return typed(action + ": " + p.getErrorMessage() + " (SQLSTATE " + state + ")", state, e);
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new StoreException(action + ": " + message, e);
  }

  /**
   * For {@code future.recover(Sql.failed("read the consent of student 12"))}: fails with {@link
   * #failure(String, Throwable)}.
   */
  public static <T> Function<Throwable, Future<T>> failed(String action) {
    return e -> Future.failedFuture(failure(action, e));
  }

  /**
   * {@code sql} with its JDBC placeholders ({@code ?}) numbered for the reactive client ({@code $1,
   * $2, ...}), so that a statement both clients run is written once. The statement must have no
   * other question marks (no literals or JSON operators with one).
   */
  public static String numbered(String sql) {
    StringBuilder out = new StringBuilder(sql.length() + 16);
    int n = 0;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '?') {
        out.append('$').append(++n);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static StoreException typed(String message, String state, Throwable e) {
    return switch (state) {
      case UNIQUE_VIOLATION -> new DuplicateKeyException(message, e);
      case FOREIGN_KEY_VIOLATION ->
          new StoreException(message + "; it refers to a row that does not exist", e);
      default -> new StoreException(message, e);
    };
  }

  /**
   * The server's one-line message without its DETAIL, which can quote row values (names, answers)
   * and must not reach a log; client-side failures (connection refused, I/O) keep their message.
   */
  public static String primaryMessage(SQLException e) {
    if (e instanceof PSQLException p) {
      ServerErrorMessage server = p.getServerErrorMessage();
      if (server != null && server.getMessage() != null) {
        return server.getMessage();
      }
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
