package org.huxin.engine.protect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.huxin.engine.store.NameCipher;
import org.huxin.engine.store.NameCipherException;
import org.huxin.engine.store.Transactions;
import org.postgresql.util.PSQLException;

/**
 * Re-encrypts every encrypted column ({@link #COLUMNS}) from an old data key to a new one.
 *
 * <p>Each column is walked in primary-key order (keyset pagination), {@code batchSize} rows per
 * transaction. A batch selects the next rows that are not yet under the new key id {@code FOR
 * UPDATE}, decrypts each with the old key, encrypts it with the new one and commits, so a crash
 * loses at most the batch in flight and a re-run skips every row already done. A gateway started
 * with both keys ({@code HUXIN_DATA_KEY_OLD} set, see {@link NameCipher#fromEnv} and {@link
 * NameCipher#alsoReading}) sees every row throughout. A value under neither key (another key id,
 * another format version, or one that fails authentication under the old key) is left exactly as it
 * is and reported by table and id; plaintext never reaches a message.
 *
 * <p>A gateway still writing under the old key during the run can add rows behind the cursor;
 * {@link ColumnReport#leftUnderOldKey()} counts them at the end, and a second run finishes them.
 */
public final class KeyRotationBatch {

  /** Rows per transaction unless told otherwise. */
  public static final int DEFAULT_BATCH = 1_000;

  /** At most this many rows under neither key are listed one by one; all are counted. */
  public static final int MAX_LISTED = 100;

  /** Every column that holds a {@link NameCipher} ciphertext, each keyed by a bigint {@code id}. */
  public static final List<EncryptedColumn> COLUMNS =
      List.of(
          new EncryptedColumn("student", "name_enc"),
          new EncryptedColumn("followup", "note_enc"),
          new EncryptedColumn("alert_channel", "url_enc"),
          new EncryptedColumn("alert_channel", "secret_enc"));

  /** A {@code bytea} column of {@link NameCipher} ciphertexts in a table keyed by {@code id}. */
  public record EncryptedColumn(String table, String column) {
    public EncryptedColumn {
      if (table == null || !table.matches("[a-z_][a-z0-9_]*")) {
        throw new IllegalArgumentException("table must be a plain SQL identifier, got " + table);
      }
      if (column == null || !column.matches("[a-z_][a-z0-9_]*")) {
        throw new IllegalArgumentException("column must be a plain SQL identifier, got " + column);
      }
    }

    @Override
    public String toString() {
      return table + "." + column;
    }
  }

  /**
   * Where a column stands after a batch.
   *
   * @param done rows under the new key or looked at and found foreign
   * @param total non-null values in the column when its pass started
   */
  public record Progress(EncryptedColumn column, long done, long total, Duration elapsed) {
    public Progress {
      Objects.requireNonNull(column, "column");
      Objects.requireNonNull(elapsed, "elapsed");
      if (done < 0 || total < 0) {
        throw new IllegalArgumentException("done and total must be >= 0");
      }
    }

    public double fraction() {
      return total == 0 ? 1 : Math.min(1, (double) done / total);
    }
  }

  /** A value under neither key, left untouched. */
  public record Foreign(EncryptedColumn column, long id, String reason) {
    public Foreign {
      Objects.requireNonNull(column, "column");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
      return column + " id " + id + ": " + reason;
    }
  }

  /**
   * One column's pass.
   *
   * @param total non-null values when the pass started
   * @param alreadyCurrent of those, already under the new key (an earlier, interrupted run)
   * @param reencrypted values this pass moved from the old key to the new one
   * @param foreign values under neither key
   * @param leftUnderOldKey values under the old key when the pass ended (written behind the cursor
   *     by a gateway still on the old key; run again)
   */
  public record ColumnReport(
      EncryptedColumn column,
      long total,
      long alreadyCurrent,
      long reencrypted,
      long foreign,
      long leftUnderOldKey) {
    public ColumnReport {
      Objects.requireNonNull(column, "column");
    }
  }

