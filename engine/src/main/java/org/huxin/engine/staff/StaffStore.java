package org.huxin.engine.staff;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.huxin.engine.store.DuplicateKeyException;
import org.huxin.engine.store.Jdbc;
import org.huxin.engine.store.Sql;

/**
 * Staff accounts over JDBC, for the demo seeding, the load-test accounts and test fixtures: create
 * one, look one up. Request paths use {@link StaffAccountStore} on the reactive client.
 */
public final class StaffStore {

  private static final String COLUMNS =
      "id, username, password_hash, role, district_id, school_id, class_id, display_name,"
          + " created_at, disabled";

  private final DataSource dataSource;

  public StaffStore(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /**
   * @throws DuplicateKeyException if the username is taken
   */
  public StaffAccount create(NewStaffAccount account) {
    Objects.requireNonNull(account, "account");
    String sql =
        "INSERT INTO staff_account (username, password_hash, role, district_id, school_id,"
            + " class_id, display_name) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING "
            + COLUMNS;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, account.username());
      ps.setString(2, account.passwordHash());
      ps.setString(3, account.role().code());
      Jdbc.setLong(ps, 4, account.districtId());
      Jdbc.setLong(ps, 5, account.schoolId());
      Jdbc.setLong(ps, 6, account.classId());
      ps.setString(7, account.displayName());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return read(rs);
      }
    } catch (SQLException e) {
      throw Sql.failure("create staff account " + account.username(), e);
    }
  }

  public Optional<StaffAccount> findByUsername(String username) {
    Objects.requireNonNull(username, "username");
    return findOne("username = ?", username, "find staff account " + username);
  }

  public Optional<StaffAccount> findById(long id) {
    return findOne("id = ?", id, "find staff account " + id);
  }

  private Optional<StaffAccount> findOne(String where, Object key, String what) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + COLUMNS + " FROM staff_account WHERE " + where)) {
      ps.setObject(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw Sql.failure(what, e);
    }
  }

  private static StaffAccount read(ResultSet rs) throws SQLException {
    return new StaffAccount(
        rs.getLong("id"),
        rs.getString("username"),
        rs.getString("password_hash"),
        StaffRole.fromCode(rs.getString("role")),
        Jdbc.nullableLong(rs, "district_id"),
        Jdbc.nullableLong(rs, "school_id"),
        Jdbc.nullableLong(rs, "class_id"),
        rs.getString("display_name"),
        Jdbc.instant(rs, "created_at"),
        rs.getBoolean("disabled"));
  }
}
