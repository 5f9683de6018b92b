package org.huxin.engine.results;

/**
 * How the {@link ResultWriter} batches: a batch holds at most {@code maxBatchRows} rows (it holds
 * whatever was queued when it started: there is no delay to tune), and at most {@code
 * queueCapacity} rows wait.
 */
public record WriterConfig(int maxBatchRows, int queueCapacity) {

  public WriterConfig {
    if (maxBatchRows < 1 || maxBatchRows > 10_000) {
      throw new IllegalArgumentException("maxBatchRows must be 1..10000, got " + maxBatchRows);
    }
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queueCapacity must be positive, got " + queueCapacity);
    }
  }

  /** 500 rows per batch, 20,000 rows waiting at most. */
  public static WriterConfig defaults() {
    return new WriterConfig(500, 20_000);
  }
}
