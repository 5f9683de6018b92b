package org.huxin.engine.renorm;

/** Building norms or re-scoring cannot go on; the message says which result or set, and why. */
public class RenormException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RenormException(String message) {
    super(message);
  }

  public RenormException(String message, Throwable cause) {
    super(message, cause);
  }
}
