package org.huxin.engine.protect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.huxin.engine.city.SyntheticCity;
import org.huxin.engine.followup.FollowupAction;
import org.huxin.engine.followup.FollowupStore;
import org.huxin.engine.followup.NewFollowup;
import org.huxin.engine.renorm.SyntheticWindow;
import org.huxin.engine.roster.RosterStore;
import org.huxin.engine.staff.NewStaffAccount;
import org.huxin.engine.staff.StaffRole;
import org.huxin.engine.staff.StaffStore;
import org.huxin.engine.store.NameCipher;
import org.huxin.testsupport.TestDatabase;

/**
 * A database of 2,160 synthetic students and {@link #NOTES} follow-up notes, all encrypted under
 * {@link #OLD}, with the plaintexts kept to compare against after a rotation.
 */
final class RotationFixture implements AutoCloseable {

  static final int NOTES = 240;

  /** Fixed keys with three different key ids. */
  static final NameCipher OLD = key(1);

  static final NameCipher NEW = key(2);
  static final NameCipher OTHER = key(3);

  final TestDatabase db;
  final Map<Long, String> names = new LinkedHashMap<>();
  final Map<Long, String> notes = new LinkedHashMap<>();

  private RotationFixture(TestDatabase db) {
    this.db = db;
  }

  static RotationFixture create(Class<?> owner) throws SQLException {
    RotationFixture f = new RotationFixture(TestDatabase.create(owner));
    try {
      DataSource ds = f.db.dataSource();
      new RosterStore(ds).bulkLoad(SyntheticCity.generate(7L, SyntheticWindow.citySpec(2000)), OLD);
      long actor =
          new StaffStore(ds)
              .create(
                  new NewStaffAccount("psy", "x", StaffRole.CITY_ADMIN, null, null, null, "王老师"))
              .id();
      FollowupStore followups = new FollowupStore(OLD);
      f.names.putAll(f.decrypted("student", "name_enc", OLD));
      List<Long> students = new ArrayList<>(f.names.keySet());
      for (int i = 0; i < NOTES; i++) {
        String note = "第" + (i + 1) + "次面谈：学生自述睡眠不好，已告知家长。";
        int student = i * 7;
        long id =
            f.db
                .pool()
                .withTransaction(
                    tx ->
                        followups.record(
                            tx,
                            new NewFollowup(
                                students.get(student),
                                null,
                                FollowupAction.INTERVIEW,
                                actor,
                                note,
                                Instant.parse("2025-10-01T08:00:00Z"))))
                .await()
                .entry()
                .id();
        f.notes.put(id, note);
      }
      return f;
    } catch (SQLException | RuntimeException e) {
      f.close();
      throw e;
    }
  }

  DataSource dataSource() {
    return db.dataSource();
  }

  long rows() {
    return names.size() + notes.size();
  }

  /** Every non-null value of {@code table.column} by id, raw. */
  Map<Long, byte[]> raw(String table, String column) throws SQLException {
    Map<Long, byte[]> rows = new LinkedHashMap<>();
    String sql =
        "SELECT id, " + column + " FROM " + table + " WHERE " + column + " IS NOT NULL ORDER BY id";
    try (Connection c = dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.put(rs.getLong(1), rs.getBytes(2));
      }
    }
    return rows;
  }

  Map<Long, String> decrypted(String table, String column, NameCipher cipher) throws SQLException {
    Map<Long, String> plain = new LinkedHashMap<>();
    raw(table, column).forEach((id, value) -> plain.put(id, cipher.decrypt(value)));
    return plain;
  }

  /** How many values of {@code table.column} carry {@code cipher}'s key id. */
  long underKey(String table, String column, NameCipher cipher) throws SQLException {
    return raw(table, column).values().stream().filter(v -> v[1] == cipher.keyId()).count();
  }

  void set(String table, String column, long id, byte[] value) throws SQLException {
    try (Connection c = dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("UPDATE " + table + " SET " + column + " = ? WHERE id = ?")) {
      ps.setBytes(1, value);
      ps.setLong(2, id);
      ps.executeUpdate();
    }
  }

  static NameCipher key(int fill) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) (fill * 37));
    return new NameCipher(key);
  }

  @Override
  public void close() {
    db.close();
  }
}
