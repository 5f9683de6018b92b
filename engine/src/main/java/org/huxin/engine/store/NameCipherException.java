package org.huxin.engine.store;

/** A name could not be encrypted or decrypted, or the data key is missing or malformed. */
public final class NameCipherException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NameCipherException(String message) {
    super(message);
  }

  public NameCipherException(String message, Throwable cause) {
    super(message, cause);
  }
}
