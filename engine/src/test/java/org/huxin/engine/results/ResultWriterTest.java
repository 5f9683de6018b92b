package org.huxin.engine.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.huxin.engine.alerts.Alert;
import org.huxin.engine.alerts.AlertOutboxStore;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.windows.NewWindow;
import org.huxin.engine.windows.Window;
import org.huxin.engine.windows.WindowStore;
import org.huxin.scales.CrisisLevel;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.Eventually;
import org.huxin.testsupport.TestDatabase;
import org.huxin.testsupport.TestRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@DatabaseTest
class ResultWriterTest {

  private static TestDatabase db;
  private static DataSource dataSource;
  private static List<RosterEntry> roster;

  @BeforeAll
  static void loadCity() {
    db = TestDatabase.create(ResultWriterTest.class);
    dataSource = db.dataSource();
    roster = TestRows.loadDemoCity(dataSource);
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @Test
  void submit_whatArrivesDuringABatchIsTheNextBatch() throws Exception {
    long window = newWindow();
    try (ResultWriter writer = new ResultWriter(db.pool(), new WriterConfig(10, 100))) {
      Stall stall = stall(writer, window, 40);
      List<CompletableFuture<StoredResult>> futures = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        futures.add(writer.submit(TestRows.row(window, roster.get(i))));
      }
      stall.release();

      assertFalse(await(stall.first()).duplicate());
      for (CompletableFuture<StoredResult> future : futures) {
        assertFalse(await(future).duplicate());
      }
      assertEquals(3, writer.batches(), "the stalled row, then 10 (the most), then 2");
      assertEquals(13, writer.rowsInserted());
    }
    assertEquals(13, count("SELECT count(*) FROM result WHERE window_id = ?", window));
  }

