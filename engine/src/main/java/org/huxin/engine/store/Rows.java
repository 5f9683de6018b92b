package org.huxin.engine.store;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Conversions between the reactive client's rows and parameters and the store's values. */
public final class Rows {

  private Rows() {}

  /** A {@code timestamptz} parameter; null stays null. */
  public static OffsetDateTime at(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  /** A {@code timestamptz} column as an instant; null stays null. */
  public static Instant instant(Row row, String column) {
    OffsetDateTime at = row.getOffsetDateTime(column);
    return at == null ? null : at.toInstant();
  }

  /** A {@code timestamptz} column, by position, as an instant; null stays null. */
  public static Instant instant(Row row, int column) {
    OffsetDateTime at = row.getOffsetDateTime(column);
    return at == null ? null : at.toInstant();
  }

  /** Every row mapped by {@code mapper}, in order. */
  public static <T> List<T> list(RowSet<Row> rows, Function<Row, T> mapper) {
    List<T> out = new ArrayList<>(rows.size());
    for (Row row : rows) {
      out.add(mapper.apply(row));
    }
    return out;
  }

  /** The first row mapped by {@code mapper}, or null when there is none. */
  public static <T> T first(RowSet<Row> rows, Function<Row, T> mapper) {
    var it = rows.iterator();
    return it.hasNext() ? mapper.apply(it.next()) : null;
  }
}
