package org.huxin.engine.staff;

import java.time.Instant;
import java.util.Objects;

/** A stored staff account; scope ids are null where the role has none. */
public record StaffAccount(
    long id,
    String username,
    String passwordHash,
    StaffRole role,
    Long districtId,
    Long schoolId,
    Long classId,
    String displayName,
    Instant createdAt,
    boolean disabled) {

  public StaffAccount {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(passwordHash, "passwordHash");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** Leaves the password hash out. */
  @Override
  public String toString() {
    return "StaffAccount["
        + id
        + " "
        + username
        + ", "
        + role.code()
        + (disabled ? ", disabled" : "")
        + "]";
  }
}
