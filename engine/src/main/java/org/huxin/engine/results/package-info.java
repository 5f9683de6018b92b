/**
 * Stored results and the shapes around them. {@link org.huxin.engine.results.ResultWriter} stores
 * scored results with group commit (one multi-row insert per batch, acknowledged after COMMIT) and
 * writes a crisis result's outbox row in the same transaction; the result table is partitioned by
 * window and hashed by student; {@link org.huxin.engine.results.WindowResultQueries} streams a
 * closed window's answers for re-scoring. Between the wire and the scorer: reading an answers
 * object ({@code {"phq9": [0, 1, …], …}}) into a battery's flat answer array, and writing a scored
 * result as the JSON the store keeps and the offline scorer prints. Used by the gateway, the
 * offline scorer and re-scoring, so all three read and write the same shapes. {@link
 * org.huxin.engine.results.NormText} is the one place a T score and percentile become text, with
 * the norm set's label beside them.
 */
package org.huxin.engine.results;
