/**
 * Crisis-alert delivery, plain Java with no Vert.x: {@link org.huxin.engine.alerts.AlertRelay}
 * moves every alert from the PostgreSQL outbox to an {@link org.huxin.engine.alerts.AlertSink} at
 * least once and marks it delivered only after the sink confirms; {@link
 * org.huxin.engine.alerts.AlertEscalator} publishes an escalation for delivered alerts nobody
 * acknowledged in time; {@link org.huxin.engine.alerts.AlertDeduplicator} lets a consumer drop the
 * duplicates that at-least-once allows. Events carry ids only, never names or answers. The gateway
 * supplies the sink (the event bus) and serves the events over SSE. {@link
 * org.huxin.engine.alerts.AlertNotifier} sends the phone messages the relay and the escalator owe
 * ({@code alert_notification}) through one {@link org.huxin.engine.alerts.ChannelSender} per kind:
 * WeCom and DingTalk group robots and an HTTP SMS gateway; a message names the school, the count,
 * the crisis level and alert ids, never a student.
 */
package org.huxin.engine.alerts;
