package org.huxin.engine.alerts;

import java.util.concurrent.CompletionStage;

/**
 * Where the relay and the escalator publish alert events, e.g. the gateway's event bus. The
 * returned stage completes normally once the event is handed on; only then is the alert marked. A
 * stage that fails, a stage that does not complete within the publish timeout, a thrown exception
 * or a null stage all count as not published: the alert is published again later. Called on a
 * Vert.x thread (the relay's and escalator's passes run on the reactive client); must not block.
 */
@FunctionalInterface
public interface AlertSink {
  CompletionStage<Void> publish(AlertEvent event);
}
