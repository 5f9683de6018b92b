package org.huxin.engine.results;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import org.huxin.engine.scoring.Answers;
import org.huxin.engine.scoring.CompiledBattery;
import org.huxin.engine.scoring.ScaleLayout;

/**
 * Reads an answers object into a battery's flat arrays. Only shape is checked here (known scale,
 * list length, whole numbers or {@value #REFUSED}); which values are allowed, which items must be
 * answered, which were not asked and which may be refused is the scorer's call, so those rules live
 * in one place.
 */
public final class AnswerSheet {
  /** How a refusal ("I'd rather not answer", 不想回答) is written in an answers list. */
  public static final String REFUSED = "refused";

  private AnswerSheet() {}

  /**
   * The flat answer array of {@code answers}, a map from scale id to a list of values (null for a
   * blank, {@value #REFUSED} for a refusal). A scale left out entirely reads as all blank.
   */
  public static int[] answers(CompiledBattery battery, Map<String, ?> answers)
      throws AnswerSheetException {
    return flatten(battery, answers, Answers.MISSING, "answer");
  }

  /**
   * What can be read of an answers object whose shape {@link #answers} refuses, so that its crisis
   * items are still looked at: unknown scales are skipped, a scale that is not a list reads as
   * blank, a list that is too long keeps its first items, and a value that is neither a whole
   * number nor {@value #REFUSED} reads as blank.
   */
  public static int[] readable(CompiledBattery battery, Map<String, ?> answers) {
    int[] flat = new int[battery.itemCount()];
    java.util.Arrays.fill(flat, Answers.MISSING);
    if (answers == null) {
      return flat;
    }
    for (ScaleLayout scale : battery.layout()) {
      if (!(answers.get(scale.scaleId()) instanceof Iterable<?> values)) {
        continue;
      }
      Iterator<?> it = values.iterator();
      for (int i = 0; i < scale.itemCount() && it.hasNext(); i++) {
        Object value = it.next();
        flat[scale.offset() + i] =
            value instanceof Integer n && n >= 0
                ? n
                : REFUSED.equals(value) ? Answers.REFUSED : Answers.MISSING;
      }
    }
    return flat;
  }

  /**
   * The flat item-time array (milliseconds per item, -1 where unknown) of {@code itemMillis}, in
   * the same shape as the answers, or null when the client sent none.
   */
  public static int[] itemMillis(CompiledBattery battery, Map<String, ?> itemMillis)
      throws AnswerSheetException {
    return itemMillis == null ? null : flatten(battery, itemMillis, -1, "time");
  }

  private static int[] flatten(
      CompiledBattery battery, Map<String, ?> byScale, int blank, String what)
      throws AnswerSheetException {
    for (String scaleId : byScale.keySet()) {
      if (layoutOf(battery, scaleId) == null) {
        String shown = scaleId.length() <= 40 ? scaleId : scaleId.substring(0, 40) + "…";
        throw new AnswerSheetException(
            "'" + shown + "' is not a scale of this questionnaire", shown, 0);
      }
    }
    int[] flat = new int[battery.itemCount()];
    for (ScaleLayout scale : battery.layout()) {
      Object list = byScale.get(scale.scaleId());
      int from = scale.offset();
      if (list == null) {
        Arrays.fill(flat, from, from + scale.itemCount(), blank);
        continue;
      }
      if (!(list instanceof Iterable<?> values)) {
        throw new AnswerSheetException(
            scale.shortName() + " needs a list of " + scale.itemCount() + " " + what + "s",
            scale.scaleId(),
            0);
      }
      Iterator<?> it = values.iterator();
      int i = 0;
      while (i < scale.itemCount() && it.hasNext()) {
        flat[from + i] = value(scale, i, it.next(), blank, what);
        i++;
      }
      if (i != scale.itemCount() || it.hasNext()) {
        throw new AnswerSheetException(
            scale.shortName() + " needs a list of exactly " + scale.itemCount() + " " + what + "s",
            scale.scaleId(),
            0);
      }
    }
    return flat;
  }

  private static int value(ScaleLayout scale, int index, Object value, int blank, String what)
      throws AnswerSheetException {
    if (value == null) {
      return blank;
    }
    boolean answer = blank == Answers.MISSING && what.equals("answer");
    if (value instanceof Integer n) {
      if (answer && n < 0) {
        // Negative numbers are the scorer's own marks for a blank and a refusal; an answer
        // written as one is refused rather than read as either.
        throw new AnswerSheetException(
            what
                + " "
                + (index + 1)
                + " of "
                + scale.shortName()
                + " is "
                + n
                + "; an answer is an option (0 or more), null or \""
                + REFUSED
                + "\"",
            scale.scaleId(),
            index + 1);
      }
      return n;
    }
    if (answer && REFUSED.equals(value)) {
      return Answers.REFUSED;
    }
    int number = index + 1;
    String problem =
        value instanceof Long || value instanceof BigInteger
            ? " is out of range"
            : answer ? " must be a whole number or \"" + REFUSED + "\"" : " must be a whole number";
    throw new AnswerSheetException(
        what + " " + number + " of " + scale.shortName() + problem, scale.scaleId(), number);
  }

  private static ScaleLayout layoutOf(CompiledBattery battery, String scaleId) {
    for (ScaleLayout l : battery.layout()) {
      if (l.scaleId().equals(scaleId)) {
        return l;
      }
    }
    return null;
  }
}
