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
 * list length, whole numbers); which values are allowed, which items must be answered and which
 * were not asked is the scorer's call, so those rules live in one place.
 */
public final class AnswerSheet {
  private AnswerSheet() {}

  /**
   * The flat answer array of {@code answers}, a map from scale id to a list of values (null for a
   * blank). A scale left out entirely reads as all blank.
   */
  public static int[] answers(CompiledBattery battery, Map<String, ?> answers)
      throws AnswerSheetException {
    return flatten(battery, answers, Answers.MISSING, "answer");
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
    if (value instanceof Integer n) {
      return n;
    }
    int number = index + 1;
    String problem =
        value instanceof Long || value instanceof BigInteger
            ? " is out of range"
            : " must be a whole number";
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
