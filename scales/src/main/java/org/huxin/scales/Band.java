package org.huxin.scales;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** A cut-off band of a scale's raw score, {@code min} to {@code max} inclusive. */
public record Band(String id, int min, int max, LocalizedText label) {

  static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

  public Band {
    Objects.requireNonNull(id, "id");
    if (!NAME.matcher(id).matches()) {
      throw new IllegalArgumentException("band '" + id + "': id must match [a-z][a-z0-9_]*");
    }
    if (min > max) {
      throw new IllegalArgumentException("band " + id + ": min " + min + " is above max " + max);
    }
    Objects.requireNonNull(label, () -> "band " + id + ": label");
  }

  /** Whether a raw score falls in this band. */
  public boolean contains(int raw) {
    return raw >= min && raw <= max;
  }

  /**
   * Checks that {@code bands} tile {@code min}–{@code max} in ascending order with no gap, overlap
   * or repeated id.
   */
  static void checkTiling(List<Band> bands, int min, int max) {
    int next = min;
    for (Band band : bands) {
      if (band.min() != next) {
        throw new IllegalArgumentException(
            "band "
                + band.id()
                + " starts at "
                + band.min()
                + " but must start at "
                + next
                + "; bands must tile "
                + min
                + "–"
                + max
                + " in order");
      }
      next = band.max() + 1;
    }
    if (next - 1 != max) {
      throw new IllegalArgumentException(
          "last band ends at " + (next - 1) + " but the range ends at " + max);
    }
    for (int i = 0; i < bands.size(); i++) {
      for (int j = i + 1; j < bands.size(); j++) {
        if (bands.get(i).id().equals(bands.get(j).id())) {
          throw new IllegalArgumentException("band " + bands.get(i).id() + " is listed twice");
        }
      }
    }
  }
}
