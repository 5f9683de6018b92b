package org.huxin.gateway.roster;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.huxin.engine.store.RosterEntry;

/** Every student of the city, found by (school code, student number) or by id, in memory. */
public final class RosterIndex {
  private final Map<String, RosterEntry> byLogin;
  private final Map<Long, RosterEntry> byId;

  private RosterIndex(Map<String, RosterEntry> byLogin, Map<Long, RosterEntry> byId) {
    this.byLogin = byLogin;
    this.byId = byId;
  }

  /** Indexes {@code entries}; a later entry with the same login replaces an earlier one. */
  public static RosterIndex of(List<RosterEntry> entries) {
    Map<String, RosterEntry> byLogin = new HashMap<>(entries.size() * 2);
    Map<Long, RosterEntry> byId = new HashMap<>(entries.size() * 2);
    for (RosterEntry e : entries) {
      byLogin.put(key(e.schoolCode(), e.studentNo()), e);
      byId.put(e.id(), e);
    }
    return new RosterIndex(byLogin, byId);
  }

  public Optional<RosterEntry> byLogin(String schoolCode, String studentNo) {
    if (schoolCode == null || studentNo == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(byLogin.get(key(schoolCode.trim(), studentNo.trim())));
  }

  public Optional<RosterEntry> byId(long studentId) {
    return Optional.ofNullable(byId.get(studentId));
  }

  public int size() {
    return byId.size();
  }

  private static String key(String schoolCode, String studentNo) {
    return schoolCode + '\u0000' + studentNo;
  }
}
