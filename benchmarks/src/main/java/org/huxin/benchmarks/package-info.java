/**
 * JMH benchmarks, one class per hot path. Each prepares its inputs in {@code @Setup} and checks its
 * own answer, so a fast but wrong implementation fails instead of scoring well. The scoring
 * benchmarks draw realistic submissions from the engine's seeded {@code SyntheticAnswers} and check
 * the engine against {@code org.huxin.loadtest.reference.ReferenceScorer}, a slow scorer written
 * independently over the scale library's records.
 */
package org.huxin.benchmarks;
