package org.huxin.engine.followup;

/** A case was to be closed, but the student has no open case (in that window). */
public final class NoOpenCaseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NoOpenCaseException(String message) {
    super(message);
  }
}
