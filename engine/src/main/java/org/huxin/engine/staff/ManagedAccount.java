package org.huxin.engine.staff;

import java.time.Instant;
import java.util.Objects;

/**
 * A staff account with its life-cycle state: whether its password is a one-time one that must be
 * changed before anything else, when it was last set, and whether a TOTP second factor is enrolled.
 */
public record ManagedAccount(
    StaffAccount account, boolean mustChangePassword, Instant passwordChangedAt, boolean totp) {
  public ManagedAccount {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(passwordChangedAt, "passwordChangedAt");
  }

  public long id() {
    return account.id();
  }
}
