package org.huxin.engine.windows;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
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
import org.huxin.engine.store.Rows;
import org.huxin.engine.store.Sql;
import org.huxin.engine.store.Transactions;

/**
 * Screening windows. Creating one also creates its result partitions, in the same transaction, so a
 * window never exists without a place for its results.
 *
 * <p>The request paths call the methods that take the {@link SqlClient} to run on and return a
 * {@link Future}. The offline paths (seeding, re-scoring, the demo city, test fixtures), which have
 * no Vert.x, create, move, find and list windows over JDBC on the {@link DataSource} this store was
 * made with, with the same statements.
 */
public final class WindowStore {

  private static final String COLUMNS =
      "id, name, status, scope_district_ids, scope_school_ids, min_grade, max_grade,"
          + " battery_by_band::text AS battery_by_band, opens_at, closes_at, code_secret,"
          + " help_contacts::text AS help_contacts, created_at, hash_partitions, rule_set_id";

  // Written with JDBC's placeholders; the reactive client runs them numbered ($1, $2, ...).
  private static final String INSERT =
      "INSERT INTO screening_window (name, scope_district_ids, scope_school_ids, min_grade,"
          + " max_grade, battery_by_band, opens_at, closes_at, code_secret, help_contacts,"
          + " hash_partitions, rule_set_id)"
          + " VALUES (?, ?, ?, ?, ?, ?::text::jsonb, ?, ?, ?, ?::text::jsonb, ?, ?)"
          + " RETURNING "
          + COLUMNS;
  private static final String PARTITIONS = "SELECT create_window_partitions(?, ?)";
  private static final String SET_STATUS =
      "UPDATE screening_window SET status = ? WHERE id = ? AND status = ANY(?) RETURNING "
          + COLUMNS;
  private static final String FIND = "SELECT " + COLUMNS + " FROM screening_window WHERE id = ?";
  private static final String LIST =
      "SELECT " + COLUMNS + " FROM screening_window ORDER BY id DESC";
  private static final String INSERT_NUMBERED = Sql.numbered(INSERT);
  private static final String PARTITIONS_NUMBERED = Sql.numbered(PARTITIONS);
  private static final String SET_STATUS_NUMBERED = Sql.numbered(SET_STATUS);
  private static final String FIND_NUMBERED = Sql.numbered(FIND);

  private static final String WITHOUT_CONSENT =
      "SELECT st.id, sc.id, sc.name, st.grade, c.id, c.name, st.student_no, st.name_enc"
          + " FROM student st JOIN school sc ON sc.id = st.school_id"
          + " JOIN school_class c ON c.id = st.class_id"
          + " WHERE NOT st.consent_guardian AND st.grade = ANY($1::int4[])"
          + " AND ($2 OR st.district_id = ANY($3::int8[]) OR st.school_id = ANY($4::int8[]))"
          + " AND ($5::int8 IS NULL OR st.district_id = $5::int8)"
          + " AND ($6::int8 IS NULL OR st.school_id = $6::int8)"
          + " AND ($7::int8 IS NULL OR st.class_id = $7::int8)"
          + " ORDER BY sc.name, sc.id, st.grade, c.name, c.id, length(st.student_no),"
          + " st.student_no COLLATE \"C\", st.id";

  private final DataSource dataSource;
  private final SecureRandom random = new SecureRandom();

