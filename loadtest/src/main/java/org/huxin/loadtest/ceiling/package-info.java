/**
 * The ceiling of a capacity rehearsal: {@link org.huxin.loadtest.ceiling.BareEndpoint} is a bare
 * Vert.x HTTP server with no Huxin code that answers every request with a constant body, so that
 * {@code scripts/ceiling.sh} can drive it and the real login endpoint back to back with the same
 * Gatling simulation ({@code Ceiling}) and report login throughput as a share of what this machine
 * can do at all.
 */
package org.huxin.loadtest.ceiling;
