package org.huxin.engine.windows;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.huxin.engine.store.Jdbc;
import org.huxin.engine.store.Json;
import org.huxin.engine.store.NameCipher;
import org.huxin.engine.store.Sql;
import org.huxin.engine.store.Transactions;

/**
 * Screening windows. Creating one also creates its result partitions, in the same transaction, so a
 * window never exists without a place for its results.
 */
public final class WindowStore {

  private static final String COLUMNS =
      "id, name, status, scope_district_ids, scope_school_ids, min_grade, max_grade,"
          + " battery_by_band::text AS battery_by_band, opens_at, closes_at, code_secret,"
          + " help_contacts::text AS help_contacts, created_at, hash_partitions, rule_set_id";

  private final DataSource dataSource;
  private final SecureRandom random = new SecureRandom();

  public WindowStore(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /** Inserts a draft window with a fresh 32-byte code secret, and its result partitions. */
  public Window create(NewWindow window) {
    Objects.requireNonNull(window, "window");
    byte[] secret = new byte[Window.CODE_SECRET_BYTES];
    random.nextBytes(secret);
    String insert =
        "INSERT INTO screening_window (name, scope_district_ids, scope_school_ids, min_grade,"
            + " max_grade, battery_by_band, opens_at, closes_at, code_secret, help_contacts,"
            + " hash_partitions, rule_set_id)"
            + " VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?::jsonb, ?, ?)"
            + " RETURNING "
            + COLUMNS;
    try {
      return Transactions.inTransaction(
          dataSource,
          c -> {
            Window created;
            try (PreparedStatement ps = c.prepareStatement(insert)) {
              ps.setString(1, window.name());
              ps.setArray(2, c.createArrayOf("int8", window.scopeDistrictIds().toArray()));
              ps.setArray(3, c.createArrayOf("int8", window.scopeSchoolIds().toArray()));
              ps.setInt(4, window.minGrade());
              ps.setInt(5, window.maxGrade());
              ps.setString(6, Json.write(window.batteryByBand()));
              Jdbc.setInstant(ps, 7, window.opensAt());
              Jdbc.setInstant(ps, 8, window.closesAt());
              ps.setBytes(9, secret);
              ps.setString(10, window.helpContactsJson());
              ps.setInt(11, window.hashPartitions());
              ps.setString(12, window.ruleSetId());
              try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                created = read(rs);
              }
            }
            try (PreparedStatement partitions =
                c.prepareStatement("SELECT create_window_partitions(?, ?)")) {
              partitions.setLong(1, created.id());
              partitions.setInt(2, window.hashPartitions());
              partitions.execute();
            }
            return created;
          });
    } catch (SQLException e) {
      throw Sql.failure("create screening window '" + window.name() + "'", e);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /**
   * Moves a window to {@code target} if its current status allows it (checked and changed in one
   * statement, so two admins cannot both win a race).
   *
   * @throws UnknownWindowException if there is no such window
   * @throws WindowTransitionException if the current status does not lead to {@code target}
   */
  public Window setStatus(long windowId, WindowStatus target) {
    Objects.requireNonNull(target, "target");
    List<String> allowedFrom = new ArrayList<>();
    for (WindowStatus from : EnumSet.allOf(WindowStatus.class)) {
      if (from.canMoveTo(target)) {
        allowedFrom.add(from.code());
      }
    }
    String sql =
        "UPDATE screening_window SET status = ? WHERE id = ? AND status = ANY(?) RETURNING "
            + COLUMNS;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, target.code());
      ps.setLong(2, windowId);
      ps.setArray(3, c.createArrayOf("text", allowedFrom.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return read(rs);
        }
      }
    } catch (SQLException e) {
      throw Sql.failure("set status of screening window " + windowId, e);
    }
    Window current = find(windowId).orElseThrow(() -> new UnknownWindowException(windowId));
    throw new WindowTransitionException(windowId, current.status(), target);
  }

