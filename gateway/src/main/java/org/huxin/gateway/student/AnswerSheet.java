package org.huxin.gateway.student;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.Arrays;
import org.huxin.engine.scoring.Answers;
import org.huxin.engine.scoring.CompiledBattery;
import org.huxin.engine.scoring.ScaleLayout;
import org.huxin.gateway.http.ApiException;

/**
 * Turns the {@code answers} object of a submit ({@code {"phq9": [0, 1, …], "gad7": […]}}) into the
 * battery's flat answer array. Only shape is checked here; whether a value is allowed is the
 * engine's call, so the rules live in one place.
 */
final class AnswerSheet {
  private AnswerSheet() {}

  static int[] read(CompiledBattery battery, Object answersField) {
    if (!(answersField instanceof JsonObject answers)) {
      throw ApiException.badRequest(
          "missing_field", "Field 'answers' is required: an object of answer lists by scale.");
    }
    for (String scaleId : answers.fieldNames()) {
      if (battery.layout().stream().noneMatch(l -> l.scaleId().equals(scaleId))) {
        throw ApiException.unprocessable(
            "'" + truncate(scaleId) + "' is not a scale of this questionnaire.",
            new JsonObject().put("scale", truncate(scaleId)));
      }
    }
    int[] flat = new int[battery.itemCount()];
    for (ScaleLayout scale : battery.layout()) {
      Object list = answers.getValue(scale.scaleId());
      if (list == null) {
        Arrays.fill(flat, scale.offset(), scale.offset() + scale.itemCount(), Answers.MISSING);
        continue;
      }
      if (!(list instanceof JsonArray values) || values.size() != scale.itemCount()) {
        throw ApiException.unprocessable(
            scale.shortName() + " needs a list of " + scale.itemCount() + " answers.",
            new JsonObject().put("scale", scale.scaleId()));
      }
      for (int i = 0; i < scale.itemCount(); i++) {
        flat[scale.offset() + i] = value(scale, i, values.getValue(i));
      }
    }
    return flat;
  }

  private static int value(ScaleLayout scale, int index, Object value) {
    if (value == null) {
      return Answers.MISSING;
    }
    if (value instanceof Integer n) {
      return n;
    }
    int number = index + 1;
    String problem =
        value instanceof Long || value instanceof BigInteger
            ? " is out of range; allowed " + scale.minValue() + "–" + scale.maxValue()
            : " must be a whole number";
    throw ApiException.unprocessable(
        "answer " + number + " of " + scale.shortName() + problem,
        new JsonObject().put("scale", scale.scaleId()).put("item", number));
  }

  private static String truncate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}
