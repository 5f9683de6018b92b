package org.huxin.benchmarks;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.huxin.engine.renorm.SyntheticWindow;
import org.huxin.engine.results.ResultRow;
import org.huxin.engine.results.ResultWriter;
import org.huxin.engine.results.StoredResult;
import org.huxin.engine.results.WriterConfig;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.roster.RosterStore;
import org.huxin.engine.store.NameCipher;
import org.huxin.engine.store.PgPoolConfig;
import org.huxin.engine.store.Store;
import org.huxin.engine.store.StoreConfig;
import org.huxin.scales.ScaleLibrary;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The group-commit result writer on the reactive client, end to end against a real (embedded)
 * PostgreSQL 17: one shot submits 20,000 scored results at once and ends when the last one is
 * acknowledged, i.e. committed.
 *
 * <pre>
 *   20,000 submit() ──▶ queue ──▶ batch (≤ 500, what is queued) ──▶ INSERT … unnest … + outbox ──▶ COMMIT
 *                                   ▲ what arrives meanwhile is the next batch ◀────────────────────┘
 * </pre>
 *
 * <p>Set-up loads a synthetic city, scores the rows once and keeps them; each shot starts from an
 * empty window (the previous shot's rows are deleted in the iteration set-up, outside the timing).
 * Tear-down fails the run unless every row was stored exactly once: 20,000 receipts, none a
 * duplicate, 20,000 distinct result ids, 20,000 rows in the window for 20,000 distinct students,
 * and one outbox row for each crisis result.
 *
 * <p>Run: {@code ./huxin bench WriterBatch} (rows/s = 20,000 / the shot's time).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, batchSize = 1)
@Measurement(iterations = 5, batchSize = 1)
public class WriterBatchBenchmark {
  private static final int ROWS = 20_000;

  private Path home;
  private Store store;
  private Vertx vertx;
  private Pool pool;
  private ResultWriter writer;
  private long windowId;
  private List<ResultRow> rows;
  private long crisisRows;
  private List<StoredResult> receipts;
  private long batchesBefore;

  @Setup(Level.Trial)
  public void openStoreAndScoreRows() throws IOException {
    home = Files.createTempDirectory("huxin-writer-bench");
    store = Store.openForJob(StoreConfig.embedded(home.resolve("pgdata"), freePort(), 4));
    ScaleLibrary library = ScaleLibrary.loadDefault();
    NameCipher cipher = NameCipher.fromEnv(java.util.Map.of(), home);
    Clock clock = Clock.fixed(Instant.parse("2026-10-12T08:00:00Z"), ZoneOffset.UTC);
    SyntheticWindow.Seeded seeded = SyntheticWindow.seed(store, library, cipher, ROWS, 7, clock);
    windowId = seeded.window().id();
    List<RosterEntry> roster = new RosterStore(store.dataSource()).loadRoster();
    rows =
        SyntheticWindow.rows(
            library, seeded.window(), roster, ROWS, 11, clock.instant().minusSeconds(3600));
    if (rows.size() != ROWS) {
      throw new IllegalStateException("scored " + rows.size() + " rows, expected " + ROWS);
    }
    crisisRows = rows.stream().filter(ResultRow::crisis).count();
    vertx = Vertx.vertx();
    pool = store.pool(vertx, PgPoolConfig.DEFAULT.dedicated(), "bench-writer");
    writer = new ResultWriter(pool, new WriterConfig(500, ROWS));
  }

  @Setup(Level.Iteration)
  public void emptyTheWindow() throws SQLException {
    try (Connection c = store.dataSource().getConnection()) {
      c.setAutoCommit(false);
      for (String table : new String[] {"alert_outbox", "result"}) {
        try (PreparedStatement ps =
            c.prepareStatement("DELETE FROM " + table + " WHERE window_id = ?")) {
          ps.setLong(1, windowId);
          ps.executeUpdate();
        }
      }
      c.commit();
    }
    receipts = null;
    batchesBefore = writer.batches();
  }

  @Benchmark
  public int writeAll() {
    List<CompletableFuture<StoredResult>> pending = new ArrayList<>(ROWS);
    for (ResultRow row : rows) {
      pending.add(writer.submit(row));
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    receipts = pending.stream().map(CompletableFuture::join).toList();
    return receipts.size();
  }

  @TearDown(Level.Iteration)
  public void everyRowStoredExactlyOnce() throws SQLException {
    failIfNot(ROWS, receipts.size(), "receipts");
    failIfNot(0, receipts.stream().filter(StoredResult::duplicate).count(), "duplicate receipts");
    Set<Long> ids = new HashSet<>();
    receipts.forEach(r -> ids.add(r.resultId()));
    failIfNot(ROWS, ids.size(), "distinct result ids");
    failIfNot(ROWS, count("SELECT count(*) FROM result WHERE window_id = ?"), "stored rows");
    failIfNot(
        ROWS,
        count("SELECT count(DISTINCT student_id) FROM result WHERE window_id = ?"),
        "students with a row");
    failIfNot(
        crisisRows, count("SELECT count(*) FROM alert_outbox WHERE window_id = ?"), "outbox rows");
    System.out.printf(
        "%n  %d rows in %d batches (mean %.0f rows a batch)%n",
        ROWS, writer.batches() - batchesBefore, ROWS / (double) (writer.batches() - batchesBefore));
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    writer.close();
    // One after the other, each waited for here: a future chained onto a Vert.x that is closing
    // completes on its terminated event loop, i.e. never.
    pool.close().toCompletionStage().toCompletableFuture().join();
    vertx.close().toCompletionStage().toCompletableFuture().join();
    store.close();
    try (var files = Files.walk(home)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private long count(String sql) throws SQLException {
    try (Connection c = store.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, windowId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static void failIfNot(long expected, long actual, String what) {
    if (expected != actual) {
      throw new IllegalStateException(what + ": expected " + expected + ", got " + actual);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
