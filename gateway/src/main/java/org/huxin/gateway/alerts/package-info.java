/**
 * The crisis feed: the engine's outbox relay publishes each alert on the clustered event bus; every
 * node forwards what it hears to the staff consoles connected to it over server-sent events,
 * filtered to each console's district or school (ids compared by value) and de-duplicated by alert
 * id. A console keeps one stream for all its pages, re-reads the pending list on every reconnect
 * and every 30 s, and confirms what it shows; staff acknowledge alerts here, and one left
 * unacknowledged past its level's deadline is escalated to the district. Crisis answers in drafts
 * are recorded here before the save is acknowledged ({@link
 * org.huxin.gateway.alerts.UnsubmittedCrises}), and admins configure the phone channels ({@link
 * org.huxin.gateway.alerts.AlertChannelsApi}).
 */
package org.huxin.gateway.alerts;