  /**
   * A whole rotation.
   *
   * @param foreignListed the first {@link #MAX_LISTED} values under neither key
   * @param took the whole run, counts included
   */
  public record Report(List<ColumnReport> columns, List<Foreign> foreignListed, Duration took) {
    public Report {
      columns = List.copyOf(columns);
      foreignListed = List.copyOf(foreignListed);
      Objects.requireNonNull(took, "took");
    }

    public long reencrypted() {
      return columns.stream().mapToLong(ColumnReport::reencrypted).sum();
    }

    public long alreadyCurrent() {
      return columns.stream().mapToLong(ColumnReport::alreadyCurrent).sum();
    }

    public long foreign() {
      return columns.stream().mapToLong(ColumnReport::foreign).sum();
    }

    public long leftUnderOldKey() {
      return columns.stream().mapToLong(ColumnReport::leftUnderOldKey).sum();
    }

    public double rowsPerSecond() {
      double seconds = took.toNanos() / 1e9;
      return seconds <= 0 ? 0 : reencrypted() / seconds;
    }

    /** Whether every value is now under the new key. */
    public boolean complete() {
      return foreign() == 0 && leftUnderOldKey() == 0;
    }
  }

  /** Told after every committed batch; an exception thrown here stops the run (it resumes). */
  @FunctionalInterface
  public interface Listener {
    void batchDone(Progress progress);
  }

  private final DataSource dataSource;
  private final NameCipher oldKey;
  private final NameCipher newKey;
  private final int batchSize;

