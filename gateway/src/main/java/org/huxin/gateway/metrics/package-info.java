/**
 * What a node reports about itself: {@code GatewayMetrics} holds every meter (logins, drafts,
 * submits by outcome, scoring time, writer batches and queue, shed and invalid requests, tier
 * counts of stored results) in one Prometheus registry, {@code HttpMeters} times every request by
 * route template, and {@code MetricsEndpoint} serves it at {@code GET /metrics} to local scrapers
 * and ops staff only. No tag ever holds a student's id, name, token or answer.
 */
package org.huxin.gateway.metrics;