  public Optional<Window> find(long windowId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + COLUMNS + " FROM screening_window WHERE id = ?")) {
      ps.setLong(1, windowId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw Sql.failure("find screening window " + windowId, e);
    }
  }

  /** All windows, newest first. */
  public List<Window> list() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + COLUMNS + " FROM screening_window ORDER BY id DESC");
        ResultSet rs = ps.executeQuery()) {
      List<Window> windows = new ArrayList<>();
      while (rs.next()) {
        windows.add(read(rs));
      }
      return windows;
    } catch (SQLException e) {
      throw Sql.failure("list screening windows", e);
    }
  }

  /** The ids of {@code ids} that name no district (so a window cannot be scoped to them). */
  public List<Long> unknownDistricts(List<Long> ids) {
    return unknown("district", ids);
  }

  /** The ids of {@code ids} that name no school. */
  public List<Long> unknownSchools(List<Long> ids) {
    return unknown("school", ids);
  }

  private List<Long> unknown(String table, List<Long> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    String sql =
        "SELECT x FROM unnest(?::bigint[]) AS x WHERE NOT EXISTS (SELECT 1 FROM "
            + table
            + " t WHERE t.id = x) ORDER BY x";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, c.createArrayOf("int8", ids.toArray()));
      List<Long> unknown = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          unknown.add(rs.getLong(1));
        }
      }
      return unknown;
    } catch (SQLException e) {
      throw Sql.failure("check " + table + " ids", e);
    }
  }

  /**
   * The students of class {@code classId} who have a result of {@code form} in window {@code
   * windowId} (e.g. those their head teacher has already rated).
   */
  public Future<Set<Long>> answered(SqlClient client, long windowId, long classId, String form) {
    return client
        .preparedQuery(
            "SELECT student_id FROM result WHERE window_id = $1 AND class_id = $2 AND form = $3")
        .execute(Tuple.of(windowId, classId, form))
        .map(
            rows -> {
              Set<Long> ids = new HashSet<>();
              rows.forEach(row -> ids.add(row.getLong(0)));
              return ids;
            })
        .recover(Sql.failed("read the " + form + " results of class " + classId));
  }

  /**
   * One student a window covers whose guardian has not consented, with the decrypted name. {@link
   * #toString()} leaves the name out.
   */
  public record MissingConsent(
      long studentId,
      long schoolId,
      String schoolName,
      int grade,
      long classId,
      String className,
      String studentNo,
      String name) {

    public MissingConsent {
      Objects.requireNonNull(schoolName, "schoolName");
      Objects.requireNonNull(className, "className");
      Objects.requireNonNull(studentNo, "studentNo");
      Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
      return "MissingConsent[" + studentId + ", class " + classId + ", no " + studentNo + "]";
    }
  }

  /**
   * The students {@code window} covers who lack guardian consent, ordered by school, grade, class
   * and student number, limited to a district, school or class when that argument is not null.
   * Names are decrypted with {@code cipher}, on the caller's thread.
   */
  public List<MissingConsent> withoutConsent(
      Window window, Long districtId, Long schoolId, Long classId, NameCipher cipher) {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(cipher, "cipher");
    String sql =
        "SELECT st.id, sc.id, sc.name, st.grade, c.id, c.name, st.student_no, st.name_enc"
            + " FROM student st JOIN school sc ON sc.id = st.school_id"
            + " JOIN school_class c ON c.id = st.class_id"
            + " WHERE NOT st.consent_guardian AND st.grade = ANY(?)"
            + " AND (? OR st.district_id = ANY(?) OR st.school_id = ANY(?))"
            + " AND (?::bigint IS NULL OR st.district_id = ?::bigint)"
            + " AND (?::bigint IS NULL OR st.school_id = ?::bigint)"
            + " AND (?::bigint IS NULL OR st.class_id = ?::bigint)"
            + " ORDER BY sc.name, sc.id, st.grade, c.name, c.id, length(st.student_no),"
            + " st.student_no COLLATE \"C\", st.id";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      Integer[] grades = Arrays.stream(window.gradesInScope()).boxed().toArray(Integer[]::new);
      ps.setArray(1, c.createArrayOf("int4", grades));
      ps.setBoolean(2, window.cityWide());
      ps.setArray(3, c.createArrayOf("int8", window.scopeDistrictIds().toArray()));
      ps.setArray(4, c.createArrayOf("int8", window.scopeSchoolIds().toArray()));
      setOptional(ps, 5, districtId);
      setOptional(ps, 7, schoolId);
      setOptional(ps, 9, classId);
      List<MissingConsent> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new MissingConsent(
                  rs.getLong(1),
                  rs.getLong(2),
                  rs.getString(3),
                  rs.getInt(4),
                  rs.getLong(5),
                  rs.getString(6),
                  rs.getString(7),
                  cipher.decrypt(rs.getBytes(8))));
        }
      }
      return out;
    } catch (SQLException e) {
      throw Sql.failure("list students without consent in window " + window.id(), e);
    }
  }

  /** Sets parameters {@code index} and {@code index + 1} to {@code value} (or SQL null). */
  private static void setOptional(PreparedStatement ps, int index, Long value) throws SQLException {
    for (int i = index; i <= index + 1; i++) {
      if (value == null) {
        ps.setNull(i, java.sql.Types.BIGINT);
      } else {
        ps.setLong(i, value);
      }
    }
  }

  private static Window read(ResultSet rs) throws SQLException {
    long id = rs.getLong("id");
    return new Window(
        id,
        rs.getString("name"),
        WindowStatus.fromCode(rs.getString("status")),
        ids(rs.getArray("scope_district_ids")),
        ids(rs.getArray("scope_school_ids")),
        rs.getInt("min_grade"),
        rs.getInt("max_grade"),
        Json.readStringMap("battery_by_band of window " + id, rs.getString("battery_by_band")),
        Jdbc.instant(rs, "opens_at"),
        Jdbc.instant(rs, "closes_at"),
        rs.getBytes("code_secret"),
        rs.getString("help_contacts"),
        Jdbc.instant(rs, "created_at"),
        rs.getInt("hash_partitions"),
        rs.getString("rule_set_id"));
  }

  private static List<Long> ids(Array array) throws SQLException {
    try {
      return List.of((Long[]) array.getArray());
    } finally {
      array.free();
    }
  }
}
