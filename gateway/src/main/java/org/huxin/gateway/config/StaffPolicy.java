package org.huxin.gateway.config;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.huxin.engine.staff.StaffRole;

/**
 * How staff sessions behave on every node.
 *
 * @param idleTimeout a session unused this long is refused and revoked ({@code
 *     HUXIN_STAFF_IDLE_MINUTES}, 1..1440, default 30)
 * @param totpRequired roles that must sign in with a TOTP second factor and enrol one at their
 *     first sign-in ({@code HUXIN_STAFF_TOTP_REQUIRED}, a comma list of role codes such as {@code
 *     city_admin,district_admin}; default none)
 */
public record StaffPolicy(Duration idleTimeout, Set<StaffRole> totpRequired) {
  public StaffPolicy {
    if (idleTimeout == null || idleTimeout.toMinutes() < 1 || idleTimeout.toMinutes() > 1440) {
      throw new IllegalArgumentException("HUXIN_STAFF_IDLE_MINUTES must be 1..1440");
    }
    totpRequired = Set.copyOf(totpRequired);
  }

  /** Thirty idle minutes, no second factor required. */
  public static StaffPolicy defaults() {
    return new StaffPolicy(Duration.ofMinutes(30), Set.of());
  }

  static StaffPolicy fromEnv(Map<String, String> env) {
    String minutes = env.get("HUXIN_STAFF_IDLE_MINUTES");
    Duration idle = Duration.ofMinutes(30);
    if (minutes != null && !minutes.isBlank()) {
      try {
        idle = Duration.ofMinutes(Long.parseLong(minutes.trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "HUXIN_STAFF_IDLE_MINUTES must be a whole number of minutes, got '" + minutes + "'", e);
      }
    }
    Set<StaffRole> roles = EnumSet.noneOf(StaffRole.class);
    String required = env.getOrDefault("HUXIN_STAFF_TOTP_REQUIRED", "");
    for (String code : required.split(",", -1)) {
      if (code.isBlank()) {
        continue;
      }
      try {
        roles.add(StaffRole.fromCode(code.trim().toLowerCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "HUXIN_STAFF_TOTP_REQUIRED: " + e.getMessage() + " (a comma list of role codes)", e);
      }
    }
    return new StaffPolicy(idle, roles);
  }
}
