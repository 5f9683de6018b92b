/**
 * Fault runs ({@code ./huxin chaos}): {@link org.huxin.loadtest.chaos.ChaosRun} brings up
 * PostgreSQL, the delaying proxy and three gateway nodes and runs each scenario between two
 * steady-state checks (the harness and the scenarios are the sub-packages {@code harness} and
 * {@code scenario}). The programs it starts in processes of their own live here: {@link
 * org.huxin.loadtest.chaos.ChaosDriver} plays students (sign in, save a draft, submit with a fixed
 * idempotency key, retry a failed submit on another node with the same key) and writes down every
 * acknowledged submit; {@link org.huxin.loadtest.chaos.ChaosCheck} compares those acknowledgements
 * with PostgreSQL ({@link org.huxin.loadtest.chaos.Accounting}: lost = acknowledged but not stored,
 * duplicated = stored twice) and prints the scenario table; {@link
 * org.huxin.loadtest.chaos.DelayProxy} is the slow database, a TCP proxy that delays every chunk;
 * {@link org.huxin.loadtest.chaos.WebhookReceiver} stands in for the phones and {@link
 * org.huxin.loadtest.chaos.ConsoleWatch} for the staff consoles on the crisis feed.
 */
package org.huxin.loadtest.chaos;
