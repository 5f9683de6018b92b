package org.huxin.engine.followup;

import java.util.Objects;

/** What recording an action did: the new ledger row and the case it advanced (null if none). */
public record Recorded(LedgerEntry entry, FollowupCase followupCase) {
  public Recorded {
    Objects.requireNonNull(entry, "entry");
  }
}
