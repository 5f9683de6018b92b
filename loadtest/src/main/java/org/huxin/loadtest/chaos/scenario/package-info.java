/**
 * The fault runs' scenarios, one class each, run in this order by {@code ChaosRun} between two
 * steady-state checks (every node ready, a probe of 20 students all acknowledged):
 *
 * <ul>
 *   <li>{@link org.huxin.loadtest.chaos.scenario.KillGateway}: kill -9 one of the three nodes
 *       mid-run; students carry on on the other two.
 *   <li>{@link org.huxin.loadtest.chaos.scenario.StopPostgres}: PostgreSQL stopped immediately
 *       mid-run, started again after a pause.
 *   <li>{@link org.huxin.loadtest.chaos.scenario.RelayDown}: the alert relays cannot claim alerts
 *       for a while; every crisis alert is then delivered exactly once.
 *   <li>{@link org.huxin.loadtest.chaos.scenario.SlowDatabase}: 200 ms added to every database
 *       round trip; no event loop may block.
 *   <li>{@link org.huxin.loadtest.chaos.scenario.Overload}: twice the capacity measured just
 *       before; admitted requests keep p99 under 1 s, no node dies, heap stays under its limit.
 *   <li>{@link org.huxin.loadtest.chaos.scenario.RelayNodeKilled}: staff consoles and phones watch
 *       the crisis feed; the node that has just relayed the scenario's first alerts is killed;
 *       every alert must still reach every console and a phone, none shown twice.
 * </ul>
 *
 * Each returns a {@link org.huxin.loadtest.chaos.harness.Row} for the check; {@link
 * org.huxin.loadtest.chaos.scenario.Scenarios} lists them.
 */
package org.huxin.loadtest.chaos.scenario;
