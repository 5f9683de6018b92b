package org.huxin.engine.staff;

/**
 * Who makes an account change, as the audit trail records it: a signed-in account, or the command
 * line ({@code ./huxin staff}), which has no account id and the role {@code cli}.
 */
public record Actor(Long accountId, String role) {
  public Actor {
    if (role == null || role.isBlank()) {
      throw new IllegalArgumentException("an actor needs a role");
    }
  }

  /** The operator at the command line of a node. */
  public static Actor cli() {
    return new Actor(null, "cli");
  }

  public static Actor of(long accountId, StaffRole role) {
    return new Actor(accountId, role.code());
  }
}
