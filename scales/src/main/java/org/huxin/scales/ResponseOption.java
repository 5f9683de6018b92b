package org.huxin.scales;

import java.util.Objects;

/** One answer choice shared by every item of a scale: the value scored and its label. */
public record ResponseOption(int value, LocalizedText label) {

  /**
   * Highest option value; in compact answer storage 254 is reserved for "I'd rather not answer" and
   * 255 for "blank".
   */
  public static final int MAX_VALUE = 253;

  public ResponseOption {
    if (value < 0 || value > MAX_VALUE) {
      throw new IllegalArgumentException(
          "option value "
              + value
              + " is outside 0–"
              + MAX_VALUE
              + " (254 marks a refusal, 255 a blank answer)");
    }
    Objects.requireNonNull(label, "label");
  }
}