  /**
   * @throws ProtectionException if the two keys have the same key id (equal keys included)
   */
  public KeyRotationBatch(
      DataSource dataSource, NameCipher oldKey, NameCipher newKey, int batchSize) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.oldKey = Objects.requireNonNull(oldKey, "oldKey");
    this.newKey = Objects.requireNonNull(newKey, "newKey");
    if (batchSize < 1 || batchSize > 100_000) {
      throw new IllegalArgumentException("batch size must be 1..100000, got " + batchSize);
    }
    this.batchSize = batchSize;
    try {
      newKey.alsoReading(oldKey);
    } catch (NameCipherException e) {
      throw new ProtectionException(e.getMessage(), e);
    }
  }

  /** Rotates every column of {@link #COLUMNS}. */
  public Report rotate(Listener listener) {
    Objects.requireNonNull(listener, "listener");
    long start = System.nanoTime();
    List<ColumnReport> columns = new ArrayList<>();
    List<Foreign> foreign = new ArrayList<>();
    for (EncryptedColumn column : COLUMNS) {
      columns.add(rotate(column, listener, foreign, start));
    }
    return new Report(columns, foreign, Duration.ofNanos(System.nanoTime() - start));
  }

  private ColumnReport rotate(
      EncryptedColumn column, Listener listener, List<Foreign> foreignListed, long start) {
    String col = column.column();
    String underNew = "length(" + col + ") >= 2 AND get_byte(" + col + ", 0) = 1";
    String keyIs = underNew + " AND get_byte(" + col + ", 1) = ?";
    try {
      long total = count(column, col + " IS NOT NULL", -1);
      long alreadyCurrent = count(column, keyIs, newKey.keyId() & 0xff);
      Pass pass = new Pass(column, foreignListed);
      long done = alreadyCurrent;
      while (true) {
        int seen = batch(pass);
        if (seen == 0) {
          break;
        }
        done += seen;
        listener.batchDone(
            new Progress(
                column, done, Math.max(total, done), Duration.ofNanos(System.nanoTime() - start)));
      }
      long left = count(column, keyIs, oldKey.keyId() & 0xff) - pass.failedUnderOldKey;
      return new ColumnReport(
          column, total, alreadyCurrent, pass.reencrypted, pass.foreign, Math.max(0, left));
    } catch (SQLException e) {
      throw new ProtectionException(
          "re-encrypting " + column + " failed: " + primaryMessage(e) + "; run again to resume", e);
    }
  }

  /** One column's pass: the keyset cursor and the counts so far. */
  private static final class Pass {
    final EncryptedColumn column;
    final List<Foreign> foreignListed;
    final String select;
    final String update;
    long after = Long.MIN_VALUE;
    long reencrypted;
    long foreign;
    long failedUnderOldKey;

    Pass(EncryptedColumn column, List<Foreign> foreignListed) {
      this.column = column;
      this.foreignListed = foreignListed;
      String col = column.column();
      this.select =
          "SELECT id, "
              + col
              + " FROM "
              + column.table()
              + " WHERE id > ? AND "
              + col
              + " IS NOT NULL AND (length("
              + col
              + ") < 2 OR get_byte("
              + col
              + ", 0) <> 1 OR get_byte("
              + col
              + ", 1) <> ?) ORDER BY id LIMIT ? FOR UPDATE";
      this.update =
          "UPDATE "
              + column.table()
              + " t SET "
              + col
              + " = v.value FROM unnest(?::bigint[], ?::bytea[]) AS v(id, value) WHERE t.id = v.id";
    }

    void foreign(long id, String reason) {
      foreign++;
      if (foreignListed.size() < MAX_LISTED) {
        foreignListed.add(new Foreign(column, id, reason));
      }
    }
  }

  /**
   * Locks the next {@link #batchSize} rows after the cursor that are not under the new key,
   * re-encrypts those under the old key and commits; returns how many rows it looked at.
   */
  private int batch(Pass pass) throws SQLException {
    int oldId = oldKey.keyId() & 0xff;
    return Transactions.inTransaction(
        dataSource,
        c -> {
          int seen = 0;
          try (PreparedStatement read = c.prepareStatement(pass.select);
              PreparedStatement write = c.prepareStatement(pass.update)) {
            read.setLong(1, pass.after);
            read.setInt(2, newKey.keyId() & 0xff);
            read.setInt(3, batchSize);
            List<Long> ids = new ArrayList<>();
            List<byte[]> values = new ArrayList<>();
            try (ResultSet rs = read.executeQuery()) {
              while (rs.next()) {
                long id = rs.getLong(1);
                byte[] value = rs.getBytes(2);
                pass.after = id;
                seen++;
                String reason = foreignReason(value, oldId);
                if (reason != null) {
                  pass.foreign(id, reason);
                  continue;
                }
                byte[] rotated;
                try {
                  rotated = newKey.encrypt(oldKey.decrypt(value));
                } catch (NameCipherException e) {
                  pass.failedUnderOldKey++;
                  pass.foreign(
                      id,
                      "key id "
                          + oldId
                          + " is HUXIN_DATA_KEY_OLD's, but it fails"
                          + " authentication under that key");
                  continue;
                }
                ids.add(id);
                values.add(rotated);
              }
            }
            if (!ids.isEmpty()) {
              write.setArray(1, c.createArrayOf("bigint", ids.toArray()));
              write.setArray(2, c.createArrayOf("bytea", values.toArray(new byte[0][])));
              int updated = write.executeUpdate();
              if (updated != ids.size()) {
                throw new ProtectionException(
                    pass.column
                        + ": updated "
                        + updated
                        + " rows of "
                        + ids.size()
                        + "; rolled back");
              }
            }
            // Counted before COMMIT: a failed commit ends the pass with no report.
            pass.reencrypted += ids.size();
          }
          return seen;
        });
  }

  /** Why {@code value} cannot be under the old key, or null if its header says it is. */
  private static String foreignReason(byte[] value, int oldId) {
    if (value.length < 2) {
      return "only " + value.length + " bytes, not a ciphertext";
    }
    if (value[0] != 1) {
      return "format version " + (value[0] & 0xff) + ", not 1";
    }
    int id = value[1] & 0xff;
    return id == oldId
        ? null
        : "key id " + id + " is neither HUXIN_DATA_KEY nor HUXIN_DATA_KEY_OLD";
  }

  private long count(EncryptedColumn column, String where, int keyId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM " + column.table() + " WHERE " + where)) {
      if (keyId >= 0) {
        ps.setInt(1, keyId);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** The server's one-line message, without a DETAIL that could quote row values. */
  static String primaryMessage(SQLException e) {
    if (e instanceof PSQLException p
        && p.getServerErrorMessage() != null
        && p.getServerErrorMessage().getMessage() != null) {
      return p.getServerErrorMessage().getMessage() + " (SQLSTATE " + e.getSQLState() + ")";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
