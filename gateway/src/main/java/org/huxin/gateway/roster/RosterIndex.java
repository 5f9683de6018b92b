package org.huxin.gateway.roster;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.huxin.engine.roster.RosterEntry;

/**
 * Every student of the city, found by (school code, student number) or by id, in memory. Reads are
 * lock-free; {@link #reload()} swaps in a fresh snapshot after a roster import.
 */
public final class RosterIndex {
  private final Supplier<List<RosterEntry>> source;
  private volatile Snapshot snapshot;

  private RosterIndex(Supplier<List<RosterEntry>> source, Snapshot snapshot) {
    this.source = source;
    this.snapshot = snapshot;
  }

  /** Indexes {@code entries} once; {@link #reload()} re-indexes the same list. */
  public static RosterIndex of(List<RosterEntry> entries) {
    List<RosterEntry> fixed = List.copyOf(entries);
    return new RosterIndex(() -> fixed, Snapshot.of(fixed));
  }

  /** Indexes what {@code source} returns now, and again at every {@link #reload()}. */
  public static RosterIndex loading(Supplier<List<RosterEntry>> source) {
    return new RosterIndex(source, Snapshot.of(source.get()));
  }

  /** Re-reads the roster from its source (blocking: call it off the event loop). */
  public void reload() {
    snapshot = Snapshot.of(source.get());
  }

  public Optional<RosterEntry> byLogin(String schoolCode, String studentNo) {
    if (schoolCode == null || studentNo == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(snapshot.byLogin.get(key(schoolCode.trim(), studentNo.trim())));
  }

  public Optional<RosterEntry> byId(long studentId) {
    return Optional.ofNullable(snapshot.byId.get(studentId));
  }

  public int size() {
    return snapshot.byId.size();
  }

  /** The district of a school that has students on the roster. */
  public Optional<Long> districtOfSchool(long schoolId) {
    return Optional.ofNullable(snapshot.districtOfSchool.get(schoolId));
  }

  private static String key(String schoolCode, String studentNo) {
    return schoolCode + '\u0000' + studentNo;
  }

  /**
   * One indexed generation of the roster; a later entry with the same login replaces one before.
   */
  private record Snapshot(
      Map<String, RosterEntry> byLogin,
      Map<Long, RosterEntry> byId,
      Map<Long, Long> districtOfSchool) {
    static Snapshot of(List<RosterEntry> entries) {
      Map<String, RosterEntry> byLogin = new HashMap<>(entries.size() * 2);
      Map<Long, RosterEntry> byId = new HashMap<>(entries.size() * 2);
      Map<Long, Long> districtOfSchool = new HashMap<>();
      for (RosterEntry e : entries) {
        byLogin.put(key(e.schoolCode(), e.studentNo()), e);
        byId.put(e.id(), e);
        districtOfSchool.put(e.schoolId(), e.districtId());
      }
      return new Snapshot(byLogin, byId, districtOfSchool);
    }
  }
}
