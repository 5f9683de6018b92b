package org.huxin.gateway.staff;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.huxin.gateway.http.ApiException;

/**
 * Argon2 checks of staff passwords, on their own pool of one thread per core. Each check holds
 * about 19 MiB while it runs, so on the shared worker pool (20 threads) a burst of sign-ins during
 * a student storm held some 380 MiB at once and ran a 512 MiB node out of memory. Beyond {@link
 * #WAITING_LIMIT} waiting checks a sign-in is told to retry shortly instead of queueing without
 * end.
 */
final class PasswordChecks {
  static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
  static final int WAITING_LIMIT = 32 * THREADS;

  private final WorkerExecutor pool;
  private final AtomicInteger waiting = new AtomicInteger();

  /** Closed with the verticle that creates it. */
  PasswordChecks(Vertx vertx) {
    this.pool = vertx.createSharedWorkerExecutor("huxin-password-checks", THREADS);
  }

  /** Runs {@code check} on the pool, or fails with 503 "busy" when too many are waiting. */
  <T> Future<T> run(Callable<T> check) {
    if (waiting.incrementAndGet() > WAITING_LIMIT) {
      waiting.decrementAndGet();
      return Future.failedFuture(
          ApiException.unavailable("busy", "Many staff are signing in; try again shortly.", 2));
    }
    return pool.executeBlocking(check, false).andThen(done -> waiting.decrementAndGet());
  }
}
