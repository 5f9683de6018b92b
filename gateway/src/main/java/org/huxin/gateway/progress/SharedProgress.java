package org.huxin.gateway.progress;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import org.huxin.engine.progress.ProgressCache;
import org.huxin.engine.progress.ProgressTreeQueries;

/**
 * The one {@link ProgressCache} of a Vert.x instance, shared by the route tables of all its event
 * loops through a local map, so a node reads each window's tree at most once per {@link #MAX_AGE}
 * however many verticles and consoles it serves.
 */
public final class SharedProgress implements Shareable {
  /** How old a cached tree may be before it is read again; also the live stream's check period. */
  static final Duration MAX_AGE = Duration.ofSeconds(2);

  private static final String MAP = "huxin.progress";

  private final ProgressCache cache;

  private SharedProgress(ProgressCache cache) {
    this.cache = cache;
  }

  /**
   * This Vert.x instance's cache, reading on {@code pool} (the node's). Freshness is measured on
   * the system clock: it bounds how stale a count may be, which has nothing to do with the
   * screening calendar.
   */
  public static ProgressCache of(Vertx vertx, Pool pool) {
    return vertx
        .sharedData()
        .<String, SharedProgress>getLocalMap(MAP)
        .computeIfAbsent(
            "cache",
            k ->
                new SharedProgress(
                    ProgressCache.over(
                        new ProgressTreeQueries(), pool, Clock.systemUTC(), MAX_AGE)))
        .cache;
  }
}
