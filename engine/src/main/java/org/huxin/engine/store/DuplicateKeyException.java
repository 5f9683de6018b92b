package org.huxin.engine.store;

/** An insert would repeat a value that must be unique, such as a school code or a username. */
public final class DuplicateKeyException extends StoreException {
  private static final long serialVersionUID = 1L;

  public DuplicateKeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
