/**
 * Crisis-alert delivery, plain Java with no Vert.x: {@link org.huxin.engine.alerts.AlertRelay}
 * moves every alert from the PostgreSQL outbox to an {@link org.huxin.engine.alerts.AlertSink} at
 * least once and marks it delivered only after the sink confirms; {@link
 * org.huxin.engine.alerts.AlertEscalator} publishes an escalation for delivered alerts nobody
 * acknowledged in time; {@link org.huxin.engine.alerts.AlertDeduplicator} lets a consumer drop the
 * duplicates that at-least-once allows. Events carry ids only, never names or answers. The gateway
 * supplies the sink (the event bus) and serves the events over SSE.
 */
package org.huxin.engine.alerts;
