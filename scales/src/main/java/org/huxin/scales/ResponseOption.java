package org.huxin.scales;

import java.util.Objects;

/** One answer choice shared by every item of a scale: the value scored and its label. */
public record ResponseOption(int value, LocalizedText label) {

  /** Highest option value; 255 is reserved for "blank" in compact answer storage. */
  public static final int MAX_VALUE = 254;

  public ResponseOption {
    if (value < 0 || value > MAX_VALUE) {
      throw new IllegalArgumentException(
          "option value " + value + " is outside 0–" + MAX_VALUE + " (255 marks a blank answer)");
    }
    Objects.requireNonNull(label, "label");
  }
}
