package org.huxin.engine.protect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.sql.DataSource;
import org.huxin.engine.store.Transactions;
import org.postgresql.PGConnection;

/**
 * Retires the results of screening windows that closed more than a given number of years ago.
 *
 * <p>For each such window (closed, or a draft never opened; an open or paused one is skipped, and
 * so is one with an unacknowledged crisis alert or an open follow-up case, since retiring it would
 * hide work still to do) one transaction:
 *
 * <ol>
 *   <li>locks the window's result partitions ({@code result_w<id>} and its hash partitions) and its
 *       {@code result_history_w<id>} in SHARE mode, so nothing changes while they are copied;
 *   <li>copies every leaf partition, and the window's {@code alert_outbox} rows, with {@code COPY
 *       (SELECT …) TO STDOUT (FORMAT csv, HEADER)} through pgjdbc's CopyManager, gzipped and
 *       encrypted ({@link ArchiveCipher}), into {@code <archive>/window-<id>/<table>.csv.gz.enc},
 *       written to a {@code .part} file, synced and renamed;
 *   <li>reads every file back, decrypting it: its CSV record count must equal both the rows COPY
 *       reported and {@code count(*)} of the table, and its SHA-256 the one computed while writing;
 *   <li>writes {@code manifest.json} (window, cut-off, and per file: table, rows, bytes, SHA-256);
 *   <li>only then detaches and drops the partitions, deletes the archived alert rows and marks the
 *       window {@code archived}; and commits.
 * </ol>
 *
 * A failure anywhere rolls the transaction back, so nothing is dropped without its verified
 * archive; files of a failed attempt are overwritten by the next run. A window with nothing left to
 * archive is passed over, so a second run is a no-op. Follow-up cases and the ledger (whose notes
 * are encrypted) are kept: they are the student's intervention history, not results. Detaching
 * takes a brief ACCESS EXCLUSIVE lock on {@code result}; {@link #LOCK_TIMEOUT} bounds how long the
 * gateway's writers can wait behind it. {@link ArchiveRestoreBatch} loads an archive back.
 */
public final class RetentionBatch {

  /** How long the run waits for a table lock before giving up (and rolling back). */
  public static final String LOCK_TIMEOUT = "5s";

  static final String MANIFEST = "manifest.json";
  static final String ENCRYPTION = "AES-256-GCM in 1 MiB chunks (ArchiveCipher, HXA1)";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** A table to archive and how many rows it held when planned. */
  public record TablePlan(String table, long rows) {
    public TablePlan {
      Objects.requireNonNull(table, "table");
    }
  }

  /**
   * A window old enough to retire.
   *
   * @param partitions the leaf partitions of its results and result history
   * @param alerts its alert_outbox rows (all acknowledged)
   * @param skipReason why it is left alone, or null if it is to be archived
   */
  public record WindowPlan(
      long windowId,
      String name,
      String status,
      Instant closesAt,
      List<TablePlan> partitions,
      long alerts,
      String skipReason) {
    public WindowPlan {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(closesAt, "closesAt");
      partitions = List.copyOf(partitions);
    }

    public boolean skipped() {
      return skipReason != null;
    }

    public long rows() {
      return partitions.stream().mapToLong(TablePlan::rows).sum();
    }
  }

  /** One verified archive file. */
  public record ArchivedFile(String table, Path file, long rows, long bytes, String sha256) {
    public ArchivedFile {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(sha256, "sha256");
    }
  }

  /** A window retired: its files and manifest. */
  public record ArchivedWindow(long windowId, Path manifest, List<ArchivedFile> files) {
    public ArchivedWindow {
      Objects.requireNonNull(manifest, "manifest");
      files = List.copyOf(files);
    }

    public long rows() {
      return files.stream().mapToLong(ArchivedFile::rows).sum();
    }
  }

  /**
   * A run.
   *
   * @param cutoff windows that closed before this instant were considered
   * @param planned every window old enough that still had something to archive
   * @param archived the windows retired by this run (empty on a dry run)
   */
  public record Outcome(
      Instant cutoff, boolean dryRun, List<WindowPlan> planned, List<ArchivedWindow> archived) {
    public Outcome {
      Objects.requireNonNull(cutoff, "cutoff");
      planned = List.copyOf(planned);
      archived = List.copyOf(archived);
    }
  }

