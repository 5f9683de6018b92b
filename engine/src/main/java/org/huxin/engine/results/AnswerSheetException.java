package org.huxin.engine.results;

/**
 * An answers object whose shape does not fit the battery: a scale it does not have, a list of the
 * wrong length, or a value that is not a whole number. Names the scale and the 1-based item where
 * there is one.
 */
public final class AnswerSheetException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String scaleId;
  private final int itemNumber;

  public AnswerSheetException(String message, String scaleId, int itemNumber) {
    super(message, null, false, false);
    this.scaleId = scaleId;
    this.itemNumber = itemNumber;
  }

  /** The scale at fault, or null when the whole object is at fault. */
  public String scaleId() {
    return scaleId;
  }

  /** The 1-based item at fault, or 0 when no single item is. */
  public int itemNumber() {
    return itemNumber;
  }
}
