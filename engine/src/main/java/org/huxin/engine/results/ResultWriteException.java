package org.huxin.engine.results;

/**
 * The batch holding a result was rolled back (SQL error, lost connection), so nothing of it was
 * stored; the submit may be retried with the same idempotency key.
 */
public final class ResultWriteException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String sqlState;
  private final String primaryMessage;

  /**
   * @param sqlState the failure's SQLSTATE, or null when it was not an SQL error
   * @param primaryMessage what went wrong without row values: the server's one-line message, or the
   *     failure's class
   */
  ResultWriteException(String sqlState, String primaryMessage, Throwable cause) {
    super(
        "the batch holding this result was rolled back (SQLSTATE " + sqlState + "); retry", cause);
    this.sqlState = sqlState;
    this.primaryMessage = primaryMessage;
  }

  /** The SQLSTATE of the failure, or null when it was not an SQL error. */
  public String sqlState() {
    return sqlState;
  }

  /** What went wrong, fit for a log: never a name or an answer. */
  public String primaryMessage() {
    return primaryMessage;
  }
}
