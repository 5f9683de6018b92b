package org.huxin.engine.staff;

import java.util.Objects;

/**
 * A staff account to create. {@code passwordHash} is made by the caller (never a plain password).
 * The role needs its scope: a district admin a district, a school psychologist a school, a head
 * teacher a school and a class.
 */
public record NewStaffAccount(
    String username,
    String passwordHash,
    StaffRole role,
    Long districtId,
    Long schoolId,
    Long classId,
    String displayName) {

  public NewStaffAccount {
    if (username == null || username.isBlank()) {
      throw new IllegalArgumentException("username must not be blank");
    }
    if (passwordHash == null || passwordHash.isBlank()) {
      throw new IllegalArgumentException("passwordHash of " + username + " must not be blank");
    }
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(displayName, "displayName");
    switch (role) {
      case DISTRICT_ADMIN -> require(districtId, "a district", username, role);
      case SCHOOL_PSYCHOLOGIST -> require(schoolId, "a school", username, role);
      case HEAD_TEACHER -> {
        require(schoolId, "a school", username, role);
        require(classId, "a class", username, role);
      }
      case CITY_ADMIN, OPS -> {}
    }
  }

  private static void require(Long id, String what, String username, StaffRole role) {
    if (id == null) {
      throw new IllegalArgumentException(
          "account " + username + " has role " + role.code() + " and needs " + what);
    }
  }

  /** Leaves the password hash out. */
  @Override
  public String toString() {
    return "NewStaffAccount[" + username + ", " + role.code() + "]";
  }
}
