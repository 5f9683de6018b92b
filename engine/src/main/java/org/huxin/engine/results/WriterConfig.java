package org.huxin.engine.results;

/**
 * How the {@link ResultWriter} batches: a batch is flushed when it holds {@code maxBatchRows} rows
 * or its oldest row has waited {@code maxDelayMillis}; at most {@code queueCapacity} rows wait.
 */
public record WriterConfig(int maxBatchRows, long maxDelayMillis, int queueCapacity) {

  public WriterConfig {
    if (maxBatchRows < 1 || maxBatchRows > 10_000) {
      throw new IllegalArgumentException("maxBatchRows must be 1..10000, got " + maxBatchRows);
    }
    if (maxDelayMillis < 0 || maxDelayMillis > 60_000) {
      throw new IllegalArgumentException("maxDelayMillis must be 0..60000, got " + maxDelayMillis);
    }
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queueCapacity must be positive, got " + queueCapacity);
    }
  }

  /** 500 rows or 10 ms per batch, 20,000 rows waiting at most. */
  public static WriterConfig defaults() {
    return new WriterConfig(500, 10, 20_000);
  }
}
