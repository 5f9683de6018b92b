package org.huxin.engine.results;

/**
 * The batch holding a result was rolled back (SQL error, lost connection), so nothing of it was
 * stored; the submit may be retried with the same idempotency key.
 */
public final class ResultWriteException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ResultWriteException(String message, Throwable cause) {
    super(message, cause);
  }
}
