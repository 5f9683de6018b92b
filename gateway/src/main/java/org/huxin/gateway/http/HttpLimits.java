package org.huxin.gateway.http;

import java.time.Duration;
import java.util.Map;

/**
 * What one client may hold of a node's HTTP server ({@link ConnectionGuard}).
 *
 * @param headerTimeout a connection's first request headers must have arrived this long after it
 *     opened ({@code HUXIN_HTTP_HEADER_TIMEOUT_S}, 10)
 * @param bodyTimeout a request's body must have arrived this long after its headers, plus a second
 *     per {@link #UPLOAD_BYTES_PER_SECOND} bytes it declares ({@code HUXIN_HTTP_BODY_TIMEOUT_S},
 *     30)
 * @param connectionsPerAddress open connections one client address (an IPv6 /64) may hold; trusted
 *     proxies are exempt ({@code HUXIN_HTTP_CONNECTIONS_PER_ADDRESS}, 500)
 */
public record HttpLimits(Duration headerTimeout, Duration bodyTimeout, int connectionsPerAddress) {
  /** The slowest upload a body's deadline allows for: 64 KiB/s, half a megabit. */
  public static final long UPLOAD_BYTES_PER_SECOND = 64 * 1024;

  /** Declared lengths beyond this (the largest upload, a roster file) earn no more time. */
  static final long LARGEST_UPLOAD = 64L * 1024 * 1024;

  public HttpLimits {
    if (headerTimeout == null || headerTimeout.toSeconds() < 1 || headerTimeout.toSeconds() > 300) {
      throw new IllegalArgumentException("HUXIN_HTTP_HEADER_TIMEOUT_S must be 1..300");
    }
    if (bodyTimeout == null || bodyTimeout.toSeconds() < 1 || bodyTimeout.toSeconds() > 600) {
      throw new IllegalArgumentException("HUXIN_HTTP_BODY_TIMEOUT_S must be 1..600");
    }
    if (connectionsPerAddress < 1) {
      throw new IllegalArgumentException("HUXIN_HTTP_CONNECTIONS_PER_ADDRESS must be at least 1");
    }
  }

  /** The defaults. */
  public static HttpLimits defaults() {
    return new HttpLimits(Duration.ofSeconds(10), Duration.ofSeconds(30), 500);
  }

  /** Reads the {@code HUXIN_HTTP_*} limits of {@code env}; every one has a default. */
  public static HttpLimits fromEnv(Map<String, String> env) {
    HttpLimits d = defaults();
    return new HttpLimits(
        Duration.ofSeconds(
            number(env, "HUXIN_HTTP_HEADER_TIMEOUT_S", d.headerTimeout().toSeconds())),
        Duration.ofSeconds(number(env, "HUXIN_HTTP_BODY_TIMEOUT_S", d.bodyTimeout().toSeconds())),
        (int) number(env, "HUXIN_HTTP_CONNECTIONS_PER_ADDRESS", d.connectionsPerAddress()));
  }

  /** The deadline of a body declaring {@code length} bytes (-1 for unknown), in milliseconds. */
  long bodyDeadlineMillis(long length) {
    long upload =
        length <= 0 ? 0 : Math.min(length, LARGEST_UPLOAD) * 1000 / UPLOAD_BYTES_PER_SECOND;
    return bodyTimeout.toMillis() + upload;
  }

  private static long number(Map<String, String> env, String name, long fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'", e);
    }
  }
}
