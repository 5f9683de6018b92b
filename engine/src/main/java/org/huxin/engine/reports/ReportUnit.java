package org.huxin.engine.reports;

import java.util.Objects;
import java.util.Optional;
import org.huxin.engine.roster.OrgUnits;

/**
 * What a report covers: the city (no ids), a district ({@code districtId}) or a school (its {@code
 * schoolId} and the {@code districtId} it belongs to), with a display name.
 */
public record ReportUnit(ReportLevel level, Long districtId, Long schoolId, String name) {

  public ReportUnit {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(name, "name");
    boolean ok =
        switch (level) {
          case CITY -> districtId == null && schoolId == null;
          case DISTRICT -> districtId != null && schoolId == null;
          case SCHOOL -> districtId != null && schoolId != null;
        };
    if (!ok) {
      throw new IllegalArgumentException(
          "a "
              + level.code()
              + " report unit takes "
              + switch (level) {
                case CITY -> "no ids";
                case DISTRICT -> "a district id only";
                case SCHOOL -> "a school id and its district id";
              });
    }
  }

  /**
   * The unit {@code level}/{@code id} names among {@code units}, if it exists ({@code id} ignored
   * for the city).
   */
  public static Optional<ReportUnit> of(
      OrgUnits units, ReportLevel level, Long id, String cityName) {
    return switch (level) {
      case CITY -> Optional.of(city(cityName));
      case DISTRICT ->
          id == null
              ? Optional.empty()
              : units.district(id).map(d -> new ReportUnit(level, d.id(), null, d.name()));
      case SCHOOL ->
          id == null
              ? Optional.empty()
              : units.school(id).map(s -> new ReportUnit(level, s.districtId(), s.id(), s.name()));
    };
  }

  public static ReportUnit city(String name) {
    return new ReportUnit(ReportLevel.CITY, null, null, name);
  }

  /** The id of the district or school, or null for the city. */
  public Long id() {
    return switch (level) {
      case CITY -> null;
      case DISTRICT -> districtId;
      case SCHOOL -> schoolId;
    };
  }

  /** Whether a window with these scope lists screened this unit (the whole of it). */
  public boolean coveredBy(java.util.List<Long> scopeDistricts, java.util.List<Long> scopeSchools) {
    boolean cityWide = scopeDistricts.isEmpty() && scopeSchools.isEmpty();
    return switch (level) {
      case CITY -> cityWide;
      case DISTRICT -> cityWide || scopeDistricts.contains(districtId);
      case SCHOOL ->
          cityWide || scopeDistricts.contains(districtId) || scopeSchools.contains(schoolId);
    };
  }
}
