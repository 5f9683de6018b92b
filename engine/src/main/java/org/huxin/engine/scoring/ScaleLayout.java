package org.huxin.engine.scoring;

import java.util.Objects;

/**
 * Where one scale sits in a battery's flat answer array: items {@code offset} to {@code offset +
 * itemCount − 1}, each answered {@code minValue}–{@code maxValue}.
 */
public record ScaleLayout(
    String scaleId, String shortName, int offset, int itemCount, int minValue, int maxValue) {

  public ScaleLayout {
    Objects.requireNonNull(scaleId, "scaleId");
    Objects.requireNonNull(shortName, "shortName");
    if (offset < 0 || itemCount < 1 || minValue < 0 || minValue >= maxValue) {
      throw new IllegalArgumentException(
          "layout of "
              + scaleId
              + " is not a slice: offset "
              + offset
              + ", "
              + itemCount
              + " items, values "
              + minValue
              + "–"
              + maxValue);
    }
  }
}
