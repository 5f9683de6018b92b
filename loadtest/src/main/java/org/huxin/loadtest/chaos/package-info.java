/**
 * Fault runs ({@code ./huxin chaos}): {@link org.huxin.loadtest.chaos.ChaosDriver} plays students
 * (sign in, save a draft, submit with a fixed idempotency key, retry a failed submit on another
 * node with the same key) and writes down every acknowledged submit; {@link
 * org.huxin.loadtest.chaos.ChaosCheck} compares those acknowledgements with PostgreSQL ({@link
 * org.huxin.loadtest.chaos.Accounting}: lost = acknowledged but not stored, duplicated = stored
 * twice) and prints the scenario table; {@link org.huxin.loadtest.chaos.DelayProxy} is the slow
 * database, a TCP proxy that delays every chunk. {@code scripts/chaos.sh} starts the cluster, runs
 * each fault between two steady-state checks and writes {@code summary.json}.
 */
package org.huxin.loadtest.chaos;
