package org.huxin.engine.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import javax.sql.DataSource;
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
 *   <li>{@link #submit} puts the row on a bounded queue and returns a future at once. A full queue
 *       refuses the row with {@link WriterOverloadedException} (the caller answers 503), so the
 *       writer never takes on more than it can finish; after {@link #close()} rows are refused with
 *       {@link WriterClosedException}.
 *   <li>One writer thread takes the oldest waiting row and keeps collecting until the batch holds
 *       {@code maxBatchRows} rows or that oldest row has waited {@code maxDelayMillis}. While a
 *       batch is being written the next one fills up, so under load batches grow and the delay
 *       costs nothing; when idle, a lone row waits at most {@code maxDelayMillis}.
 *   <li>The batch is written in ONE transaction by {@link ResultBatch}: a single {@code INSERT ...
 *       SELECT FROM unnest(...) ON CONFLICT (window_id, student_id, form) DO NOTHING} that also
 *       inserts the {@code alert_outbox} rows of the newly stored crisis results, then a read-back
 *       of the rows that were already stored, then COMMIT.
 *   <li><b>A submit is acknowledged only after COMMIT has returned</b>: only then is each future
 *       completed with its {@link StoredResult}. A completed future means the row (and its alert)
 *       is durable, given {@code synchronous_commit = on} (as the embedded server runs); an
 *       unacknowledged row may be lost in a crash, and the client retries.
 *   <li>A resubmit of the same (window, student, form), earlier or in the same batch, never adds a
 *       row: it is answered with the receipt of the row stored first, marked {@code duplicate}.
 *   <li>If anything in the batch fails (SQL error, lost connection, failed COMMIT) the transaction
 *       is rolled back and every future of the batch fails with {@link ResultWriteException};
 *       nothing of it is half-written. If the COMMIT reached the server before the connection
 *       broke, the retry finds the stored row and gets its receipt as a duplicate.
 * </ol>
 *
 * <p>Futures complete on the writer thread: callers must hop to their own executor (for Vert.x, the
 * context) and never block in a callback. {@link #close()} stops taking rows, writes everything
 * still queued without waiting for the delay, and returns when the last batch has committed; the
 * writer thread is a daemon, so only {@code close()} guarantees that queued rows are written. Logs
 * carry counts and SQLSTATEs only, never names or answers.
 */
public final class ResultWriter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ResultWriter.class);
  private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /** A queued row and the future its submitter waits on. */
  private record Pending(ResultRow row, CompletableFuture<StoredResult> future, long queuedAt) {}

  private final DataSource dataSource;
  private final WriterConfig config;
  private final long maxDelayNanos;
  private final BlockingQueue<Pending> queue;
  private final ReadWriteLock admission = new ReentrantReadWriteLock();
  private final Thread thread;
  private volatile boolean closed;

  // Written by the writer thread only, read by anyone.
  private volatile long batches;
  private volatile long failedBatches;
  private volatile long rowsInserted;
  private volatile long duplicates;
  private final LongAdder rejected = new LongAdder();
  private volatile int lastBatchRows;
  private volatile long lastBatchMillis;
  private volatile BatchListener batchListener;

  /** Told about every committed batch, on the writer thread, after its submits were answered. */
  @FunctionalInterface
  public interface BatchListener {
    /**
     * @param rows rows in the batch, duplicates included
     * @param elapsedNanos from taking the batch to its COMMIT returning
     */
    void batchCommitted(int rows, long elapsedNanos);
  }

  /** Starts the writer thread. */
  public ResultWriter(DataSource dataSource, WriterConfig config) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.config = Objects.requireNonNull(config, "config");
    this.maxDelayNanos = TimeUnit.MILLISECONDS.toNanos(config.maxDelayMillis());
    this.queue = new LinkedBlockingQueue<>(config.queueCapacity());
    this.thread = new Thread(this::run, "huxin-result-writer");
    this.thread.setDaemon(true);
    this.thread.start();
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
      if (!queue.offer(pending)) {
        rejected.increment();
        return CompletableFuture.failedFuture(
            new WriterOverloadedException(config.queueCapacity()));
      }
    } finally {
      admission.readLock().unlock();
    }
    return pending.future();
  }

  /** Rows waiting to be written. */
  public int queueDepth() {
    return queue.size();
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
   * quick and must not block: it runs on the writer thread. An exception it throws is logged and
   * otherwise ignored.
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
        queue.size());
  }

  /** Refuses new rows, writes all queued ones, and returns when the last batch is done. */
  @Override
  public void close() {
    admission.writeLock().lock();
    try {
      closed = true;
    } finally {
      admission.writeLock().unlock();
    }
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    List<Pending> batch = new ArrayList<>(config.maxBatchRows());
    while (true) {
      Pending first = take();
      if (first == null) {
        if (closed && queue.isEmpty()) {
          return;
        }
        continue;
      }
      batch.add(first);
      fill(batch, first.queuedAt() + maxDelayNanos);
      flush(batch);
      batch.clear();
    }
  }

  private Pending take() {
    try {
      return queue.poll(IDLE_POLL_NANOS, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      return null;
    }
  }

  /**
   * Adds queued rows until the batch is full or {@code deadline} passes. Waits in short slices so
   * that {@link #close()} is noticed at once; once closed it only takes what is already queued.
   */
  private void fill(List<Pending> batch, long deadline) {
    int max = config.maxBatchRows();
    while (true) {
      queue.drainTo(batch, max - batch.size());
      long wait = deadline - System.nanoTime();
      if (batch.size() >= max || wait <= 0 || closed) {
        return;
      }
      Pending next;
      try {
        next = queue.poll(Math.min(wait, IDLE_POLL_NANOS), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (next != null) {
        batch.add(next);
      }
    }
  }

  private void flush(List<Pending> batch) {
    long start = System.nanoTime();
    List<ResultRow> rows = new ArrayList<>(batch.size());
    for (Pending pending : batch) {
      rows.add(pending.row());
    }
    List<StoredResult> receipts;
    try {
      receipts = ResultBatch.writeInOneTransaction(dataSource, rows);
    } catch (ResultWriteException e) {
      failedBatches++;
      LOG.error(
          "result batch of {} rows rolled back (SQLSTATE {}): {}",
          rows.size(),
          e.sqlState(),
          e.primaryMessage());
      for (Pending pending : batch) {
        pending.future().completeExceptionally(e);
      }
      return;
    }
    long inserted = 0;
    for (StoredResult receipt : receipts) {
      if (!receipt.duplicate()) {
        inserted++;
      }
    }
    batches++;
    rowsInserted += inserted;
    duplicates += receipts.size() - inserted;
    long elapsed = System.nanoTime() - start;
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
