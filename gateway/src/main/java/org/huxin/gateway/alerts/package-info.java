/**
 * The crisis feed: the engine's outbox relay publishes each alert on the clustered event bus; every
 * node forwards what it hears to the staff consoles connected to it over server-sent events,
 * filtered to each console's district or school and de-duplicated by alert id. Staff acknowledge
 * alerts here; one left unacknowledged is escalated to the district.
 */
package org.huxin.gateway.alerts;
