package org.huxin.engine.windows;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.huxin.engine.store.Json;

/**
 * A screening window to create. Scope: a student is in scope if either list holds their district or
 * school, and both empty means the whole city; their grade must lie in {@code minGrade..maxGrade}
 * and in one of the bands of {@code batteryByBand} (e.g. {@code "4-6" → "g4-6"}). The result table
 * gets {@code hashPartitions} hash partitions for the window.
 */
public record NewWindow(
    String name,
    List<Long> scopeDistrictIds,
    List<Long> scopeSchoolIds,
    int minGrade,
    int maxGrade,
    Map<String, String> batteryByBand,
    Instant opensAt,
    Instant closesAt,
    String helpContactsJson,
    int hashPartitions,
    String ruleSetId) {

  public static final int DEFAULT_HASH_PARTITIONS = 16;

  /** The tier rule set a window uses unless it names another. */
  public static final String DEFAULT_RULE_SET = "default";

  public NewWindow {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("window name must not be blank");
    }
    scopeDistrictIds = List.copyOf(Objects.requireNonNull(scopeDistrictIds, "scopeDistrictIds"));
    scopeSchoolIds = List.copyOf(Objects.requireNonNull(scopeSchoolIds, "scopeSchoolIds"));
    if (minGrade < 1 || maxGrade > 12 || minGrade > maxGrade) {
      throw new IllegalArgumentException(
          "grades must satisfy 1 <= minGrade <= maxGrade <= 12, got " + minGrade + ".." + maxGrade);
    }
    batteryByBand = GradeBand.checkedBands(batteryByBand);
    Objects.requireNonNull(opensAt, "opensAt");
    Objects.requireNonNull(closesAt, "closesAt");
    if (!opensAt.isBefore(closesAt)) {
      throw new IllegalArgumentException(
          "window must open before it closes: opens " + opensAt + ", closes " + closesAt);
    }
    if (helpContactsJson != null) {
      Json.requireObject("window help contacts", helpContactsJson);
    }
    if (hashPartitions < 1 || hashPartitions > 256) {
      throw new IllegalArgumentException("hashPartitions must be 1..256, got " + hashPartitions);
    }
    if (ruleSetId == null || !ruleSetId.matches("[a-z0-9][a-z0-9-]{0,47}")) {
      throw new IllegalArgumentException(
          "ruleSetId must be a rule set id like 'default', got " + ruleSetId);
    }
  }

  /** A city-wide window with the default number of hash partitions and no help contacts. */
  public static NewWindow cityWide(
      String name,
      int minGrade,
      int maxGrade,
      Map<String, String> batteryByBand,
      Instant opensAt,
      Instant closesAt) {
    return new NewWindow(
        name,
        List.of(),
        List.of(),
        minGrade,
        maxGrade,
        batteryByBand,
        opensAt,
        closesAt,
        null,
        DEFAULT_HASH_PARTITIONS,
        NewWindow.DEFAULT_RULE_SET);
  }
}
