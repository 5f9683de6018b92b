package org.huxin.scales;

import java.util.List;
import java.util.Objects;

/**
 * How a scale's items become one raw score: their sum over {@code min}–{@code max}, the cut-off
 * bands that tile that range, the missing-item rule, which way is worse, and the multiplier of the
 * reported score.
 *
 * @param direction {@link Direction#SYMPTOM} when a higher raw score is worse (PHQ-9, K10), {@link
 *     Direction#WELLBEING} when it is better (WHO-5, RSES)
 * @param multiplier the reported score is raw × multiplier (WHO-5: 4, giving 0–100); 1 otherwise
 */
public record Scoring(
    int min, int max, List<Band> bands, MissingRule missing, Direction direction, int multiplier) {

  /** Which way a raw score is worse. */
  public enum Direction {
    /** Higher is more symptomatic. */
    SYMPTOM("symptom"),
    /** Higher is better; lower is more symptomatic. */
    WELLBEING("wellbeing");

    private final String key;

    Direction(String key) {
      this.key = key;
    }

    /** As written in a scale file. */
    public String key() {
      return key;
    }

    /** The direction written as {@code key}. */
    public static Direction ofKey(String key) {
      for (Direction d : values()) {
        if (d.key.equals(key)) {
          return d;
        }
      }
      throw new IllegalArgumentException("direction '" + key + "' is not symptom or wellbeing");
    }
  }

  /** A symptom scale reported as its raw score. */
  public Scoring(int min, int max, List<Band> bands, MissingRule missing) {
    this(min, max, bands, missing, Direction.SYMPTOM, 1);
  }

  public Scoring {
    Objects.requireNonNull(direction, "direction");
    if (multiplier < 1 || multiplier > 100) {
      throw new IllegalArgumentException("multiplier " + multiplier + " is outside 1–100");
    }
    if (min < 0 || min > max) {
      throw new IllegalArgumentException("scoring range " + min + "–" + max + " is not a range");
    }
    bands = List.copyOf(bands);
    Objects.requireNonNull(missing, "missing");
    if (bands.isEmpty()) {
      throw new IllegalArgumentException("scoring has no bands");
    }
    Band.checkTiling(bands, min, max);
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
