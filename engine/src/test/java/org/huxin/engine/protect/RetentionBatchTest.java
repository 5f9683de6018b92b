package org.huxin.engine.protect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import javax.sql.DataSource;
import org.huxin.engine.results.ResultRow;
import org.huxin.engine.results.ResultWriter;
import org.huxin.engine.results.WriterConfig;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.staff.NewStaffAccount;
import org.huxin.engine.staff.StaffRole;
import org.huxin.engine.staff.StaffStore;
import org.huxin.engine.windows.NewWindow;
import org.huxin.engine.windows.WindowStatus;
import org.huxin.engine.windows.WindowStore;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.TestDatabase;
import org.huxin.testsupport.TestRows;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two closed windows over the demo city: one that closed in October 2019 (320 routine results and
 * one acknowledged crisis alert) and one that closed in October 2025 (200 results); "now" is
 * November 2026, so five years of retention retire only the first.
 */
@DatabaseTest
class RetentionBatchTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-20T08:00:00Z"), ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] ARCHIVE_KEY = new byte[32];

  static {
    for (int i = 0; i < ARCHIVE_KEY.length; i++) {
      ARCHIVE_KEY[i] = (byte) (i * 7 + 3);
    }
  }

  private static final ArchiveCipher CIPHER = ArchiveCipher.ofKey(ARCHIVE_KEY);

  private TestDatabase db;
  private DataSource dataSource;
  private List<RosterEntry> roster;
  private long oldWindow;
  private long recentWindow;

  @TempDir Path archive;

  @BeforeEach
  void seed() throws Exception {
    db = TestDatabase.create(RetentionBatchTest.class);
    dataSource = db.dataSource();
    roster = TestRows.loadDemoCity(dataSource);
    long actor =
        new StaffStore(dataSource)
            .create(new NewStaffAccount("psy", "x", StaffRole.CITY_ADMIN, null, null, null, "王老师"))
            .id();
    oldWindow = window("2019 秋季筛查", "2019-09-01T00:00:00Z");
    recentWindow = window("2025 秋季筛查", "2025-09-01T00:00:00Z");
    write(oldWindow, 0, 320);
    write(TestRows.row(oldWindow, roster.get(320), "self", 3, true, UUID.randomUUID()));
    execute(
        "UPDATE alert_outbox SET acknowledged_by = "
            + actor
            + ", acknowledged_at = now() WHERE window_id = "
            + oldWindow);
    execute(
        "UPDATE followup_case SET last_action = 'closed', last_action_at = now(),"
            + " closed_at = now() WHERE window_id = "
            + oldWindow);
    execute(
        "INSERT INTO alert_receipt (alert_id, staff_id, received_at)"
            + " SELECT id, "
            + actor
            + ", now() FROM alert_outbox WHERE window_id = "
            + oldWindow);
    write(recentWindow, 0, 200);
    close(oldWindow);
    close(recentWindow);
  }

  @AfterEach
  void drop() {
    db.close();
  }

  @Test
  void run_archivesVerifiesAndDetachesOnlyTheOldWindow() throws Exception {
    RetentionBatch.Outcome outcome =
        new RetentionBatch(dataSource, CIPHER, CLOCK).run(5, archive, false, line -> {});

    assertEquals(1, outcome.archived().size());
    RetentionBatch.ArchivedWindow archived = outcome.archived().get(0);
    assertEquals(oldWindow, archived.windowId());
    assertEquals(
        16 + 2, archived.files().size(), "16 hash partitions, the alerts and their receipts");
    assertEquals(321 + 1 + 1, archived.rows());

    JsonNode manifest =
        JSON.readTree(archive.resolve("window-" + oldWindow).resolve("manifest.json").toFile());
    assertEquals(oldWindow, manifest.get("windowId").asLong());
    long results = 0;
    for (JsonNode file : manifest.get("files")) {
      Path path = archive.resolve("window-" + oldWindow).resolve(file.get("file").asText());
      assertEquals(file.get("sha256").asText(), sha256(path), path.toString());
      assertEquals(file.get("bytes").asLong(), Files.size(path));
      List<String> lines = gunzipLines(path);
      assertEquals(file.get("rows").asLong(), lines.size() - 1, "rows after the header");
      if (file.get("table").asText().startsWith("result_w")) {
        assertTrue(lines.get(0).startsWith("id,window_id,student_id,form,"), lines.get(0));
        results += file.get("rows").asLong();
      }
    }
    assertEquals(321, results);
    JsonNode alerts = manifest.get("files").get(16);
    assertEquals("alert_outbox", alerts.get("table").asText());
    assertEquals(1, alerts.get("rows").asLong());
    JsonNode receipts = manifest.get("files").get(17);
    assertEquals("alert_receipt", receipts.get("table").asText());
    assertEquals(1, receipts.get("rows").asLong());

    assertNull(query("SELECT to_regclass('result_w" + oldWindow + "')::text"));
    assertNull(query("SELECT to_regclass('result_w" + oldWindow + "_h0')::text"));
    assertEquals("0", query("SELECT count(*) FROM result WHERE window_id = " + oldWindow));
    assertEquals("0", query("SELECT count(*) FROM alert_outbox WHERE window_id = " + oldWindow));
    assertEquals("0", query("SELECT count(*) FROM alert_receipt"));
    assertEquals("archived", query("SELECT status FROM screening_window WHERE id = " + oldWindow));
    assertEquals("200", query("SELECT count(*) FROM result WHERE window_id = " + recentWindow));
    assertEquals(
        "16",
        query(
            "SELECT count(*) FROM pg_inherits WHERE inhparent = 'result_w"
                + recentWindow
                + "'::regclass"));
  }

  @Test
  void run_secondRun_isANoOp() throws Exception {
    RetentionBatch retention = new RetentionBatch(dataSource, CIPHER, CLOCK);
    retention.run(5, archive, false, line -> {});
    Path manifest = archive.resolve("window-" + oldWindow).resolve("manifest.json");
    byte[] first = Files.readAllBytes(manifest);

    RetentionBatch.Outcome again = retention.run(5, archive, false, line -> {});

    assertTrue(again.planned().isEmpty(), again.planned().toString());
    assertTrue(again.archived().isEmpty());
    assertArrayEquals(first, Files.readAllBytes(manifest));
    assertEquals("200", query("SELECT count(*) FROM result WHERE window_id = " + recentWindow));
  }

  @Test
  void retentionCli_dryRun_listsAndChangesNothing() throws Exception {
    String before = tables();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code =
        new ProtectionCli(
                cliEnv(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                CLOCK)
            .run(
                new String[] {
                  "retention",
                  "--older-than-years",
                  "5",
                  "--archive",
                  archive.toString(),
                  "--dry-run"
                });
    String printed = out.toString(StandardCharsets.UTF_8);

    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    assertTrue(printed.contains("dry run, nothing changed"), printed);
    assertTrue(
        printed.contains(
            "window "
                + oldWindow
                + " '2019 秋季筛查', status closed, closed at 2019-10-31T00:00:00Z:"
                + " 16 partitions, 321 rows, 1 alerts"),
        printed);
    assertTrue(printed.contains("result_w" + oldWindow + "_h15"), printed);
    assertFalse(printed.contains("window " + recentWindow + " "), printed);
    try (Stream<Path> files = Files.list(archive)) {
      assertEquals(0, files.count(), "a dry run writes no file");
    }
    assertEquals(before, tables());
    assertEquals("closed", query("SELECT status FROM screening_window WHERE id = " + oldWindow));
    assertEquals("1", query("SELECT count(*) FROM alert_outbox WHERE window_id = " + oldWindow));
  }

  @Test
  void run_archiveFilesAreEncrypted() throws Exception {
    new RetentionBatch(dataSource, CIPHER, CLOCK).run(5, archive, false, line -> {});

    Path dir = archive.resolve("window-" + oldWindow);
    Path results = dir.resolve("result_w" + oldWindow + "_h0.csv.gz.enc");
    byte[] bytes = Files.readAllBytes(results);
    assertEquals("HXA1", new String(bytes, 0, 4, StandardCharsets.US_ASCII));
    assertThrows(IOException.class, () -> new GZIPInputStream(Files.newInputStream(results)));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(
          List.of(),
          files
              .map(f -> f.getFileName().toString())
              .filter(f -> f.endsWith(".csv.gz") || f.endsWith(".csv"))
              .toList(),
          "no plain archive file");
    }
    JsonNode manifest = JSON.readTree(dir.resolve("manifest.json").toFile());
    assertEquals(CIPHER.keyId(), manifest.get("keyId").asText());
  }

  @Test
  void restoreCli_roundTrip_loadsTheWindowBackAsItWas() throws Exception {
    String resultsBefore = resultDigest(oldWindow);
    String alertsBefore =
        query("SELECT md5(string_agg(a::text, '|' ORDER BY id)) FROM alert_outbox a");
    String casesBefore = query("SELECT count(*) FROM followup_case");
    new RetentionBatch(dataSource, CIPHER, CLOCK).run(5, archive, false, line -> {});
    assertEquals("0", query("SELECT count(*) FROM result WHERE window_id = " + oldWindow));

    Ran ran = restoreCli(archive.resolve("window-" + oldWindow));

    assertEquals(0, ran.code(), ran.err());
    assertTrue(ran.out().contains("window " + oldWindow + " restored"), ran.out());
    assertTrue(ran.out().contains("18 files checked and loaded, 323 rows"), ran.out());
    assertEquals(resultsBefore, resultDigest(oldWindow));
    assertEquals(
        alertsBefore,
        query("SELECT md5(string_agg(a::text, '|' ORDER BY id)) FROM alert_outbox a"));
    assertEquals("1", query("SELECT count(*) FROM alert_receipt"));
    assertEquals(casesBefore, query("SELECT count(*) FROM followup_case"), "no case reopened");
    assertEquals("closed", query("SELECT status FROM screening_window WHERE id = " + oldWindow));
  }

  @Test
  void restoreCli_tamperedArchive_refusedAndNothingLoaded() throws Exception {
    new RetentionBatch(dataSource, CIPHER, CLOCK).run(5, archive, false, line -> {});
    Path dir = archive.resolve("window-" + oldWindow);
    Path file = dir.resolve("result_w" + oldWindow + "_h3.csv.gz.enc");
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(file, bytes);
    String before = tables();

    Ran ran = restoreCli(dir);

    assertEquals(1, ran.code(), ran.out());
    assertTrue(ran.err().contains("refused"), ran.err());
    assertEquals(before, tables(), "no partition was created");
    assertEquals("0", query("SELECT count(*) FROM result WHERE window_id = " + oldWindow));
    assertEquals("archived", query("SELECT status FROM screening_window WHERE id = " + oldWindow));
  }

  @Test
  void restore_wrongKey_refused() throws Exception {
    new RetentionBatch(dataSource, CIPHER, CLOCK).run(5, archive, false, line -> {});
    byte[] other = ARCHIVE_KEY.clone();
    other[0] ^= 1;

    ProtectionException e =
        assertThrows(
            ProtectionException.class,
            () ->
                new ArchiveRestoreBatch(dataSource, ArchiveCipher.ofKey(other))
                    .restore(archive.resolve("window-" + oldWindow)));

    assertTrue(e.getMessage().contains("key id"), e.getMessage());
    assertEquals("0", query("SELECT count(*) FROM result WHERE window_id = " + oldWindow));
  }

  private record Ran(int code, String out, String err) {}

  private Ran restoreCli(Path dir) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        new ProtectionCli(
                cliEnv(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                CLOCK)
            .run(new String[] {"retention", "restore", dir.toString()});
    return new Ran(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Map<String, String> cliEnv() {
    Map<String, String> env = with(db.env(), "HUXIN_PG_JDBC_POOL", "2");
    env.put("HUXIN_ARCHIVE_KEY", java.util.Base64.getEncoder().encodeToString(ARCHIVE_KEY));
    return env;
  }

  /** Every stored column of the window's results, in one digest. */
  private String resultDigest(long window) throws SQLException {
    return query(
        "SELECT md5(string_agg(r::text, '|' ORDER BY id)) || ':' || count(*) FROM result r"
            + " WHERE window_id = "
            + window);
  }

  @Test
  void run_windowsWithWorkLeftOrStillOpen_skippedUntouched() throws Exception {
    long withCase = window("2020 秋季筛查", "2020-09-01T00:00:00Z");
    write(TestRows.row(withCase, roster.get(500), "self", 2, false, UUID.randomUUID()));
    close(withCase);
    long stillOpen = window("2018 秋季筛查", "2018-09-01T00:00:00Z");
    new WindowStore(dataSource).setStatus(stillOpen, WindowStatus.OPEN);

    RetentionBatch.Outcome outcome =
        new RetentionBatch(dataSource, CIPHER, CLOCK).run(5, archive, false, line -> {});

    assertEquals(List.of(oldWindow), outcome.archived().stream().map(a -> a.windowId()).toList());
    Map<Long, String> reasons =
        outcome.planned().stream()
            .filter(RetentionBatch.WindowPlan::skipped)
            .collect(
                Collectors.toMap(
                    RetentionBatch.WindowPlan::windowId, RetentionBatch.WindowPlan::skipReason));
    assertEquals(2, reasons.size(), reasons.toString());
    assertTrue(reasons.get(withCase).contains("1 open follow-up case(s)"), reasons.toString());
    assertTrue(reasons.get(stillOpen).contains("still open"), reasons.toString());
    assertEquals("1", query("SELECT count(*) FROM result WHERE window_id = " + withCase));
    assertEquals(
        "16",
        query(
            "SELECT count(*) FROM pg_inherits WHERE inhparent = 'result_w"
                + stillOpen
                + "'::regclass"));
    assertFalse(Files.exists(archive.resolve("window-" + withCase)));
  }

  @Test
  void run_archiveCannotBeWritten_dropsNothing() throws Exception {
    Path notADirectory = archive.resolve("file");
    Files.writeString(notADirectory, "x");
    String before = tables();

    ProtectionException e =
        assertThrows(
            ProtectionException.class,
            () ->
                new RetentionBatch(dataSource, CIPHER, CLOCK)
                    .run(5, notADirectory, false, line -> {}));

    assertTrue(e.getMessage().contains("nothing was dropped"), e.getMessage());
    assertEquals(before, tables());
    assertEquals("321", query("SELECT count(*) FROM result WHERE window_id = " + oldWindow));
    assertEquals("closed", query("SELECT status FROM screening_window WHERE id = " + oldWindow));
  }

  private long window(String name, String opens) {
    Instant at = Instant.parse(opens);
    return new WindowStore(dataSource)
        .create(
            NewWindow.cityWide(
                name,
                1,
                12,
                Map.of("1-3", "g1-3", "4-6", "g4-6", "7-9", "g7-9", "10-12", "g10-12"),
                at,
                at.plus(Duration.ofDays(60))))
        .id();
  }

  private void close(long window) {
    WindowStore windows = new WindowStore(dataSource);
    windows.setStatus(window, WindowStatus.OPEN);
    windows.setStatus(window, WindowStatus.CLOSED);
  }

  private void write(long window, int from, int to) throws Exception {
    ResultRow[] rows = new ResultRow[to - from];
    for (int i = from; i < to; i++) {
      rows[i - from] = TestRows.row(window, roster.get(i));
    }
    write(rows);
  }

  private void write(ResultRow... rows) throws Exception {
    try (ResultWriter writer = new ResultWriter(db.pool(), new WriterConfig(500, 1_000))) {
      List<CompletableFuture<?>> pending = new ArrayList<>();
      for (ResultRow row : rows) {
        pending.add(writer.submit(row));
      }
      for (CompletableFuture<?> p : pending) {
        p.get(30, TimeUnit.SECONDS);
      }
    }
  }

  /** The names of the schema's tables, to compare before and after. */
  private String tables() throws SQLException {
    return query(
        "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class"
            + " WHERE relkind IN ('r', 'p') AND relnamespace = 'public'::regnamespace");
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.executeUpdate();
    }
  }

  private String query(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> gunzipLines(Path file) throws IOException {
    try (InputStream in = new GZIPInputStream(CIPHER.decrypting(Files.newInputStream(file)))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }

  private static Map<String, String> with(Map<String, String> env, String name, String value) {
    Map<String, String> out = new java.util.HashMap<>(env);
    out.put(name, value);
    return out;
  }
}
