package org.huxin.engine.windows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** A range of grades such as {@code 4-6} (or a single grade, {@code 3}), as keyed in a window. */
public record GradeBand(int first, int last) {

  public GradeBand {
    if (first < 1 || last > 12 || first > last) {
      throw new IllegalArgumentException(
          "grade band must lie within 1..12 with first <= last, got " + first + "-" + last);
    }
  }

  /** Parses {@code "4-6"} or {@code "3"}. */
  public static GradeBand parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("grade band is missing");
    }
    String[] parts = text.trim().split("-", -1);
    try {
      if (parts.length == 1) {
        int grade = Integer.parseInt(parts[0].trim());
        return new GradeBand(grade, grade);
      }
      if (parts.length == 2) {
        return new GradeBand(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("grade band '" + text + "' must look like 4-6 or 3", e);
    }
    throw new IllegalArgumentException("grade band '" + text + "' must look like 4-6 or 3");
  }

  /**
   * Whether the band written as {@code key} holds {@code grade}, for a key already normalised by
   * {@link #checkedBands} ({@code 4-6} or {@code 3}). Same answer as {@code
   * parse(key).contains(grade)}, without allocating: it runs on every login.
   */
  static boolean normalisedKeyHolds(String key, int grade) {
    int dash = key.indexOf('-');
    if (dash < 0) {
      return Integer.parseInt(key, 0, key.length(), 10) == grade;
    }
    return grade >= Integer.parseInt(key, 0, dash, 10)
        && grade <= Integer.parseInt(key, dash + 1, key.length(), 10);
  }

  public boolean contains(int grade) {
    return grade >= first && grade <= last;
  }

  public boolean overlaps(GradeBand other) {
    return first <= other.last && other.first <= last;
  }

  @Override
  public String toString() {
    return first == last ? Integer.toString(first) : first + "-" + last;
  }

  /**
   * Checks a band → battery map (bands parse, do not overlap, name a battery) and returns it with
   * keys normalised ({@code " 4 - 6"} → {@code 4-6}) in grade order, unmodifiable.
   */
  static Map<String, String> checkedBands(Map<String, String> bands) {
    Objects.requireNonNull(bands, "batteryByBand");
    if (bands.isEmpty()) {
      throw new IllegalArgumentException("batteryByBand must name a battery for at least one band");
    }
    List<GradeBand> seen = new ArrayList<>();
    Map<GradeBand, String> byBand = new TreeMap<>(Comparator.comparingInt(GradeBand::first));
    for (Map.Entry<String, String> entry : bands.entrySet()) {
      GradeBand band = parse(entry.getKey());
      String battery = entry.getValue();
      if (battery == null || battery.isBlank()) {
        throw new IllegalArgumentException("band " + band + " has no battery id");
      }
      for (GradeBand other : seen) {
        if (band.overlaps(other)) {
          throw new IllegalArgumentException("bands " + other + " and " + band + " overlap");
        }
      }
      seen.add(band);
      byBand.put(band, battery);
    }
    Map<String, String> ordered = new LinkedHashMap<>();
    byBand.forEach((band, battery) -> ordered.put(band.toString(), battery));
    return Collections.unmodifiableMap(ordered);
  }
}
