/**
 * The rehearsal's once-a-second sampler ({@link org.huxin.loadtest.sampler.Sampler}, started by
 * {@code scripts/rehearse.sh}): the machine's and the gateways' CPU ticks from {@code /proc}
 * ({@link org.huxin.loadtest.sampler.ProcTicks}), the load generator's, and each node's heap,
 * drafts held, rows stored and requests in flight from its {@code /metrics} ({@link
 * org.huxin.loadtest.sampler.NodeMetrics}), one JSON line per second ({@link
 * org.huxin.loadtest.sampler.Sample}) that {@code org.huxin.loadtest.summary} reads.
 */
package org.huxin.loadtest.sampler;
