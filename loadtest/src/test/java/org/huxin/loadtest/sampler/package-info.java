/**
 * Tests of the sampler's parts that need no cluster: {@code /proc} stat lines, Prometheus text, and
 * the sample line's shape against the summary that reads it.
 */
package org.huxin.loadtest.sampler;
