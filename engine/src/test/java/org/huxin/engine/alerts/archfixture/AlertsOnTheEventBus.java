package org.huxin.engine.alerts.archfixture;

import io.vertx.core.eventbus.EventBus;

/** Breaks the rule on purpose: alert delivery publishing on the event bus itself. */
public final class AlertsOnTheEventBus {

  private AlertsOnTheEventBus() {}

  public static void publish(EventBus bus, long alertId) {
    bus.publish("huxin.alerts", alertId);
  }
}