  private final DataSource dataSource;
  private final ArchiveCipher cipher;
  private final Clock clock;

  public RetentionBatch(DataSource dataSource, ArchiveCipher cipher, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.cipher = Objects.requireNonNull(cipher, "cipher");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The instant {@code years} before now; windows that closed before it are retired. */
  public Instant cutoff(int years) {
    if (years < 1 || years > 100) {
      throw new IllegalArgumentException("years must be 1..100, got " + years);
    }
    return OffsetDateTime.now(clock.withZone(ZoneOffset.UTC)).minusYears(years).toInstant();
  }

  /** What a run would do, changing nothing. */
  public List<WindowPlan> plan(int olderThanYears) {
    Instant cutoff = cutoff(olderThanYears);
    try (Connection c = dataSource.getConnection()) {
      return plan(c, cutoff);
    } catch (SQLException e) {
      throw failure("read the windows closed before " + cutoff, e);
    }
  }

  /**
   * Archives and retires every window that closed more than {@code olderThanYears} years ago into
   * {@code archiveDir}, telling {@code log} what it does; with {@code dryRun} it only plans.
   */
  public Outcome run(int olderThanYears, Path archiveDir, boolean dryRun, Consumer<String> log) {
    Objects.requireNonNull(archiveDir, "archiveDir");
    Objects.requireNonNull(log, "log");
    Instant cutoff = cutoff(olderThanYears);
    List<WindowPlan> planned = plan(olderThanYears);
    List<ArchivedWindow> archived = new ArrayList<>();
    if (dryRun) {
      return new Outcome(cutoff, true, planned, archived);
    }
    for (WindowPlan window : planned) {
      if (window.skipped()) {
        continue;
      }
      log.accept("archiving window " + window.windowId() + " (" + window.rows() + " rows)...");
      archived.add(archive(window, archiveDir, cutoff, olderThanYears));
    }
    return new Outcome(cutoff, false, planned, archived);
  }

  private List<WindowPlan> plan(Connection c, Instant cutoff) throws SQLException {
    List<WindowPlan> plans = new ArrayList<>();
    String sql =
        "SELECT w.id, w.name, w.status, w.closes_at,"
            + " (SELECT count(*) FROM alert_outbox a WHERE a.window_id = w.id),"
            + " (SELECT count(*) FROM alert_outbox a WHERE a.window_id = w.id"
            + "   AND a.acknowledged_at IS NULL),"
            + " (SELECT count(*) FROM followup_case f WHERE f.window_id = w.id"
            + "   AND f.closed_at IS NULL)"
            + " FROM screening_window w WHERE w.closes_at < ? ORDER BY w.id";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long id = rs.getLong(1);
          String status = rs.getString(3);
          long alerts = rs.getLong(5);
          long unacknowledged = rs.getLong(6);
          long openCases = rs.getLong(7);
          List<TablePlan> partitions = new ArrayList<>();
          for (String table : leaves(c, id)) {
            partitions.add(new TablePlan(table, countRows(c, table)));
          }
          if (partitions.isEmpty() && alerts == 0) {
            continue;
          }
          String skip = null;
          if (status.equals("open") || status.equals("paused")) {
            skip = "it is still " + status + "; close it first";
          } else if (unacknowledged > 0) {
            skip = unacknowledged + " unacknowledged crisis alert(s); acknowledge them first";
          } else if (openCases > 0) {
            skip = openCases + " open follow-up case(s); close them first";
          }
          plans.add(
              new WindowPlan(
                  id,
                  rs.getString(2),
                  status,
                  rs.getObject(4, OffsetDateTime.class).toInstant(),
                  partitions,
                  alerts,
                  skip));
        }
      }
    }
    return plans;
  }

  /**
   * The window's own tables that still exist: {@code result_w<id>} (hashed by student) and {@code
   * result_history_w<id>}.
   */
  private static List<String> parents(Connection c, long windowId) throws SQLException {
    List<String> parents = new ArrayList<>();
    for (String name : List.of("result_w" + windowId, "result_history_w" + windowId)) {
      try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
        ps.setString(1, quote(name));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getBoolean(1)) {
            parents.add(name);
          }
        }
      }
    }
    return parents;
  }

  /** The tables that hold the window's rows: every leaf under its parents, in remainder order. */
  private static List<String> leaves(Connection c, long windowId) throws SQLException {
    List<String> leaves = new ArrayList<>();
    String sql =
        "SELECT c.relname::text FROM pg_partition_tree(to_regclass(?)) t"
            + " JOIN pg_class c ON c.oid = t.relid WHERE t.isleaf"
            + " ORDER BY length(c.relname), c.relname";
    for (String parent : parents(c, windowId)) {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, quote(parent));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            leaves.add(rs.getString(1));
          }
        }
      }
    }
    return leaves;
  }

  private ArchivedWindow archive(WindowPlan window, Path archiveDir, Instant cutoff, int years) {
    long id = window.windowId();
    Path dir = archiveDir.resolve("window-" + id);
    try {
      return Transactions.inTransaction(
          dataSource,
          c -> {
            Files.createDirectories(dir);
            try (Statement s = c.createStatement()) {
              s.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
              recheck(c, id);
              for (String parent : parents(c, id)) {
                s.execute("LOCK TABLE " + quote(parent) + " IN SHARE MODE");
              }
            }
            List<ArchivedFile> files = new ArrayList<>();
            for (String leaf : leaves(c, id)) {
              files.add(copyOut(c, leaf, "SELECT * FROM " + quote(leaf), countRows(c, leaf), dir));
              // (the table column names the leaf; a restore loads it through its parent)
            }
            long alerts = countAlerts(c, id);
            if (alerts > 0) {
              files.add(
                  copyOut(
                      c,
                      "alert_outbox",
                      "SELECT * FROM alert_outbox WHERE window_id = " + id + " ORDER BY id",
                      alerts,
                      dir));
            }
            // What hangs off the alerts goes with them: which consoles confirmed them, the phone
            // messages sent for them, and the crisis answers in drafts that raised some of them.
            for (String[] table : ALERT_DEPENDENTS) {
              long rows = countWhere(c, table[1], id);
              if (rows > 0) {
                files.add(copyOut(c, table[0], table[2] + id + table[3], rows, dir));
              }
            }
            Path manifest = writeManifest(dir, window, cutoff, years, files);
            retire(c, id, alerts);
            return new ArchivedWindow(id, manifest, files);
          });
    } catch (SQLException e) {
      throw failure("archive window " + id + " (nothing was dropped)", e);
    } catch (IOException e) {
      throw new ProtectionException(
          "archive window " + id + " into " + dir + " failed (nothing was dropped): " + e, e);
    }
  }

  /**
   * Locks the window's row (so its status cannot change until commit) and fails if, since it was
   * planned, it was reopened or got an unacknowledged alert or an open follow-up case.
   */
  private static void recheck(Connection c, long windowId) throws SQLException {
    String sql =
        "SELECT w.status,"
            + " (SELECT count(*) FROM alert_outbox a WHERE a.window_id = w.id"
            + "   AND a.acknowledged_at IS NULL),"
            + " (SELECT count(*) FROM followup_case f WHERE f.window_id = w.id"
            + "   AND f.closed_at IS NULL)"
            + " FROM screening_window w WHERE w.id = ? FOR NO KEY UPDATE OF w";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, windowId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new ProtectionException("window " + windowId + " no longer exists");
        }
        String status = rs.getString(1);
        if (status.equals("open") || status.equals("paused") || rs.getLong(2) + rs.getLong(3) > 0) {
          throw new ProtectionException(
              "window "
                  + windowId
                  + " changed while the run started (reopened, a new alert or an open case);"
                  + " nothing was dropped, run again");
        }
      }
    }
  }

  /** Detaches and drops the window's partitions, deletes its archived alerts, marks it archived. */
  /**
   * Tables whose rows of a window are archived and removed with its alerts: name, a count query,
   * and a select split around the window id.
   */
  private static final String[][] ALERT_DEPENDENTS = {
    {
      "alert_receipt",
      "SELECT count(*) FROM alert_receipt r JOIN alert_outbox a ON a.id = r.alert_id"
          + " WHERE a.window_id = ?",
      "SELECT r.* FROM alert_receipt r JOIN alert_outbox a ON a.id = r.alert_id WHERE a.window_id"
          + " = ",
      " ORDER BY r.alert_id, r.staff_id"
    },
    {
      "alert_notification",
      "SELECT count(*) FROM alert_notification n JOIN alert_outbox a ON a.id = n.alert_id"
          + " WHERE a.window_id = ?",
      "SELECT n.* FROM alert_notification n JOIN alert_outbox a ON a.id = n.alert_id WHERE"
          + " a.window_id = ",
      " ORDER BY n.id"
    },
    {
      "crisis_draft",
      "SELECT count(*) FROM crisis_draft WHERE window_id = ?",
      "SELECT * FROM crisis_draft WHERE window_id = ",
      " ORDER BY student_id, form"
    }
  };

  private static long countWhere(Connection c, String countSql, long windowId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(countSql)) {
      ps.setLong(1, windowId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static void retire(Connection c, long windowId, long alerts) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String parent : parents(c, windowId)) {
        String root = parent.startsWith("result_history_") ? "result_history" : "result";
        if (attachedTo(c, parent, root)) {
          s.execute("ALTER TABLE " + root + " DETACH PARTITION " + quote(parent));
        }
        s.execute("DROP TABLE " + quote(parent));
      }
    }
    for (String sql :
        List.of(
            "DELETE FROM alert_receipt WHERE alert_id IN"
                + " (SELECT id FROM alert_outbox WHERE window_id = ?)",
            "DELETE FROM alert_notification WHERE alert_id IN"
                + " (SELECT id FROM alert_outbox WHERE window_id = ?)",
            "DELETE FROM crisis_draft WHERE window_id = ?")) {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setLong(1, windowId);
        ps.executeUpdate();
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM alert_outbox WHERE window_id = ?")) {
      ps.setLong(1, windowId);
      int deleted = ps.executeUpdate();
      if (deleted != alerts) {
        throw new ProtectionException(
            "window " + windowId + ": archived " + alerts + " alerts but would delete " + deleted);
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE screening_window SET status = 'archived' WHERE id = ? AND status <> 'archived'")) {
      ps.setLong(1, windowId);
      ps.executeUpdate();
    }
  }

  private static boolean attachedTo(Connection c, String table, String root) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT EXISTS (SELECT 1 FROM pg_inherits"
                + " WHERE inhrelid = to_regclass(?) AND inhparent = to_regclass(?))")) {
      ps.setString(1, quote(table));
      ps.setString(2, root);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /**
   * COPYs {@code select} into {@code dir/table.csv.gz}, then reads the file back and checks its
   * record count against {@code expectedRows} and its SHA-256 against the one taken while writing.
   */
  private ArchivedFile copyOut(
      Connection c, String table, String select, long expectedRows, Path dir)
      throws SQLException, IOException {
    Path file = dir.resolve(table + ".csv.gz" + ArchiveCipher.EXTENSION);
    Path part = dir.resolve(table + ".csv.gz" + ArchiveCipher.EXTENSION + ".part");
    MessageDigest written = sha256();
    long copied;
    try (OutputStream raw = Files.newOutputStream(part);
        DigestOutputStream digest = new DigestOutputStream(new BufferedOutputStream(raw), written);
        GZIPOutputStream gzip = new GZIPOutputStream(cipher.encrypting(digest), 1 << 16)) {
      copied =
          c.unwrap(PGConnection.class)
              .getCopyAPI()
              .copyOut("COPY (" + select + ") TO STDOUT WITH (FORMAT csv, HEADER true)", gzip);
    }
    sync(part);
    String sha = HexFormat.of().formatHex(written.digest());
    Verified verified = verify(part, cipher);
    if (copied != expectedRows || verified.records() != expectedRows) {
      throw new ProtectionException(
          table
              + ": the table holds "
              + expectedRows
              + " rows, COPY sent "
              + copied
              + " and the archive file holds "
              + verified.records()
              + "; nothing was dropped");
    }
    if (!verified.sha256().equals(sha)) {
      throw new ProtectionException(
          table + ": the archive file " + part + " does not read back as written; check the disk");
    }
    Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    sync(dir);
    return new ArchivedFile(table, file, copied, Files.size(file), sha);
  }

  /** What an archive file reads back as: CSV records after the header, and the file's SHA-256. */
  record Verified(long records, String sha256) {}

  /**
   * Reads a gzip CSV file written by COPY: counts its records (newlines outside quoted fields, less
   * the header; UTF-8 never puts {@code "} or a newline inside a multi-byte character) and hashes
   * the compressed bytes.
   */
  static Verified verify(Path file) throws IOException {
    return verify(file, null);
  }

  /** {@link #verify(Path)} of a file encrypted under {@code cipher} (null: not encrypted). */
  static Verified verify(Path file, ArchiveCipher cipher) throws IOException {
    MessageDigest digest = sha256();
    long newlines = 0;
    boolean quoted = false;
    try (InputStream raw = Files.newInputStream(file);
        DigestInputStream hashed = new DigestInputStream(new BufferedInputStream(raw), digest);
        InputStream plain = cipher == null ? hashed : cipher.decrypting(hashed);
        GZIPInputStream in = new GZIPInputStream(plain, 1 << 16)) {
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) {
        for (int i = 0; i < n; i++) {
          byte b = buffer[i];
          if (b == '"') {
            quoted = !quoted;
          } else if (b == '\n' && !quoted) {
            newlines++;
          }
        }
      }
      while (plain.read(buffer) > 0) {
        // Read on to the end: the last chunk's check, and the digest covers the whole file.
      }
      while (hashed.read(buffer) > 0) {
        // Hash any bytes after the gzip trailer too, so the digest covers the whole file.
      }
    }
    return new Verified(Math.max(0, newlines - 1), HexFormat.of().formatHex(digest.digest()));
  }

  private Path writeManifest(
      Path dir, WindowPlan window, Instant cutoff, int years, List<ArchivedFile> files)
      throws IOException {
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("windowId", window.windowId());
    manifest.put("windowName", window.name());
    manifest.put("windowStatus", window.status());
    manifest.put("closesAt", window.closesAt().toString());
    manifest.put("olderThanYears", years);
    manifest.put("cutoff", cutoff.toString());
    manifest.put("archivedAt", clock.instant().toString());
    manifest.put("format", "PostgreSQL COPY (FORMAT csv, HEADER true), gzip, " + ENCRYPTION);
    manifest.put("keyId", cipher.keyId());
    List<Map<String, Object>> list = new ArrayList<>();
    for (ArchivedFile f : files) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("table", f.table());
      entry.put("file", f.file().getFileName().toString());
      entry.put("rows", f.rows());
      entry.put("bytes", f.bytes());
      entry.put("sha256", f.sha256());
      list.add(entry);
    }
    manifest.put("files", list);
    Path file = dir.resolve(MANIFEST);
    Path part = dir.resolve(MANIFEST + ".part");
    Files.write(part, JSON.writeValueAsBytes(manifest));
    sync(part);
    Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    sync(dir);
    return file;
  }

  private static long countRows(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + quote(table))) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Counts the window's alert rows and locks them (rows only: new alerts still go in). */
  private static long countAlerts(Connection c, long windowId) throws SQLException {
    long count = 0;
    try (PreparedStatement ps =
        c.prepareStatement("SELECT id FROM alert_outbox WHERE window_id = ? FOR UPDATE")) {
      ps.setLong(1, windowId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          count++;
        }
      }
    }
    return count;
  }

  /** Forces a file or a directory to disk (directories where the platform allows it). */
  private static void sync(Path path) throws IOException {
    boolean directory = Files.isDirectory(path);
    try (FileChannel channel =
        FileChannel.open(path, directory ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
      channel.force(true);
    } catch (IOException e) {
      if (!directory) {
        throw e;
      }
    }
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private static ProtectionException failure(String action, SQLException e) {
    return new ProtectionException(action + ": " + KeyRotationBatch.primaryMessage(e), e);
  }
}
