package org.huxin.engine.protect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import javax.sql.DataSource;
import org.huxin.engine.store.Transactions;
import org.postgresql.PGConnection;

/**
 * Loads a window archived by {@link RetentionBatch} back into the store ({@code ./huxin retention
 * restore DIR/window-<id>}), for an inquiry or a study that needs the results again.
 *
 * <p>Every file is checked before anything is written: its SHA-256 against the manifest, then the
 * whole file decrypted (every chunk's tag) and its record count against the manifest. A file that
 * fails any check refuses the whole restore. Then one transaction recreates the window's result
 * partitions, COPYs every file into its table (result leaves through {@code result}, so the
 * partitioning routes them), removes the follow-up cases the result trigger opened for the reloaded
 * rows (the window's real cases were never archived), sets the window back to the status it had
 * when it was archived, and commits. It runs as the schema's owner, which creates partitions.
 */
public final class ArchiveRestoreBatch {

  /** What a restore loaded. */
  public record Restored(long windowId, int files, long rows, String status) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern COLUMN = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final Set<String> TABLES =
      Set.of("alert_outbox", "alert_receipt", "alert_notification", "crisis_draft");

  private final DataSource dataSource;
  private final ArchiveCipher cipher;

  public ArchiveRestoreBatch(DataSource dataSource, ArchiveCipher cipher) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.cipher = Objects.requireNonNull(cipher, "cipher");
  }

  private record Entry(String table, Path file, long rows) {}

  /** Checks and loads the archive in {@code windowDir} (the folder holding manifest.json). */
  public Restored restore(Path windowDir) {
    Path manifestFile = windowDir.resolve(RetentionBatch.MANIFEST);
    JsonNode manifest;
    try {
      manifest = JSON.readTree(manifestFile.toFile());
    } catch (IOException e) {
      throw new ProtectionException("cannot read " + manifestFile + ": " + e.getMessage(), e);
    }
    long windowId = manifest.path("windowId").asLong(-1);
    String status = manifest.path("windowStatus").asText("closed");
    if (windowId < 1 || !manifest.path("files").isArray()) {
      throw new ProtectionException(manifestFile + " is not a retention manifest");
    }
    if (!Set.of("closed", "draft", "archived").contains(status)) {
      throw new ProtectionException(manifestFile + ": unexpected window status " + status);
    }
    List<Entry> entries = new ArrayList<>();
    for (JsonNode f : manifest.get("files")) {
      String table = f.path("table").asText();
      String name = f.path("file").asText();
      if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
        throw new ProtectionException(manifestFile + ": a file name leaves the folder: " + name);
      }
      Path file = windowDir.resolve(name);
      long rows = f.path("rows").asLong(-1);
      check(file, f.path("sha256").asText(), rows);
      entries.add(new Entry(table, file, rows));
    }
    return load(windowId, status.equals("archived") ? "closed" : status, entries);
  }

  /** Refuses a file whose bytes, tags or record count differ from what the manifest says. */
  private void check(Path file, String sha256, long rows) {
    try {
      boolean encrypted = file.getFileName().toString().endsWith(ArchiveCipher.EXTENSION);
      RetentionBatch.Verified verified = RetentionBatch.verify(file, encrypted ? cipher : null);
      if (!verified.sha256().equals(sha256)) {
        throw new ProtectionException(
            file + " does not match its manifest (SHA-256 differs); it was changed, refused");
      }
      if (verified.records() != rows) {
        throw new ProtectionException(
            file + " holds " + verified.records() + " records, the manifest says " + rows);
      }
    } catch (IOException e) {
      throw new ProtectionException(
          file + " cannot be read back (" + e.getMessage() + "); it was changed, refused", e);
    }
  }

  private Restored load(long windowId, String status, List<Entry> entries) {
    try {
      return Transactions.inTransaction(
          dataSource,
          c -> {
            long total = 0;
            int modulus;
            try (PreparedStatement ps =
                c.prepareStatement(
                    "SELECT hash_partitions FROM screening_window WHERE id = ? FOR UPDATE")) {
              ps.setLong(1, windowId);
              try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                  throw new ProtectionException(
                      "window " + windowId + " does not exist in this database; nothing restored");
                }
                modulus = rs.getInt(1);
              }
            }
            if (exists(c, "result_w" + windowId)) {
              throw new ProtectionException(
                  "window " + windowId + " still has its result partitions; nothing restored");
            }
            call(c, "SELECT create_window_partitions(?, " + modulus + ")", windowId);
            for (Entry e : entries) {
              if (e.table().startsWith("result_history_w")) {
                call(c, "SELECT create_history_partition(?)", windowId);
                break;
              }
            }
            for (Entry e : entries) {
              long copied = copyIn(c, target(e.table(), windowId), e.file());
              if (copied != e.rows()) {
                throw new ProtectionException(
                    e.file() + ": loaded " + copied + " rows, the manifest says " + e.rows());
              }
              total += copied;
            }
            try (PreparedStatement ps =
                c.prepareStatement(
                    "DELETE FROM followup_case WHERE window_id = ?"
                        + " AND xmin::text::bigint = txid_current() % 4294967296")) {
              ps.setLong(1, windowId);
              ps.executeUpdate();
            }
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE screening_window SET status = ? WHERE id = ? AND status = 'archived'")) {
              ps.setString(1, status);
              ps.setLong(2, windowId);
              ps.executeUpdate();
            }
            return new Restored(windowId, entries.size(), total, status);
          });
    } catch (SQLException e) {
      throw new ProtectionException(
          "restore window "
              + windowId
              + " (nothing restored): "
              + KeyRotationBatch.primaryMessage(e),
          e);
    } catch (IOException e) {
      throw new ProtectionException(
          "restore window " + windowId + " (nothing restored): " + e.getMessage(), e);
    }
  }

  /** The table a file's rows go into: a window's leaf partitions load through their root. */
  private static String target(String table, long windowId) {
    if (table.startsWith("result_history_w" + windowId)) {
      return "result_history";
    }
    if (table.startsWith("result_w" + windowId)) {
      return "result";
    }
    if (TABLES.contains(table)) {
      return table;
    }
    throw new ProtectionException("the manifest names an unknown table: " + table);
  }

  /** COPYs a file's CSV into {@code table}, naming the columns its header line lists. */
  private long copyIn(Connection c, String table, Path file) throws SQLException, IOException {
    boolean encrypted = file.getFileName().toString().endsWith(ArchiveCipher.EXTENSION);
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
        InputStream plain = encrypted ? cipher.decrypting(raw) : raw;
        InputStream csv = new BufferedInputStream(new GZIPInputStream(plain, 1 << 16))) {
      List<String> columns = new ArrayList<>();
      for (String column : headerLine(csv).split(",", -1)) {
        String name = column.strip().replace("\"", "");
        if (!COLUMN.matcher(name).matches()) {
          throw new ProtectionException(file + ": not a column name in the header: " + name);
        }
        columns.add(name);
      }
      return c.unwrap(PGConnection.class)
          .getCopyAPI()
          .copyIn(
              "COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN (FORMAT csv)",
              csv);
    }
  }

  private static String headerLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      line.write(b);
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  private static boolean exists(Connection c, String table) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private static void call(Connection c, String sql, long windowId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, windowId);
      ps.execute();
    }
  }
}
