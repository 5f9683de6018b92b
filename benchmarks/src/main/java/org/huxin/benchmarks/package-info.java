/**
 * JMH benchmarks, one class per hot path. Each prepares its inputs in {@code @Setup} and checks its
 * own answer, so a fast but wrong implementation fails instead of scoring well.
 */
package org.huxin.benchmarks;
