package org.huxin.engine.reports;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The districts and schools of the city, with names, that reports can be made for. */
public record OrgUnits(List<District> districts, List<School> schools) {

  /** A district (区县). */
  public record District(long id, String code, String name) {
    public District {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(name, "name");
    }
  }

  /** A school of {@code districtId}; {@code stage} as stored (primary, junior, senior, ...). */
  public record School(long id, long districtId, String code, String name, String stage) {
    public School {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(stage, "stage");
    }
  }

  public OrgUnits {
    districts = List.copyOf(districts);
    schools = List.copyOf(schools);
  }

  public Optional<District> district(long id) {
    return districts.stream().filter(d -> d.id() == id).findFirst();
  }

  public Optional<School> school(long id) {
    return schools.stream().filter(s -> s.id() == id).findFirst();
  }

  /** The unit {@code level}/{@code id} names, if it exists ({@code id} ignored for the city). */
  public Optional<ReportUnit> unit(ReportLevel level, Long id, String cityName) {
    return switch (level) {
      case CITY -> Optional.of(ReportUnit.city(cityName));
      case DISTRICT ->
          id == null
              ? Optional.empty()
              : district(id).map(d -> new ReportUnit(level, d.id(), null, d.name()));
      case SCHOOL ->
          id == null
              ? Optional.empty()
              : school(id).map(s -> new ReportUnit(level, s.districtId(), s.id(), s.name()));
    };
  }
}
