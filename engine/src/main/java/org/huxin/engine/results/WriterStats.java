package org.huxin.engine.results;

/**
 * A snapshot of the writer's counters: committed and failed batches, rows newly inserted, rows
 * answered as duplicates, rows refused because the queue was full, the size and duration of the
 * last committed batch, and how many rows wait now.
 */
public record WriterStats(
    long batches,
    long failedBatches,
    long rowsInserted,
    long duplicates,
    long rejected,
    int lastBatchRows,
    long lastBatchMillis,
    int queueDepth) {}
