package org.huxin.scales;

import java.util.List;
import java.util.Objects;

/**
 * How a scale's items become one raw score: their sum over {@code min}–{@code max}, the cut-off
 * bands that tile that range, and the missing-item rule.
 */
public record Scoring(int min, int max, List<Band> bands, MissingRule missing) {

  public Scoring {
    if (min < 0 || min > max) {
      throw new IllegalArgumentException("scoring range " + min + "–" + max + " is not a range");
    }
    bands = List.copyOf(bands);
    Objects.requireNonNull(missing, "missing");
    if (bands.isEmpty()) {
      throw new IllegalArgumentException("scoring has no bands");
    }
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

  /** The band a raw score falls in. */
  public Band band(int raw) {
    for (Band band : bands) {
      if (band.contains(raw)) {
        return band;
      }
    }
    throw new IllegalArgumentException("raw " + raw + " is outside " + min + "–" + max);
  }
}
