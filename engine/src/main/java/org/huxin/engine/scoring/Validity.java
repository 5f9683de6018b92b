package org.huxin.engine.scoring;

/** Whether a questionnaire can be trusted; never lowers the tier (a crisis is never hidden). */
public enum Validity {
  /** No check raised a doubt. */
  VALID(0),
  /** Scored, but a check raised a doubt (e.g. blank items were prorated). */
  QUESTIONABLE(1),
  /** Not to be trusted; retest. The tier still stands. */
  INVALID(2);

  private static final Validity[] BY_CODE = values();

  private final int code;

  Validity(int code) {
    this.code = code;
  }

  /** 0 valid, 1 questionable, 2 invalid, as stored. */
  public int code() {
    return code;
  }

  /** The validity stored as {@code code}. */
  public static Validity ofCode(int code) {
    if (code < 0 || code >= BY_CODE.length) {
      throw new IllegalArgumentException("validity code " + code + " is outside 0–2");
    }
    return BY_CODE[code];
  }
}
