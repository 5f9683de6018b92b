package org.huxin.engine.protect;

/** A key rotation or a retention run cannot go on; the message says why and what to do. */
public final class ProtectionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ProtectionException(String message) {
    super(message);
  }

  public ProtectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
