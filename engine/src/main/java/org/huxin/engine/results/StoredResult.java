package org.huxin.engine.results;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The receipt of a stored result. For a resubmit ({@code duplicate}) every other field is that of
 * the row stored first, so a student who submits twice gets the same receipt back.
 */
public record StoredResult(
    long resultId,
    UUID idempotencyKey,
    boolean crisis,
    Instant submittedAt,
    int tier,
    boolean duplicate) {

  public StoredResult {
    if (resultId <= 0) {
      throw new IllegalArgumentException("resultId must be positive, got " + resultId);
    }
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(submittedAt, "submittedAt");
    if (tier < 0 || tier > 3) {
      throw new IllegalArgumentException("tier must be 0..3, got " + tier);
    }
  }

  /** This receipt as seen by a later submit of the same (window, student, form). */
  StoredResult asDuplicate() {
    return new StoredResult(resultId, idempotencyKey, crisis, submittedAt, tier, true);
  }
}
