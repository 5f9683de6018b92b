package org.huxin.engine.alerts;

/**
 * A channel did not accept a message. The message is safe to store, log and show staff: short, and
 * never a URL, key, token or secret (e.g. {@code HTTP 500}, {@code errcode 310000: sign not match},
 * {@code no answer within 10 s}).
 */
public final class SendFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SendFailure(String message) {
    super(message, null, false, false);
  }
}
