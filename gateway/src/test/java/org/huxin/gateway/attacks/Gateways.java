package org.huxin.gateway.attacks;

import java.util.Map;
import org.huxin.gateway.testing.GatewayFixture;

/** The gateway every attack runs against. */
final class Gateways {
  private Gateways() {}

  /**
   * A fixture gateway whose waiting room ignores event-loop lag and slow answers: on a busy build
   * machine either queues logins (503), which would hide the answer under attack. The in-flight
   * limit and every security check stay as they are.
   */
  static GatewayFixture start(Class<?> owner) {
    return GatewayFixture.start(
        owner,
        Map.of("HUXIN_ADMISSION_MAX_LAG_MS", "600000", "HUXIN_ADMISSION_TARGET_MS", "600000"));
  }
}
