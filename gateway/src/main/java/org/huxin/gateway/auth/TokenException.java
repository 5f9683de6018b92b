package org.huxin.gateway.auth;

/** A token that is missing, malformed, forged, of the wrong kind or expired. */
public final class TokenException extends Exception {
  private static final long serialVersionUID = 1L;

  public TokenException(String message) {
    super(message, null, false, false);
  }
}
