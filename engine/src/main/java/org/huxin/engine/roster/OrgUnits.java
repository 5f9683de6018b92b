package org.huxin.engine.roster;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The districts and schools of the city, with codes and names, ordered by code. */
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
}
