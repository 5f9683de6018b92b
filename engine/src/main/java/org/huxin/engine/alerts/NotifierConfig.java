package org.huxin.engine.alerts;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link AlertNotifier} works.
 *
 * @param pollInterval the wait between passes that found nothing due ({@link AlertNotifier#nudge()}
 *     cuts it short)
 * @param batchSize the most notifications leased in one pass, 1..1000
 * @param lease how long a pass holds its notifications; past it another notifier may send them
 *     again. At least twice the connect plus request timeout, so a live pass finishes inside it.
 * @param connectTimeout to open a connection to a channel
 * @param requestTimeout for a channel's answer once connected
 * @param firstBackoff the wait before a failed channel is tried again; doubles after each failure
 * @param maxBackoff ... up to this; a failing channel is retried at this pace forever
 * @param allowHttp whether plain-http channel URLs may be used ({@code
 *     HUXIN_ALERT_SINK_ALLOW_HTTP}); see {@link org.huxin.engine.alerts.ChannelUrl}
 */
public record NotifierConfig(
    Duration pollInterval,
    int batchSize,
    Duration lease,
    Duration connectTimeout,
    Duration requestTimeout,
    Duration firstBackoff,
    Duration maxBackoff,
    boolean allowHttp) {

  public NotifierConfig {
    positive("pollInterval", pollInterval);
    if (batchSize < 1 || batchSize > 1000) {
      throw new IllegalArgumentException("batchSize must be 1..1000, got " + batchSize);
    }
    positive("lease", lease);
    positive("connectTimeout", connectTimeout);
    positive("requestTimeout", requestTimeout);
    positive("firstBackoff", firstBackoff);
    positive("maxBackoff", maxBackoff);
    if (requestTimeout.plus(connectTimeout).compareTo(Duration.ofMinutes(2)) > 0) {
      throw new IllegalArgumentException("connect plus request timeout must be at most 2 minutes");
    }
    if (lease.compareTo(sendTimeoutOf(connectTimeout, requestTimeout).multipliedBy(2)) < 0) {
      throw new IllegalArgumentException(
          "lease must be at least twice the connect plus request timeout, got " + lease);
    }
    if (maxBackoff.compareTo(firstBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff must not be shorter than firstBackoff");
    }
  }

  /**
   * Polls every second, 100 notifications a pass, 60 s leases, 5 s to connect and 10 s for an
   * answer, backoff from 30 s doubling up to 10 min, https only.
   */
  public static NotifierConfig defaults() {
    return new NotifierConfig(
        Duration.ofSeconds(1),
        100,
        Duration.ofSeconds(60),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofMinutes(10),
        false);
  }

  public NotifierConfig withAllowHttp(boolean allow) {
    return new NotifierConfig(
        pollInterval,
        batchSize,
        lease,
        connectTimeout,
        requestTimeout,
        firstBackoff,
        maxBackoff,
        allow);
  }

  /** The longest one send may take: connecting, the request, and a second's grace. */
  Duration sendTimeout() {
    return sendTimeoutOf(connectTimeout, requestTimeout);
  }

  /** The wait after the {@code failures}-th failure in a row: first, doubled, capped. */
  Duration backoff(int failures) {
    Duration wait = firstBackoff;
    for (int i = 1; i < failures && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }

  private static Duration sendTimeoutOf(Duration connect, Duration request) {
    return connect.plus(request).plusSeconds(1);
  }

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
