package org.huxin.engine.staff;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One sign-in, as stored. {@code accountDisabled} is the account's state when the row was read: a
 * session of a disabled account is dead whatever its own row says.
 */
public record StaffSession(
    UUID id,
    long accountId,
    Instant createdAt,
    Instant lastSeen,
    Instant revokedAt,
    String reason,
    boolean accountDisabled) {
  public StaffSession {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lastSeen, "lastSeen");
  }

  /** Neither revoked nor of a disabled account (the idle timeout is the caller's to apply). */
  public boolean live() {
    return revokedAt == null && !accountDisabled;
  }
}
