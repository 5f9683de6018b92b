package org.huxin.engine.store;

import java.util.Map;
import java.util.Objects;

/**
 * The reactive pool every request path uses ({@link Store#pool}): at most {@code maxSize}
 * connections per node, at most {@code maxWaitQueue} requests waiting for one (more fail at once
 * rather than pile up), a wait for a connection that gives up after {@code acquireTimeoutSeconds},
 * and up to {@code pipeliningLimit} statements in flight on one connection. The connection budget
 * of a city is nodes × ({@code maxSize} + the JDBC pool, {@link StoreConfig#poolSize}) + the
 * offline jobs ≤ the server's {@code max_connections}; each node also holds the result writer's two
 * ({@link #dedicated()}), the alert relay's and escalator's two and the relay's {@code LISTEN}
 * connection.
 */
public record PgPoolConfig(
    int maxSize, int maxWaitQueue, int acquireTimeoutSeconds, int pipeliningLimit) {

  public static final int DEFAULT_MAX_SIZE = 8;
  public static final int DEFAULT_MAX_WAIT_QUEUE = 4096;
  public static final int DEFAULT_ACQUIRE_TIMEOUT_SECONDS = 10;
  public static final int DEFAULT_PIPELINING_LIMIT = 256;

  /** The defaults above. */
  public static final PgPoolConfig DEFAULT =
      new PgPoolConfig(
          DEFAULT_MAX_SIZE,
          DEFAULT_MAX_WAIT_QUEUE,
          DEFAULT_ACQUIRE_TIMEOUT_SECONDS,
          DEFAULT_PIPELINING_LIMIT);

  public PgPoolConfig {
    if (maxSize < 1 || maxSize > 1000) {
      throw new IllegalArgumentException("HUXIN_PG_POOL must be 1..1000, got " + maxSize);
    }
    if (maxWaitQueue < 1) {
      throw new IllegalArgumentException(
          "HUXIN_PG_WAIT_QUEUE must be 1 or more, got " + maxWaitQueue);
    }
    if (acquireTimeoutSeconds < 1 || acquireTimeoutSeconds > 600) {
      throw new IllegalArgumentException(
          "HUXIN_PG_ACQUIRE_TIMEOUT_S must be 1..600 seconds, got " + acquireTimeoutSeconds);
    }
    if (pipeliningLimit < 1 || pipeliningLimit > 4096) {
      throw new IllegalArgumentException(
          "HUXIN_PG_PIPELINING must be 1..4096, got " + pipeliningLimit);
    }
  }

  /**
   * A pool of two connections, with this config's timeouts, for work that must never wait behind
   * requests: the result writer's (one batch in flight at a time) and the alert relay's and
   * escalator's (one pass each at a time).
   */
  public PgPoolConfig dedicated() {
    return new PgPoolConfig(2, 64, acquireTimeoutSeconds, pipeliningLimit);
  }

  /**
   * Reads {@code HUXIN_PG_POOL}, {@code HUXIN_PG_WAIT_QUEUE}, {@code HUXIN_PG_ACQUIRE_TIMEOUT_S}
   * and {@code HUXIN_PG_PIPELINING}; blank or absent values take the defaults.
   */
  public static PgPoolConfig fromEnv(Map<String, String> env) {
    Objects.requireNonNull(env, "env");
    return new PgPoolConfig(
        StoreConfig.intOf(env, "HUXIN_PG_POOL", DEFAULT_MAX_SIZE),
        StoreConfig.intOf(env, "HUXIN_PG_WAIT_QUEUE", DEFAULT_MAX_WAIT_QUEUE),
        StoreConfig.intOf(env, "HUXIN_PG_ACQUIRE_TIMEOUT_S", DEFAULT_ACQUIRE_TIMEOUT_SECONDS),
        StoreConfig.intOf(env, "HUXIN_PG_PIPELINING", DEFAULT_PIPELINING_LIMIT));
  }
}
