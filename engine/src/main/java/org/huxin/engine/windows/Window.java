package org.huxin.engine.windows;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * A stored screening window. {@code codeSecret} (32 bytes) keys the students' access codes; scope
 * follows {@link NewWindow}: a student is in scope if either id list holds their district or school
 * (both empty: the whole city) and a band of {@code batteryByBand} within {@code
 * minGrade..maxGrade} holds their grade.
 */
public record Window(
    long id,
    String name,
    WindowStatus status,
    List<Long> scopeDistrictIds,
    List<Long> scopeSchoolIds,
    int minGrade,
    int maxGrade,
    Map<String, String> batteryByBand,
    Instant opensAt,
    Instant closesAt,
    byte[] codeSecret,
    String helpContactsJson,
    Instant createdAt,
    int hashPartitions,
    String ruleSetId) {

  public static final int CODE_SECRET_BYTES = 32;

  public Window {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    scopeDistrictIds = List.copyOf(scopeDistrictIds);
    scopeSchoolIds = List.copyOf(scopeSchoolIds);
    batteryByBand = GradeBand.checkedBands(batteryByBand);
    Objects.requireNonNull(opensAt, "opensAt");
    Objects.requireNonNull(closesAt, "closesAt");
    Objects.requireNonNull(codeSecret, "codeSecret");
    if (codeSecret.length != CODE_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "codeSecret must be " + CODE_SECRET_BYTES + " bytes, got " + codeSecret.length);
    }
    codeSecret = codeSecret.clone();
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(ruleSetId, "ruleSetId");
  }

  @Override
  public byte[] codeSecret() {
    return codeSecret.clone();
  }

  /** The battery for {@code grade}, if the grade is in range and a band covers it. */
  public Optional<String> batteryFor(int grade) {
    if (grade < minGrade || grade > maxGrade) {
      return Optional.empty();
    }
    for (Map.Entry<String, String> entry : batteryByBand.entrySet()) {
      if (GradeBand.normalisedKeyHolds(entry.getKey(), grade)) {
        return Optional.of(entry.getValue());
      }
    }
    return Optional.empty();
  }

  /** The grades that are screened: in range and covered by a band. */
  public int[] gradesInScope() {
    return IntStream.rangeClosed(1, 12).filter(g -> batteryFor(g).isPresent()).toArray();
  }

  public boolean cityWide() {
    return scopeDistrictIds.isEmpty() && scopeSchoolIds.isEmpty();
  }

  /** Whether a student of this district, school and grade is to be screened in this window. */
  public boolean inScope(long districtId, long schoolId, int grade) {
    boolean place =
        cityWide() || scopeDistrictIds.contains(districtId) || scopeSchoolIds.contains(schoolId);
    return place && batteryFor(grade).isPresent();
  }

  /** Whether submits are taken at {@code now}: status open and inside [opensAt, closesAt). */
  public boolean acceptsSubmitsAt(Instant now) {
    return status == WindowStatus.OPEN && !now.isBefore(opensAt) && now.isBefore(closesAt);
  }

  /** Leaves the code secret out. */
  @Override
  public String toString() {
    return "Window["
        + id
        + " "
        + name
        + ", "
        + status.code()
        + ", grades "
        + minGrade
        + ".."
        + maxGrade
        + ", "
        + batteryByBand
        + ", "
        + opensAt
        + " to "
        + closesAt
        + "]";
  }
}
