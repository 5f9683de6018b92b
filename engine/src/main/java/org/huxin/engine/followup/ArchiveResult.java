package org.huxin.engine.followup;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One stored result as the archive shows it, with its window. {@code scoresJson} is the result's
 * {@code scores} column as stored (scale id to raw, T and percentile); {@code validity} is 0 valid,
 * 1 questionable, 2 invalid; {@code crisisLevel} 0 none, 1 一般 general, 2 严重 serious, 3 重大 major.
 */
public record ArchiveResult(
    long resultId,
    long windowId,
    String windowName,
    Instant opensAt,
    Instant closesAt,
    String form,
    String batteryId,
    String normVersion,
    int tier,
    boolean crisis,
    int crisisLevel,
    int validity,
    List<String> firedRules,
    String scoresJson,
    Instant submittedAt) {

  public ArchiveResult {
    Objects.requireNonNull(windowName, "windowName");
    Objects.requireNonNull(form, "form");
    Objects.requireNonNull(scoresJson, "scoresJson");
    Objects.requireNonNull(submittedAt, "submittedAt");
    firedRules = List.copyOf(firedRules);
    if (tier < 0 || tier > 3) {
      throw new IllegalArgumentException("tier must be 0..3, got " + tier);
    }
    if (crisisLevel < 0 || crisisLevel > 3 || (crisisLevel > 0) != crisis) {
      throw new IllegalArgumentException(
          "crisis level must be 1..3 for a crisis and 0 otherwise, got " + crisisLevel);
    }
  }
}
