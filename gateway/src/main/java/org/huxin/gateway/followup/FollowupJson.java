package org.huxin.gateway.followup;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.huxin.engine.followup.CaseRow;
import org.huxin.engine.followup.FollowupCase;
import org.huxin.engine.followup.LedgerEntry;

/**
 * JSON of cases and ledger rows. {@code withLevel} is false for a head teacher: her JSON then has
 * no level key at all.
 */
final class FollowupJson {
  private FollowupJson() {}

  static JsonObject caseJson(FollowupCase c, Instant now, boolean withLevel) {
    JsonObject out =
        new JsonObject()
            .put("caseId", c.id())
            .put("studentId", c.studentId())
            .put("windowId", c.windowId())
            .put("status", c.open() ? "open" : "closed")
            .put("openedAt", c.openedAt().toString())
            .put("dueAt", c.dueAt().toString())
            .put("overdue", c.overdue(now))
            .put("closedAt", text(c.closedAt()))
            .put("lastAction", c.lastAction() == null ? null : c.lastAction().code())
            .put("lastActionAt", text(c.lastActionAt()));
    if (withLevel) {
      out.put("level", c.level());
    }
    return out;
  }

  static JsonObject caseRowJson(CaseRow row, Instant now, boolean withLevel) {
    return caseJson(row.followupCase(), now, withLevel)
        .put("studentNo", row.studentNo())
        .put("name", row.name())
        .put("grade", row.grade())
        .put("schoolId", row.followupCase().schoolId())
        .put("schoolName", row.schoolName())
        .put("classId", row.followupCase().classId())
        .put("className", row.className());
  }

  static JsonObject entryJson(LedgerEntry e) {
    return new JsonObject()
        .put("id", e.id())
        .put("caseId", e.caseId())
        .put("studentId", e.studentId())
        .put("windowId", e.windowId())
        .put("action", e.action().code())
        .put("actorId", e.actorId())
        .put("actorName", e.actorName())
        .put("at", e.at().toString())
        .put("note", e.note());
  }

  static String text(Instant at) {
    return at == null ? null : at.toString();
  }
}
