/**
 * Offline scoring for psychologists: {@code ./huxin score --battery g7-9 < in.jsonl > out.jsonl}
 * scores a file of submissions with the same engine the gateway uses, one JSON line in, one out.
 */
package org.huxin.engine.offline;
