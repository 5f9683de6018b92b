package org.huxin.engine.results;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores results with group commit: many submits share one transaction and one fsync.
 *
 * <h2>Implementation notes</h2>
 *
 * <p>A commit costs a WAL flush, a few milliseconds on real disks. Committing each submit alone
 * would cap the city at a few hundred submits a second per connection; grouping them pays the flush
 * once per batch (PostgreSQL's own {@code commit_delay} idea, done in the application where the
 * batch can also be a single statement).
 *
 * <ol>
 *   <li>{@link #submit} puts the row on a queue and returns a future at once. More than {@code
 *       queueCapacity} waiting rows refuse the next with {@link WriterOverloadedException} (the
 *       caller answers 503), so the writer never takes on more than it can finish; after {@link
 *       #close()} rows are refused with {@link WriterClosedException}.
 *   <li><b>Batching</b>: one batch is in flight at a time, on the reactive pool (no thread waits on
 *       the database); whatever arrives while it is written is the next batch, so under load
 *       batches grow by themselves, as the Disruptor's {@code endOfBatch}. A batch that would start
 *       with less than {@code maxBatchRows} queued first waits until {@code maxDelay} (5 ms in the
 *       gateway) has passed since its oldest row arrived and since the previous batch ended, unless
 *       a crisis row or a close is waiting: then it starts at once, so no crisis is held back for
 *       company. Measured (loadtest README, issue 16), 200,000 submits at 2,000/s: writing every
 *       batch at once took 28,073 batches of 7 rows; waiting only for the oldest row's 5 ms, 15,334
 *       of 13, back to back; pacing as here, 12,030 and 14,514 of 14 to 17 (8,980 of 22 when crisis
 *       rows waited too, which they must not).
 *   <li>The batch is written by {@link ResultBatch} as ONE statement, which PostgreSQL runs as its
 *       own transaction: an {@code INSERT ... SELECT FROM unnest(...) ON CONFLICT (window_id,
 *       student_id, form) DO NOTHING} that also inserts the {@code alert_outbox} rows of the newly
 *       stored crisis results (whose trigger notifies the alert relay at its commit). One round
 *       trip, no BEGIN or COMMIT of its own to wait for (with an explicit transaction a batch took
 *       three, which a slow database made plain). Rows that were already stored are read back
 *       afterwards, only when there are any.
 *   <li><b>A submit is acknowledged only after COMMIT has returned</b>: only then is each future
 *       completed with its {@link StoredResult}. A completed future means the row (and its alert)
 *       is durable, given {@code synchronous_commit = on} (as the embedded server runs); an
 *       unacknowledged row may be lost in a crash, and the client retries.
 *   <li>A resubmit of the same (window, student, form), earlier or in the same batch, never adds a
 *       row: it is answered with the receipt of the row stored first, marked {@code duplicate}.
 *   <li>If anything in the batch fails (SQL error, lost connection, failed COMMIT) the transaction
 *       is rolled back and every future of the batch fails with {@link ResultWriteException};
 *       nothing of it is half-written. If the commit happened but its answer (or the read-back) was
 *       lost, the batch fails all the same and the retry finds the stored row and gets its receipt
 *       as a duplicate.
 * </ol>
 *
 * <p>Futures complete on the pool's event loop: callers hop to their own context and never block in
 * a callback. {@link #closeAsync()} stops taking rows and completes when everything queued has been
 * written; {@link #close()} waits for it (never call it on an event loop). Logs carry counts and
 * SQLSTATEs only, never names or answers.
 */
public final class ResultWriter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ResultWriter.class);

  /** A queued row, the future its submitter waits on, and when it was queued. */
  private record Pending(ResultRow row, CompletableFuture<StoredResult> future, long queuedAt) {}

  private final Vertx vertx;
  private final Pool pool;
  private final WriterConfig config;
  private final long maxDelayNanos;

  /** Crisis rows queued and not yet in a batch: while there is one, no batch waits. */
  private final AtomicInteger crisisQueued = new AtomicInteger();

  /**
   * While the writer waits for more rows before a batch, the token its timer holds; whoever takes
   * it (the timer, a crisis row, a close) starts the batch, once.
   */
  private final AtomicReference<Object> gathering = new AtomicReference<>();

  /** When the last batch ended ({@link System#nanoTime()}); set by the one batch in flight. */
  private volatile long lastBatchEnded = System.nanoTime() - TimeUnit.DAYS.toNanos(1);

  private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicBoolean writing = new AtomicBoolean();
  private final ReadWriteLock admission = new ReentrantReadWriteLock();
  private final Promise<Void> drained = Promise.promise();
  private volatile boolean closed;

  // Written by the one batch in flight only, read by anyone.
  private volatile long batches;
  private volatile long failedBatches;
  private volatile long rowsInserted;
  private volatile long duplicates;
  private final LongAdder rejected = new LongAdder();
  private volatile int lastBatchRows;
  private volatile long lastBatchMillis;
  private volatile BatchListener batchListener;

  /** Told about every committed batch, after its submits were answered. */
  @FunctionalInterface
  public interface BatchListener {
    /**
     * @param rows rows in the batch, duplicates included
     * @param elapsedNanos from taking the batch to its COMMIT returning
     */
    void batchCommitted(int rows, long elapsedNanos);
  }

  /**
   * A writer on {@code pool}, which it uses one connection of at a time; a batch waits for company
   * as {@code config} says ({@link WriterConfig#maxDelay()}), on {@code vertx}'s timers.
   */
  public ResultWriter(Vertx vertx, Pool pool, WriterConfig config) {
    this.pool = Objects.requireNonNull(pool, "pool");
    this.config = Objects.requireNonNull(config, "config");
    if (vertx == null && !config.maxDelay().isZero()) {
      throw new IllegalArgumentException("a writer that waits for company needs Vert.x's timers");
    }
    this.vertx = vertx;
    this.maxDelayNanos = config.maxDelay().toNanos();
  }

  /** A writer that never waits for company (jobs and tests): {@code config} has no delay. */
  public ResultWriter(Pool pool, WriterConfig config) {
    this(null, pool, config);
  }

  /**
   * Queues {@code row}. The future completes after the batch holding it has committed, or fails
   * with {@link ResultWriteException}; it fails at once with {@link WriterOverloadedException} when
   * the queue is full and with {@link WriterClosedException} after {@link #close()}.
   */
  public CompletableFuture<StoredResult> submit(ResultRow row) {
    Objects.requireNonNull(row, "row");
    Pending pending = new Pending(row, new CompletableFuture<>(), System.nanoTime());
    admission.readLock().lock();
    try {
      if (closed) {
        return CompletableFuture.failedFuture(new WriterClosedException());
      }
      if (queued.incrementAndGet() > config.queueCapacity()) {
        queued.decrementAndGet();
        rejected.increment();
        return CompletableFuture.failedFuture(
            new WriterOverloadedException(config.queueCapacity()));
      }
      if (row.crisis()) {
        crisisQueued.incrementAndGet();
      }
      queue.offer(pending);
    } finally {
      admission.readLock().unlock();
    }
    startBatch();
    if (row.crisis()) {
      stopGathering(); // a crisis never waits for company
    }
    return pending.future();
  }

  /** Rows waiting to be written. */
  public int queueDepth() {
    return queued.get();
  }

  public long batches() {
    return batches;
  }

  public long rowsInserted() {
    return rowsInserted;
  }

  public long lastBatchMillis() {
    return lastBatchMillis;
  }

  /**
   * Sets the one listener told about each committed batch (metrics); null removes it. It must be
   * quick and must not block: it runs on the pool's event loop. An exception it throws is logged
   * and otherwise ignored.
   */
  public void setBatchListener(BatchListener listener) {
    this.batchListener = listener;
  }

  public WriterStats stats() {
    return new WriterStats(
        batches,
        failedBatches,
        rowsInserted,
        duplicates,
        rejected.sum(),
        lastBatchRows,
        lastBatchMillis,
        queued.get());
  }

  /**
   * Refuses new rows; the future completes when every row queued before has been written (or its
   * batch failed).
   */
  public Future<Void> closeAsync() {
    admission.writeLock().lock();
    try {
      closed = true;
    } finally {
      admission.writeLock().unlock();
    }
    startBatch();
    stopGathering();
    return drained.future();
  }

  /** {@link #closeAsync()}, waited for: from a main, test or worker thread, never an event loop. */
  @Override
  public void close() {
    closeAsync().toCompletionStage().toCompletableFuture().join();
  }

  /** Starts writing a batch unless one is in flight; the one in flight starts the next itself. */
  private void startBatch() {
    if (writing.compareAndSet(false, true)) {
      writeNext();
    }
  }

  /**
   * Starts the next batch now, or, when it would be small and nothing urges it, once its oldest row
   * has waited {@code maxDelay}.
   */
  private void writeNext() {
    long wait = gatherNanos();
    if (wait <= 0) {
      writeBatch();
      return;
    }
    Object token = new Object();
    gathering.set(token);
    vertx.setTimer(
        Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait + 999_999)),
        t -> {
          if (gathering.compareAndSet(token, null)) {
            writeBatch();
          }
        });
    if (crisisQueued.get() > 0 || closed) {
      stopGathering(); // one arrived while the timer was being set
    }
  }

  /**
   * How much longer the next batch should wait for company, 0 or less to write now: until {@code
   * maxDelay} after its oldest row arrived and after the previous batch ended, so that under
   * moderate load the writer paces itself (a commit per {@code maxDelay} plus a write) instead of
   * writing back to back.
   */
  private long gatherNanos() {
    if (maxDelayNanos == 0
        || closed
        || crisisQueued.get() > 0
        || queued.get() >= config.maxBatchRows()) {
      return 0;
    }
    Pending oldest = queue.peek();
    if (oldest == null) {
      return 0;
    }
    return Math.max(oldest.queuedAt(), lastBatchEnded) + maxDelayNanos - System.nanoTime();
  }

  /** Starts the batch the writer is waiting to fill, if it is waiting. */
  private void stopGathering() {
    if (gathering.getAndSet(null) != null) {
      writeBatch();
    }
  }

  private void writeBatch() {
    List<Pending> batch = new ArrayList<>(Math.min(queued.get(), config.maxBatchRows()));
    Pending next;
    while (batch.size() < config.maxBatchRows() && (next = queue.poll()) != null) {
      batch.add(next);
      if (next.row().crisis()) {
        crisisQueued.decrementAndGet();
      }
    }
    if (batch.isEmpty()) {
      writing.set(false);
      if (!queue.isEmpty()) {
        startBatch(); // a row arrived after the poll and before the flag went down
      } else if (closed) {
        drained.tryComplete();
      }
      return;
    }
    queued.addAndGet(-batch.size());
    long start = System.nanoTime();
    List<ResultRow> rows = new ArrayList<>(batch.size());
    for (Pending pending : batch) {
      rows.add(pending.row());
    }
    Future<List<StoredResult>> written;
    try {
      written = ResultBatch.writeInOneTransaction(pool, rows);
    } catch (RuntimeException e) {
      written = Future.failedFuture(new ResultWriteException(null, e.getClass().getName(), e));
    }
    written.onComplete(
        done -> {
          lastBatchEnded = System.nanoTime();
          if (done.succeeded()) {
            committed(batch, done.result(), System.nanoTime() - start);
          } else {
            failed(batch, done.cause());
          }
          writeNext();
        });
  }

  private void failed(List<Pending> batch, Throwable cause) {
    ResultWriteException e =
        cause instanceof ResultWriteException w
            ? w
            : new ResultWriteException(null, cause.getClass().getName(), cause);
    failedBatches++;
    LOG.error(
        "result batch of {} rows rolled back (SQLSTATE {}): {}",
        batch.size(),
        e.sqlState(),
        e.primaryMessage());
    for (Pending pending : batch) {
      pending.future().completeExceptionally(e);
    }
  }

  private void committed(List<Pending> batch, List<StoredResult> receipts, long elapsed) {
    long inserted = 0;
    for (StoredResult receipt : receipts) {
      if (!receipt.duplicate()) {
        inserted++;
      }
    }
    batches++;
    rowsInserted += inserted;
    duplicates += receipts.size() - inserted;
    lastBatchRows = receipts.size();
    lastBatchMillis = TimeUnit.NANOSECONDS.toMillis(elapsed);
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).future().complete(receipts.get(i));
    }
    BatchListener listener = batchListener;
    if (listener != null) {
      try {
        listener.batchCommitted(receipts.size(), elapsed);
      } catch (RuntimeException e) {
        LOG.warn("batch listener failed: {}", e.getClass().getName());
      }
    }
  }
}
