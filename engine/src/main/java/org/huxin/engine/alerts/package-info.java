/**
 * Crisis alerts, from the outbox to a phone. {@link org.huxin.engine.alerts.AlertOutboxStore} is
 * the outbox the result writer fills in the submit's transaction: pending, relayed, acknowledged;
 * {@link org.huxin.engine.alerts.AlertChannelStore} are the schools' and districts' phone channels
 * and {@link org.huxin.engine.alerts.AlertNotificationStore} the messages owed to them; {@link
 * org.huxin.engine.alerts.CrisisDraftStore} the crisis answers seen in unsubmitted drafts.
 * Delivery, on Vert.x timers and the reactive PostgreSQL client (no event bus, no web): {@link
 * org.huxin.engine.alerts.AlertRelay}, woken by {@code LISTEN huxin_alert} when an alert commits
 * and polling as a safety net, moves every alert from the PostgreSQL outbox to an {@link
 * org.huxin.engine.alerts.AlertSink} at least once and marks it relayed only after the sink
 * confirms; {@link org.huxin.engine.alerts.AlertEscalator} publishes an escalation for every alert
 * nobody acknowledged by its crisis level's deadline (重大 10 min, 严重 30 min, 一般 2 h by default);
 * {@link org.huxin.engine.alerts.UnsubmittedCrisisSweep} raises the alert of a crisis answer saved
 * in a draft that no submit followed; {@link org.huxin.engine.alerts.AlertDeduplicator} lets a
 * consumer drop the duplicates that at-least-once allows. Events carry ids and the level only,
 * never names or answers. The gateway supplies the sink (the event bus) and serves the events over
 * SSE; consoles confirm what they show, so "delivered" means seen on a screen or sent to a phone.
 * {@link org.huxin.engine.alerts.AlertNotifier} sends the phone messages the relay and the
 * escalator owe ({@code alert_notification}) through one {@link
 * org.huxin.engine.alerts.ChannelSender} per kind: WeCom and DingTalk group robots and an HTTP SMS
 * gateway; a message names the school, the count, the crisis level and alert ids, never a student.
 */
package org.huxin.engine.alerts;
