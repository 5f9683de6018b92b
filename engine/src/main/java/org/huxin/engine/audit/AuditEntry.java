package org.huxin.engine.audit;

import java.time.Instant;
import java.util.Objects;

/** An event as recorded on the audit trail, with its id and time. */
public record AuditEntry(long id, Instant at, AuditEvent event) {
  public AuditEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(event, "event");
  }
}
