/**
 * Gateway nodes as one Hazelcast cluster through the Vert.x cluster manager: TCP-IP join with
 * members from configuration, no multicast, Hazelcast and the event bus listening only on the
 * configured interface. The cluster carries the event bus (alerts, window changes), the drafts map
 * and the login-failure counters; the database stays the only place a result lives. Hazelcast open
 * source lets anyone with the cluster name join, so what crosses the cluster network is guarded
 * here: {@link org.huxin.gateway.cluster.BusSeal} authenticates every event-bus message, {@link
 * org.huxin.gateway.cluster.SerialFilter} limits Java deserialization, and the drafts map holds
 * only ciphertext ({@code drafts.DraftSeal}). {@link org.huxin.gateway.cluster.NodeDepartures}
 * tells the nodes left, by the name a member joined with, when one leaves, so its phone messages'
 * leases go back at once.
 */
package org.huxin.gateway.cluster;
