package org.huxin.gateway.auth;

import java.time.Instant;
import org.huxin.engine.staff.StaffRole;

/**
 * What a staff token asserts: an account, its role and the org unit it is scoped to, and the
 * session it belongs to. The ids that do not apply to the role are null (a city admin has none).
 *
 * @param session the id of the sign-in's {@code staff_session} row; a token without one is refused
 * @param pending what the session must do before anything else: {@link #CHANGE_PASSWORD} after a
 *     one-time password, {@link #ENROL_TOTP} where the role requires a second factor; null when
 *     nothing
 */
public record StaffPrincipal(
    long accountId,
    String username,
    StaffRole role,
    Long districtId,
    Long schoolId,
    Long classId,
    Instant expiresAt,
    String session,
    String pending) {
  /** The session signed in with a one-time password and must set its own first. */
  public static final String CHANGE_PASSWORD = "change_password";

  /** The role requires a second factor and the account has none yet. */
  public static final String ENROL_TOTP = "enrol_totp";

  public StaffPrincipal {
    if (accountId <= 0 || username == null || role == null || expiresAt == null) {
      throw new IllegalArgumentException("account id, username, role and expiry are required");
    }
    if (pending != null && !pending.equals(CHANGE_PASSWORD) && !pending.equals(ENROL_TOTP)) {
      throw new IllegalArgumentException("unknown pending step " + pending);
    }
  }

  /**
   * A principal outside any session (scope rules in tests); {@code StaffAuth} refuses its token.
   */
  public StaffPrincipal(
      long accountId,
      String username,
      StaffRole role,
      Long districtId,
      Long schoolId,
      Long classId,
      Instant expiresAt) {
    this(accountId, username, role, districtId, schoolId, classId, expiresAt, null, null);
  }
}
