package org.huxin.engine.alerts.archfixture;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;

/**
 * Publishes on the event bus from alert delivery: what the alerts package leaves to the gateway.
 */
public final class BusLeak {

  private BusLeak() {}

  /** Touches the event bus so the class depends on {@code io.vertx.core.eventbus}. */
  public static void publish(Vertx vertx, long alertId) {
    EventBus bus = vertx.eventBus();
    bus.publish("alerts", alertId);
  }
}
