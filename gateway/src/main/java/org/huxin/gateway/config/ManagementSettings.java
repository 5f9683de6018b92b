package org.huxin.gateway.config;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * How a central Prometheus reaches a node's metrics without a staff session.
 *
 * @param host the interface the management listener binds ({@code HUXIN_MANAGEMENT_HOST}, default
 *     127.0.0.1): an internal one that only the monitoring network reaches
 * @param port the management listener's port ({@code HUXIN_MANAGEMENT_PORT}); 0 when there is none
 *     (the default)
 * @param metricsToken a bearer token that opens {@code /metrics} on the public listener too ({@code
 *     HUXIN_METRICS_TOKEN}, at least 32 characters), for a scraper that must go through the proxy;
 *     null when there is none (the default)
 */
public record ManagementSettings(String host, int port, byte[] metricsToken) {

  /** The shortest bearer token taken: 32 characters, as long as the token secret. */
  public static final int MIN_TOKEN = 32;

  public ManagementSettings {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("HUXIN_MANAGEMENT_HOST must name an interface");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("HUXIN_MANAGEMENT_PORT must be 1..65535, got " + port);
    }
    if (metricsToken != null && metricsToken.length < MIN_TOKEN) {
      throw new IllegalArgumentException(
          "HUXIN_METRICS_TOKEN must be at least " + MIN_TOKEN + " characters");
    }
  }

  /** Whether a management listener runs. */
  public boolean listens() {
    return port > 0;
  }

  /** Reads {@code HUXIN_MANAGEMENT_HOST}, {@code HUXIN_MANAGEMENT_PORT} and the metrics token. */
  public static ManagementSettings fromEnv(Map<String, String> env) {
    String port = env.get("HUXIN_MANAGEMENT_PORT");
    String token = env.get("HUXIN_METRICS_TOKEN");
    int number;
    try {
      number = port == null || port.isBlank() ? 0 : Integer.parseInt(port.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "HUXIN_MANAGEMENT_PORT must be a whole number, got '" + port + "'", e);
    }
    if (port != null && !port.isBlank() && number == 0) {
      throw new IllegalArgumentException("HUXIN_MANAGEMENT_PORT must be 1..65535, got 0");
    }
    return new ManagementSettings(
        env.getOrDefault("HUXIN_MANAGEMENT_HOST", "127.0.0.1"),
        number,
        token == null || token.isBlank() ? null : token.trim().getBytes(StandardCharsets.UTF_8));
  }
}
