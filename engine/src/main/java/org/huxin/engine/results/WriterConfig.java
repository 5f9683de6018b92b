package org.huxin.engine.results;

import java.time.Duration;

/**
 * How the {@link ResultWriter} batches: a batch holds at most {@code maxBatchRows} rows; one that
 * would start with fewer waits until {@code maxDelay} has passed since its oldest row arrived and
 * since the previous batch ended (never for a crisis row; zero: never); at most {@code
 * queueCapacity} rows wait.
 */
public record WriterConfig(int maxBatchRows, int queueCapacity, Duration maxDelay) {

  /** The longest wait for company a batch may be given. */
  public static final Duration MAX_DELAY = Duration.ofSeconds(1);

  public WriterConfig {
    if (maxBatchRows < 1 || maxBatchRows > 10_000) {
      throw new IllegalArgumentException("maxBatchRows must be 1..10000, got " + maxBatchRows);
    }
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queueCapacity must be positive, got " + queueCapacity);
    }
    if (maxDelay == null || maxDelay.isNegative() || maxDelay.compareTo(MAX_DELAY) > 0) {
      throw new IllegalArgumentException("maxDelay must be 0..1000 ms, got " + maxDelay);
    }
  }

  /** A writer that never waits for company: offline jobs and tests. */
  public WriterConfig(int maxBatchRows, int queueCapacity) {
    this(maxBatchRows, queueCapacity, Duration.ZERO);
  }

  /** 500 rows per batch, 20,000 rows waiting at most, no wait. */
  public static WriterConfig defaults() {
    return new WriterConfig(500, 20_000);
  }
}
