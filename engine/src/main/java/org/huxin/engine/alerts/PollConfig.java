package org.huxin.engine.alerts;

import java.time.Duration;
import java.util.Objects;

/**
 * How a relay or escalator polls the outbox.
 *
 * @param pollInterval the wait between passes that found less than a full batch ({@link
 *     AlertRelay#nudge()} cuts it short)
 * @param batchSize the most alerts claimed and published in one transaction, 1..1000
 * @param publishTimeout how long a pass waits for the sink to confirm its events; unconfirmed
 *     events are published again later
 * @param maxBackoff the longest wait after failed passes (sink or database down); the wait doubles
 *     from {@code min(pollInterval, maxBackoff)} up to this
 */
public record PollConfig(
    Duration pollInterval, int batchSize, Duration publishTimeout, Duration maxBackoff) {

  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);
  public static final int DEFAULT_BATCH_SIZE = 100;
  public static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);

  public PollConfig {
    positive("pollInterval", pollInterval);
    if (batchSize < 1 || batchSize > 1000) {
      throw new IllegalArgumentException("batchSize must be 1..1000, got " + batchSize);
    }
    positive("publishTimeout", publishTimeout);
    if (publishTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new IllegalArgumentException(
          "publishTimeout must be at most 5 minutes, got " + publishTimeout);
    }
    positive("maxBackoff", maxBackoff);
  }

  /** 500 ms polls, batches of 100, 5 s publish timeout, backoff up to 5 s. */
  public static PollConfig defaults() {
    return new PollConfig(
        DEFAULT_POLL_INTERVAL, DEFAULT_BATCH_SIZE, DEFAULT_PUBLISH_TIMEOUT, DEFAULT_MAX_BACKOFF);
  }

  public PollConfig withPollInterval(Duration interval) {
    return new PollConfig(interval, batchSize, publishTimeout, maxBackoff);
  }

  /**
   * How long a claiming transaction may sit idle while the sink works: twice the publish timeout
   * plus a second, so a live relay never hits it and a hung one frees its alerts soon after.
   */
  Duration holdLimit() {
    return publishTimeout.multipliedBy(2).plusSeconds(1);
  }

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