  @Test
  void delay_rowsArrivingWithinIt_shareOneBatch() throws Exception {
    long window = newWindow();
    WriterConfig gather = new WriterConfig(100, 100, Duration.ofMillis(400));
    try (ResultWriter writer = new ResultWriter(TestDatabase.vertx(), db.pool(), gather)) {
      long start = System.nanoTime();
      List<CompletableFuture<StoredResult>> futures = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        futures.add(writer.submit(TestRows.row(window, roster.get(200 + i))));
        Thread.sleep(20);
      }
      for (CompletableFuture<StoredResult> future : futures) {
        assertFalse(await(future).duplicate());
      }
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertEquals(1, writer.batches(), "five rows within the wait, one batch");
      assertTrue(ms >= 400, "the batch waited for its oldest row's 400 ms: " + ms + " ms");
    }
  }

  @Test
  void delay_afterABatchTheNextWaitsToo_soTheWriterPacesItself() throws Exception {
    long window = newWindow();
    WriterConfig gather = new WriterConfig(100, 100, Duration.ofMillis(300));
    try (ResultWriter writer = new ResultWriter(TestDatabase.vertx(), db.pool(), gather)) {
      Stall stall = stall(writer, window, 230);
      CompletableFuture<StoredResult> queued = writer.submit(TestRows.row(window, roster.get(231)));
      Thread.sleep(400); // older than the delay by the time the first batch ends
      stall.release();
      await(stall.first());
      long firstEnded = System.nanoTime();
      assertFalse(await(queued).duplicate());
      long gap = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - firstEnded);
      assertTrue(gap >= 250, "the next batch waited after the first ended: " + gap + " ms");
      assertEquals(2, writer.batches());
    }
  }

  @Test
  void delay_aCrisisRowIsNeverHeldBack_norWhatWaitsWithIt() throws Exception {
    long window = newWindow();
    WriterConfig gather = new WriterConfig(100, 100, Duration.ofMillis(1000));
    try (ResultWriter writer = new ResultWriter(TestDatabase.vertx(), db.pool(), gather)) {
      long start = System.nanoTime();
      CompletableFuture<StoredResult> routine =
          writer.submit(TestRows.row(window, roster.get(210)));
      Thread.sleep(50);
      CompletableFuture<StoredResult> crisis =
          writer.submit(TestRows.row(window, roster.get(211), "self", 3, true, UUID.randomUUID()));
      assertTrue(await(crisis).crisis());
      await(routine);
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(ms < 900, "the crisis went at once, the routine row with it: " + ms + " ms");
      assertEquals(1, writer.batches());

      long alone = System.nanoTime();
      await(
          writer.submit(TestRows.row(window, roster.get(212), "self", 3, true, UUID.randomUUID())));
      long aloneMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - alone);
      assertTrue(aloneMs < 900, "a lone crisis row does not wait: " + aloneMs + " ms");
    }
  }

  @Test
  void delay_closeWritesWhatWaitsAtOnce() throws Exception {
    long window = newWindow();
    WriterConfig gather = new WriterConfig(100, 100, Duration.ofMillis(1000));
    ResultWriter writer = new ResultWriter(TestDatabase.vertx(), db.pool(), gather);
    long start = System.nanoTime();
    CompletableFuture<StoredResult> row = writer.submit(TestRows.row(window, roster.get(220)));
    writer.close();
    assertTrue(row.isDone(), "written before close returned");
    assertFalse(await(row).duplicate());
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(ms < 900, "closing does not wait out the delay: " + ms + " ms");
  }

  @Test
  void delay_needsVertxAndStaysWithinASecond() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new ResultWriter(db.pool(), new WriterConfig(10, 10, Duration.ofMillis(5))));
    assertThrows(
        IllegalArgumentException.class, () -> new WriterConfig(10, 10, Duration.ofMillis(1001)));
    assertThrows(
        IllegalArgumentException.class, () -> new WriterConfig(10, 10, Duration.ofMillis(-1)));
  }

  @Test
  void submit_loneRowIsWrittenAtOnce() throws Exception {
    long window = newWindow();
    try (ResultWriter writer = new ResultWriter(db.pool(), new WriterConfig(1000, 100))) {
      RosterEntry student = roster.get(0);
      ResultRow row = TestRows.row(window, student);

      StoredResult receipt = await(writer.submit(row));

      assertEquals(row.idempotencyKey(), receipt.idempotencyKey());
      assertEquals(row.submittedAt(), receipt.submittedAt());
      assertEquals(1, writer.stats().lastBatchRows());
    }
    assertEquals(1, count("SELECT count(*) FROM result WHERE window_id = ?", window));
  }

  @Test
  void submit_storesEveryColumn() throws Exception {
    long window = newWindow();
    RosterEntry student = roster.get(3);
    ResultRow row = TestRows.row(window, student, "teacher", 2, false, UUID.randomUUID());
    try (ResultWriter writer = new ResultWriter(db.pool(), new WriterConfig(10, 100))) {
      StoredResult receipt = await(writer.submit(row));

      try (Connection c = dataSource.getConnection();
          PreparedStatement ps =
              c.prepareStatement(
                  "SELECT form, grade, sex, answers, scores->'phq9'->>'raw', tier, fired_rules,"
                      + " started_at, duration_ms, idempotency_key FROM result WHERE id = ?")) {
        ps.setLong(1, receipt.resultId());
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          assertEquals("teacher", rs.getString(1));
          assertEquals(student.grade(), rs.getInt(2));
          assertEquals(String.valueOf(student.sex()), rs.getString(3));
          assertEquals(
              java.util.Arrays.toString(row.answers()), java.util.Arrays.toString(rs.getBytes(4)));
          assertEquals("10", rs.getString(5));
          assertEquals(2, rs.getInt(6));
          assertEquals(0, ((String[]) rs.getArray(7).getArray()).length);
          assertEquals(
              row.startedAt(), rs.getObject(8, java.time.OffsetDateTime.class).toInstant());
          assertEquals(600_000, rs.getInt(9));
          assertEquals(row.idempotencyKey(), rs.getObject(10, UUID.class));
        }
      }
    }
  }

  @Test
  void submit_firedRulesWithQuotesAndCommas() throws Exception {
    long window = newWindow();
    ResultRow base = TestRows.row(window, roster.get(0));
    String[] rules = {"asq.q5=yes", "a \"quoted\", rule", "back\\slash", "{braces}"};
    ResultRow row =
        new ResultRow(
            base.windowId(),
            base.studentId(),
            base.form(),
            base.districtId(),
            base.schoolId(),
            base.classId(),
            base.grade(),
            base.sex(),
            base.batteryId(),
            base.batteryVersion(),
            base.normVersion(),
            base.answers(),
            base.scoresJson(),
            3,
            true,
            3,
            600,
            2,
            rules,
            null,
            base.submittedAt(),
            0,
            base.idempotencyKey());
    try (ResultWriter writer = new ResultWriter(db.pool(), new WriterConfig(10, 100))) {
      StoredResult receipt = await(writer.submit(row));

      try (Connection c = dataSource.getConnection();
          PreparedStatement ps =
              c.prepareStatement("SELECT fired_rules, started_at FROM result WHERE id = ?")) {
        ps.setLong(1, receipt.resultId());
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          assertEquals(List.of(rules), List.of((String[]) rs.getArray(1).getArray()));
          assertEquals(null, rs.getObject(2));
        }
      }
    }
  }

  @Test
  void submit_duplicateInSameBatch() throws Exception {
    long window = newWindow();
    RosterEntry student = roster.get(1);
    ResultRow first = TestRows.row(window, student);
    ResultRow again = TestRows.row(window, student);
    ResultRow other = TestRows.row(window, roster.get(2));
    try (ResultWriter writer = new ResultWriter(db.pool(), new WriterConfig(3, 100))) {
      Stall stall = stall(writer, newWindow(), 41);
      CompletableFuture<StoredResult> a = writer.submit(first);
      CompletableFuture<StoredResult> b = writer.submit(again);
      CompletableFuture<StoredResult> c = writer.submit(other);
      stall.release();

      StoredResult original = await(a);
      StoredResult duplicate = await(b);
      assertFalse(await(c).duplicate());
      assertFalse(original.duplicate());
      assertTrue(duplicate.duplicate());
      assertEquals(original.resultId(), duplicate.resultId());
      assertEquals(first.idempotencyKey(), duplicate.idempotencyKey());
      assertEquals(2, writer.batches(), "the stalled row, then the three together");
    }
    assertEquals(2, count("SELECT count(*) FROM result WHERE window_id = ?", window));
  }

  @Test
  void submit_duplicateAcrossBatches() throws Exception {
    long window = newWindow();
    ResultRow row = TestRows.row(window, roster.get(4), "self", 3, true, UUID.randomUUID());
    try (ResultWriter writer = new ResultWriter(db.pool(), new WriterConfig(10, 100))) {
      StoredResult first = await(writer.submit(row));
      StoredResult resubmit = await(writer.submit(row));
      StoredResult otherKey =
          await(
              writer.submit(
                  TestRows.row(window, roster.get(4), "self", 0, false, UUID.randomUUID())));

      assertTrue(resubmit.duplicate());
      assertEquals(first.asDuplicate(), resubmit);
      assertEquals(first.asDuplicate(), otherKey);
      assertEquals(2, writer.stats().duplicates());
    }
    assertEquals(1, count("SELECT count(*) FROM result WHERE window_id = ?", window));
    assertEquals(1, count("SELECT count(*) FROM alert_outbox WHERE window_id = ?", window));
  }

  @Test
  void submit_crisisWritesOneOutboxRow() throws Exception {
    long window = newWindow();
    RosterEntry student = roster.get(5);
    try (ResultWriter writer = new ResultWriter(db.pool(), new WriterConfig(10, 100))) {
      StoredResult crisis =
          await(writer.submit(TestRows.row(window, student, "self", 3, true, UUID.randomUUID())));
      await(writer.submit(TestRows.row(window, roster.get(6))));

      assertTrue(crisis.crisis());
      assertEquals(3, crisis.tier());
      Alert alert =
          new AlertOutboxStore(dataSource)
              .unrelayed(100).stream()
                  .filter(a -> a.windowId() == window)
                  .findFirst()
                  .orElseThrow();
      assertEquals(crisis.resultId(), alert.resultId());
      assertEquals(student.id(), alert.studentId());
      assertEquals(student.schoolId(), alert.schoolId());
      assertEquals(student.districtId(), alert.districtId());
      assertEquals(CrisisLevel.SERIOUS, alert.crisisLevel());
      assertEquals(Alert.Source.RESULT, alert.source());
      assertEquals(TestRows.SUBMITTED_AT, alert.createdAt(), "the answer's time, not the commit's");
      assertEquals(TestRows.SUBMITTED_AT.plusSeconds(1800), alert.escalateDueAt());
    }
    assertEquals(1, count("SELECT count(*) FROM alert_outbox WHERE window_id = ?", window));
  }

  @Test
  void submit_failingBatchFailsEveryRowAndWritesNothing() throws Exception {
    long window = newWindow();
    long windowWithoutPartitions = window + 1_000_000;
    try (ResultWriter writer = new ResultWriter(db.pool(), new WriterConfig(3, 100))) {
      Stall stall = stall(writer, newWindow(), 42);
      CompletableFuture<StoredResult> good =
          writer.submit(TestRows.row(window, roster.get(7), "self", 3, true, UUID.randomUUID()));
      CompletableFuture<StoredResult> alsoGood = writer.submit(TestRows.row(window, roster.get(8)));
      CompletableFuture<StoredResult> bad =
          writer.submit(TestRows.row(windowWithoutPartitions, roster.get(9)));
      stall.release();
      await(stall.first());

      for (CompletableFuture<StoredResult> future : List.of(good, alsoGood, bad)) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(future));
        assertInstanceOf(ResultWriteException.class, e.getCause());
      }
      assertEquals(1, writer.stats().failedBatches());
      assertEquals(1, writer.batches(), "only the stalled row's batch committed");
    }
    try (ResultWriter writer = new ResultWriter(db.pool(), new WriterConfig(3, 100))) {
      StoredResult retried = await(writer.submit(TestRows.row(window, roster.get(8))));
      assertFalse(retried.duplicate());
    }
    assertEquals(1, count("SELECT count(*) FROM result WHERE window_id = ?", window));
    assertEquals(0, count("SELECT count(*) FROM alert_outbox WHERE window_id = ?", window));
  }

  @Test
  void submit_fullQueueRejectsAtOnce() throws Exception {
    long window = newWindow();
    ResultWriter writer = new ResultWriter(db.pool(), new WriterConfig(1, 2));
    try (Connection lock = dataSource.getConnection()) {
      lock.setAutoCommit(false);
      try (Statement s = lock.createStatement()) {
        s.execute("LOCK TABLE result IN ACCESS EXCLUSIVE MODE");
      }
      CompletableFuture<StoredResult> blocked = writer.submit(TestRows.row(window, roster.get(10)));
      waitUntilQueueEmpty(writer);
      CompletableFuture<StoredResult> queued1 = writer.submit(TestRows.row(window, roster.get(11)));
      CompletableFuture<StoredResult> queued2 = writer.submit(TestRows.row(window, roster.get(12)));

      CompletableFuture<StoredResult> refused = writer.submit(TestRows.row(window, roster.get(13)));

      assertTrue(refused.isCompletedExceptionally());
      ExecutionException e = assertThrows(ExecutionException.class, refused::get);
      assertInstanceOf(WriterOverloadedException.class, e.getCause());
      assertEquals(1, writer.stats().rejected());
      lock.rollback();
      await(blocked);
      await(queued1);
      await(queued2);
    } finally {
      writer.close();
    }
    assertEquals(3, count("SELECT count(*) FROM result WHERE window_id = ?", window));
  }

  @Test
  void close_drainsQueuedRows() throws Exception {
    long window = newWindow();
    ResultWriter writer = new ResultWriter(db.pool(), new WriterConfig(1000, 100));
    Stall stall = stall(writer, window, 25);
    List<CompletableFuture<StoredResult>> futures = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      futures.add(writer.submit(TestRows.row(window, roster.get(20 + i))));
    }

    io.vertx.core.Future<Void> closing = writer.closeAsync();
    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () -> writer.submit(TestRows.row(window, roster.get(30))).get());
    assertInstanceOf(WriterClosedException.class, e.getCause());
    assertFalse(closing.isComplete(), "rows are still queued behind the stalled batch");
    stall.release();
    closing.await(30, TimeUnit.SECONDS);

    for (CompletableFuture<StoredResult> future : futures) {
      assertTrue(future.isDone() && !future.isCompletedExceptionally());
    }
    assertEquals(6, count("SELECT count(*) FROM result WHERE window_id = ?", window));
  }

  @Test
  void submit_throughput() throws Exception {
    long window = newWindow();
    int n = Math.min(roster.size(), 1920);
    try (ResultWriter writer = new ResultWriter(db.pool(), new WriterConfig(500, 5000))) {
      long start = System.nanoTime();
      List<CompletableFuture<StoredResult>> futures = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        futures.add(writer.submit(TestRows.row(window, roster.get(i))));
      }
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "result writer: %d rows in %.3f s = %.0f rows/s, %d batches%n",
          n, seconds, n / seconds, writer.batches());
    }
    assertEquals(n, count("SELECT count(*) FROM result WHERE window_id = ?", window));
  }

  private static long newWindow() {
    Instant opens = Instant.parse("2025-09-01T00:00:00Z");
    Window window =
        new WindowStore(dataSource)
            .create(
                NewWindow.cityWide(
                    "写入测试",
                    1,
                    12,
                    Map.of("1-3", "g1-3", "4-6", "g4-6", "7-9", "g7-9", "10-12", "g10-12"),
                    opens,
                    opens.plus(Duration.ofDays(60))));
    return window.id();
  }

  private static StoredResult await(CompletableFuture<StoredResult> future) throws Exception {
    return future.get(30, TimeUnit.SECONDS);
  }

  /** A first row held up by a lock on the result table, and the lock's connection. */
  private record Stall(Connection lock, CompletableFuture<StoredResult> first) {
    /** Lets the stalled batch go; what was submitted meanwhile is the next batch. */
    void release() throws SQLException {
      try (lock) {
        lock.rollback();
      }
    }
  }

  /**
   * Locks the result table and submits one row of {@code window}, which the writer takes as a batch
   * of its own and then waits on the lock: rows submitted before {@link Stall#release()} queue up
   * and are written together.
   */
  private static Stall stall(ResultWriter writer, long window, int student) throws SQLException {
    Connection lock = dataSource.getConnection();
    lock.setAutoCommit(false);
    try (Statement s = lock.createStatement()) {
      s.execute("LOCK TABLE result IN ACCESS EXCLUSIVE MODE");
    }
    CompletableFuture<StoredResult> first =
        writer.submit(TestRows.row(window, roster.get(student)));
    waitUntilQueueEmpty(writer);
    return new Stall(lock, first);
  }

  private static void waitUntilQueueEmpty(ResultWriter writer) {
    Eventually.await("the writer taking the first row", () -> writer.queueDepth() == 0);
  }

  private static long count(String sql, long windowId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, windowId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
