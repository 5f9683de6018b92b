package org.huxin.engine.store;

import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Turns a {@link SQLException} into a typed {@link StoreException} that says what was attempted.
 */
public final class Sql {

  private static final String UNIQUE_VIOLATION = "23505";
  private static final String FOREIGN_KEY_VIOLATION = "23503";

  private Sql() {}

  public static StoreException failure(String action, SQLException e) {
    String state = e.getSQLState() == null ? "?" : e.getSQLState();
    String message = action + ": " + primaryMessage(e) + " (SQLSTATE " + state + ")";
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
