package org.huxin.engine.staff;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A committed account change: the account as it is now and the sessions the change revoked, which
 * the caller announces to every node.
 */
public record AccountChange(ManagedAccount account, List<UUID> revokedSessions) {
  public AccountChange {
    Objects.requireNonNull(account, "account");
    revokedSessions = List.copyOf(revokedSessions);
  }
}
