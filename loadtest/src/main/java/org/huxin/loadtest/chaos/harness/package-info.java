/**
 * The fault runs' harness: what {@code ChaosRun} and its scenarios start, stop and ask. {@link
 * org.huxin.loadtest.chaos.harness.Startup} brings the run up (embedded PostgreSQL, the seeded
 * city, the delaying proxy, the webhook receiver, three gateway nodes as a cluster, one alert robot
 * per district) and hands the scenarios a {@link org.huxin.loadtest.chaos.harness.ChaosContext}:
 * the nodes ({@link org.huxin.loadtest.chaos.harness.GatewayNodes}: start, kill -9, readiness), the
 * database ({@link org.huxin.loadtest.chaos.harness.Postgres}: stop immediately, start again,
 * superuser SQL), the proxy's delay ({@link org.huxin.loadtest.chaos.harness.DelayControl}), the
 * students ({@link org.huxin.loadtest.chaos.harness.Drivers}: disjoint slices of the feeder, one
 * driver process each), the checks ({@link org.huxin.loadtest.chaos.harness.Checks}) and the
 * steady-state probe. Every process is started by the {@link
 * org.huxin.loadtest.chaos.harness.Launcher}, its output in a file of the run's folder ({@link
 * org.huxin.loadtest.chaos.harness.RunFolder}), and stopped by it at the end. The programs
 * themselves (driver, check, proxy, receiver, consoles) live in {@code org.huxin.loadtest.chaos}
 * and are handed in as {@link org.huxin.loadtest.chaos.harness.Programs}, so this package does not
 * depend on the one above it.
 */
package org.huxin.loadtest.chaos.harness;
