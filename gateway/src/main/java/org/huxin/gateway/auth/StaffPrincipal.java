package org.huxin.gateway.auth;

import java.time.Instant;
import org.huxin.engine.store.StaffRole;

/**
 * What a staff token asserts: an account, its role and the org unit it is scoped to. The ids that
 * do not apply to the role are null (a city admin has none).
 */
public record StaffPrincipal(
    long accountId,
    String username,
    StaffRole role,
    Long districtId,
    Long schoolId,
    Long classId,
    Instant expiresAt) {
  public StaffPrincipal {
    if (accountId <= 0 || username == null || role == null || expiresAt == null) {
      throw new IllegalArgumentException("account id, username, role and expiry are required");
    }
  }
}