  /** {@code dataSource} serves the offline methods only; the request paths pass their client. */
  public WindowStore(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /**
   * Inserts a draft window with a fresh 32-byte code secret, and its result partitions: two
   * statements, so run it in a transaction.
   */
  public Future<Window> create(SqlClient tx, NewWindow window) {
    Objects.requireNonNull(window, "window");
    byte[] secret = newSecret();
    Tuple insert =
        Tuple.of(
            window.name(),
            window.scopeDistrictIds().toArray(Long[]::new),
            window.scopeSchoolIds().toArray(Long[]::new),
            window.minGrade(),
            window.maxGrade(),
            Json.write(window.batteryByBand()),
            Rows.at(window.opensAt()),
            Rows.at(window.closesAt()),
            Buffer.buffer(secret),
            window.helpContactsJson(),
            window.hashPartitions(),
            window.ruleSetId());
    return tx.preparedQuery(INSERT_NUMBERED)
        .execute(insert)
        .map(rows -> read(rows.iterator().next()))
        .compose(
            created ->
                tx.preparedQuery(PARTITIONS_NUMBERED)
                    .execute(Tuple.of(created.id(), window.hashPartitions()))
                    .map(created))
        .onComplete(done -> Arrays.fill(secret, (byte) 0))
        .recover(Sql.failed("create a screening window"));
  }

  /**
   * Moves a window to {@code target} if its current status allows it (checked and changed in one
   * statement, so two admins cannot both win a race). Fails with {@link UnknownWindowException} if
   * there is no such window, and with {@link WindowTransitionException} if its current status does
   * not lead to {@code target}.
   */
  public Future<Window> setStatus(SqlClient client, long windowId, WindowStatus target) {
    Objects.requireNonNull(target, "target");
    return client
        .preparedQuery(SET_STATUS_NUMBERED)
        .execute(Tuple.of(target.code(), windowId, allowedFrom(target).toArray(String[]::new)))
        .compose(
            rows -> {
              Window moved = Rows.first(rows, WindowStore::read);
              return moved != null
                  ? Future.succeededFuture(moved)
                  : find(client, windowId)
                      .compose(
                          current ->
                              Future.<Window>failedFuture(
                                  current.isEmpty()
                                      ? new UnknownWindowException(windowId)
                                      : new WindowTransitionException(
                                          windowId, current.get().status(), target)));
            })
        .recover(Sql.failed("set the status of screening window " + windowId));
  }

  public Future<Optional<Window>> find(SqlClient client, long windowId) {
    return client
        .preparedQuery(FIND_NUMBERED)
        .execute(Tuple.of(windowId))
        .map(rows -> Optional.ofNullable(Rows.first(rows, WindowStore::read)))
        .recover(Sql.failed("find screening window " + windowId));
  }

  /** All windows, newest first. */
  public Future<List<Window>> list(SqlClient client) {
    return client
        .preparedQuery(LIST)
        .execute()
        .map(rows -> Rows.list(rows, WindowStore::read))
        .recover(Sql.failed("list screening windows"));
  }

  /** The ids of {@code ids} that name no district (so a window cannot be scoped to them). */
  public Future<List<Long>> unknownDistricts(SqlClient client, List<Long> ids) {
    return unknown(client, "district", ids);
  }

  /** The ids of {@code ids} that name no school. */
  public Future<List<Long>> unknownSchools(SqlClient client, List<Long> ids) {
    return unknown(client, "school", ids);
  }

  private static Future<List<Long>> unknown(SqlClient client, String table, List<Long> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    String sql =
        "SELECT x FROM unnest($1::int8[]) AS x WHERE NOT EXISTS (SELECT 1 FROM "
            + table
            + " t WHERE t.id = x) ORDER BY x";
    return client
        .preparedQuery(sql)
        .execute(Tuple.of(ids.toArray(Long[]::new)))
        .map(rows -> Rows.list(rows, row -> row.getLong(0)))
        .recover(Sql.failed("check " + table + " ids"));
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
   * Names are decrypted with {@code cipher} as the rows are read.
   */
  public Future<List<MissingConsent>> withoutConsent(
      SqlClient client,
      Window window,
      Long districtId,
      Long schoolId,
      Long classId,
      NameCipher cipher) {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(cipher, "cipher");
    Tuple params =
        Tuple.of(
            Arrays.stream(window.gradesInScope()).boxed().toArray(Integer[]::new),
            window.cityWide(),
            window.scopeDistrictIds().toArray(Long[]::new),
            window.scopeSchoolIds().toArray(Long[]::new),
            districtId,
            schoolId,
            classId);
    return client
        .preparedQuery(WITHOUT_CONSENT)
        .execute(params)
        .map(
            rows ->
                Rows.list(
                    rows,
                    row ->
                        new MissingConsent(
                            row.getLong(0),
                            row.getLong(1),
                            row.getString(2),
                            row.getInteger(3),
                            row.getLong(4),
                            row.getString(5),
                            row.getString(6),
                            cipher.decrypt(row.getBuffer(7).getBytes()))))
        .recover(Sql.failed("list students without consent in window " + window.id()));
  }

  /** Offline: as {@link #create(SqlClient, NewWindow)} over JDBC, for seeding and test fixtures. */
  public Window create(NewWindow window) {
    Objects.requireNonNull(window, "window");
    byte[] secret = newSecret();
    try {
      return Transactions.inTransaction(
          dataSource,
          c -> {
            Window created;
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
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
            try (PreparedStatement partitions = c.prepareStatement(PARTITIONS)) {
              partitions.setLong(1, created.id());
              partitions.setInt(2, window.hashPartitions());
              partitions.execute();
            }
            return created;
          });
    } catch (SQLException e) {
      throw Sql.failure("create a screening window", e);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /**
   * Offline: as {@link #setStatus(SqlClient, long, WindowStatus)} over JDBC.
   *
   * @throws UnknownWindowException if there is no such window
   * @throws WindowTransitionException if the current status does not lead to {@code target}
   */
  public Window setStatus(long windowId, WindowStatus target) {
    Objects.requireNonNull(target, "target");
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(SET_STATUS)) {
      ps.setString(1, target.code());
      ps.setLong(2, windowId);
      ps.setArray(3, c.createArrayOf("text", allowedFrom(target).toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return read(rs);
        }
      }
    } catch (SQLException e) {
      throw Sql.failure("set the status of screening window " + windowId, e);
    }
    Window current = find(windowId).orElseThrow(() -> new UnknownWindowException(windowId));
    throw new WindowTransitionException(windowId, current.status(), target);
  }

  /** Offline: as {@link #find(SqlClient, long)} over JDBC. */
  public Optional<Window> find(long windowId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(FIND)) {
      ps.setLong(1, windowId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw Sql.failure("find screening window " + windowId, e);
    }
  }

  /** Offline: as {@link #list(SqlClient)} over JDBC; also the gateway's load at start-up. */
  public List<Window> list() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(LIST);
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

  private byte[] newSecret() {
    byte[] secret = new byte[Window.CODE_SECRET_BYTES];
    random.nextBytes(secret);
    return secret;
  }

  /** The statuses from which a window may move to {@code target}. */
  private static List<String> allowedFrom(WindowStatus target) {
    List<String> allowedFrom = new ArrayList<>();
    for (WindowStatus from : EnumSet.allOf(WindowStatus.class)) {
      if (from.canMoveTo(target)) {
        allowedFrom.add(from.code());
      }
    }
    return allowedFrom;
  }

  private static Window read(Row row) {
    long id = row.getLong("id");
    return new Window(
        id,
        row.getString("name"),
        WindowStatus.fromCode(row.getString("status")),
        List.of(row.getArrayOfLongs("scope_district_ids")),
        List.of(row.getArrayOfLongs("scope_school_ids")),
        row.getInteger("min_grade"),
        row.getInteger("max_grade"),
        Json.readStringMap("battery_by_band of window " + id, row.getString("battery_by_band")),
        Rows.instant(row, "opens_at"),
        Rows.instant(row, "closes_at"),
        row.getBuffer("code_secret").getBytes(),
        row.getString("help_contacts"),
        Rows.instant(row, "created_at"),
        row.getInteger("hash_partitions"),
        row.getString("rule_set_id"));
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
