package org.huxin.engine.store;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.Consumer;
import javax.sql.DataSource;

/** Null-safe conversions between JDBC and the store's value types, and cursor reads. */
public final class Jdbc {

  /** Rows fetched per round trip when a query is streamed. */
  public static final int FETCH_SIZE = 2_000;

  private Jdbc() {}

  /** Sets the {@code ?} parameters of a statement. */
  @FunctionalInterface
  public interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  /** Sets the {@code ?} parameters of a statement that takes a {@code bigint[]} of ids. */
  @FunctionalInterface
  public interface IdsBinder {
    void bind(PreparedStatement ps, Array ids) throws SQLException;
  }

  /** Reads one row into a value. */
  @FunctionalInterface
  public interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /**
   * Streams the rows of {@code sql} (its parameters all longs) to {@code sink} through a cursor, in
   * one read-only transaction so they come from one snapshot; returns how many there were.
   */
  public static <T> long stream(
      DataSource dataSource, String sql, RowReader<T> reader, Consumer<T> sink, long... params)
      throws SQLException {
    return Transactions.readOnly(
        dataSource,
        c -> {
          long count = 0;
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(FETCH_SIZE);
            for (int i = 0; i < params.length; i++) {
              ps.setLong(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                sink.accept(reader.read(rs));
                count++;
              }
            }
          }
          return count;
        });
  }

  public static void setInstant(PreparedStatement ps, int index, Instant value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
    }
  }

  public static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value);
    }
  }

  public static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  public static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }
}
