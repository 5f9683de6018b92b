package org.huxin.engine.scoring;

/**
 * A submission cannot be scored as sent: the answer or item-time array has the wrong length, an
 * answer is not one of its item's options, an item that must be answered is blank, or an item that
 * was not asked has an answer. The message is meant for the person or program that sent it, e.g.
 * {@code answer 3 of PHQ-9 is 7; allowed 0–3}. It carries no stack trace: it is an expected outcome
 * of bad input, not a bug.
 */
public final class AnswerRejectedException extends Exception {

  private static final long serialVersionUID = 1L;

  /** What was wrong. */
  public enum Reason {
    /** The array is not the battery's {@link CompiledBattery#itemCount()} long. */
    WRONG_LENGTH,
    /** An answer is outside its item's option values. */
    OUT_OF_RANGE,
    /** An item that must be answered is blank. */
    MISSING,
    /** A conditional item that was not asked (its condition does not hold) has an answer. */
    NOT_ASKED,
    /** "I'd rather not answer" on an item that does not offer it. */
    NOT_REFUSABLE
  }

  private final Reason reason;
  private final String scaleId;
  private final int itemNumber;
  private final int index;

  private AnswerRejectedException(
      Reason reason, String scaleId, int itemNumber, int index, String message) {
    super(message, null, false, false);
    this.reason = reason;
    this.scaleId = scaleId;
    this.itemNumber = itemNumber;
    this.index = index;
  }

  static AnswerRejectedException wrongLength(int expected, int actual) {
    return new AnswerRejectedException(
        Reason.WRONG_LENGTH, null, 0, -1, "expected " + expected + " answers, got " + actual);
  }

  static AnswerRejectedException wrongTimes(int expected, int actual) {
    return new AnswerRejectedException(
        Reason.WRONG_LENGTH, null, 0, -1, "expected " + expected + " item times, got " + actual);
  }

  static AnswerRejectedException notAsked(
      String scaleId, String shortName, int itemNumber, int index, String condition) {
    return new AnswerRejectedException(
        Reason.NOT_ASKED,
        scaleId,
        itemNumber,
        index,
        "item "
            + itemNumber
            + " of "
            + shortName
            + " was not asked (it is asked only when "
            + condition
            + ") and must be blank");
  }

  static AnswerRejectedException outOfRange(
      String scaleId, String shortName, int itemNumber, int index, int answer, int min, int max) {
    return new AnswerRejectedException(
        Reason.OUT_OF_RANGE,
        scaleId,
        itemNumber,
        index,
        "answer "
            + itemNumber
            + " of "
            + shortName
            + " is "
            + answer
            + "; allowed "
            + min
            + "–"
            + max);
  }

  static AnswerRejectedException notRefusable(
      String scaleId, String shortName, int itemNumber, int index) {
    return new AnswerRejectedException(
        Reason.NOT_REFUSABLE,
        scaleId,
        itemNumber,
        index,
        "item " + itemNumber + " of " + shortName + " does not offer \"I'd rather not answer\"");
  }

  static AnswerRejectedException missing(
      String scaleId, String shortName, int itemNumber, int index, String why) {
    return new AnswerRejectedException(
        Reason.MISSING,
        scaleId,
        itemNumber,
        index,
        "item " + itemNumber + " of " + shortName + " is missing" + why);
  }

  /** What was wrong. */
  public Reason reason() {
    return reason;
  }

  /** The scale of the faulty item, or null when the fault is the array's length. */
  public String scaleId() {
    return scaleId;
  }

  /** The faulty item's number on its published form, or 0 when the fault is the array's length. */
  public int itemNumber() {
    return itemNumber;
  }

  /** The faulty item's position in the flat answer array, or −1 when the fault is its length. */
  public int index() {
    return index;
  }
}
