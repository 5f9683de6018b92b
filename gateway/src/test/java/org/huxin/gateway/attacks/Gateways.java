package org.huxin.gateway.attacks;

import java.util.HashMap;
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
    return start(owner, Map.of());
  }

  /** The same, with {@code overrides} laid over the environment. */
  static GatewayFixture start(Class<?> owner, Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>(overrides);
    env.putIfAbsent("HUXIN_ADMISSION_MAX_LAG_MS", "600000");
    env.putIfAbsent("HUXIN_ADMISSION_TARGET_MS", "600000");
    return GatewayFixture.start(owner, env);
  }
}
