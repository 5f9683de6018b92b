/**
 * Tests of the fault runs' harness that need no cluster: the run's sizes and ports, the rows'
 * flags, the heap read from Prometheus text, the blocked-thread warnings counted in node logs, the
 * process launcher's outputs and stop order, and the polling.
 */
package org.huxin.loadtest.chaos.harness;
