/**
 * Gateway nodes as one Hazelcast cluster through the Vert.x cluster manager: TCP-IP join with
 * members from configuration, no multicast. The cluster carries the event bus (alerts, window
 * changes), the drafts map and the login-failure counters; the database stays the only place a
 * result lives.
 */
package org.huxin.gateway.cluster;
