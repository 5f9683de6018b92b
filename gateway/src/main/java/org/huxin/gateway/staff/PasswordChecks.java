package org.huxin.gateway.staff;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.huxin.gateway.auth.SignInThrottle;
import org.huxin.gateway.http.ApiException;

/**
 * Argon2 checks of staff passwords, on their own pool of one thread per core. Each check holds
 * about 19 MiB while it runs, so on the shared worker pool (20 threads) a burst of sign-ins during
 * a student storm held some 380 MiB at once and ran a 512 MiB node out of memory.
 *
 * <p>Checks wait in two lines, and a free thread always takes the {@link Lane#TRUSTED} line first:
 * sign-ins from a browser that signed in to that account before (its device cookie), password
 * changes and administrators' resets. Everyone else waits in the {@link Lane#OPEN} line, served
 * round-robin by client address (fair share: one address's burst waits behind itself, not in front
 * of the next address), which a flood of wrong passwords can fill but never pass: beyond its {@link
 * #OPEN_WAITING_LIMIT} a sign-in is told to retry shortly instead of queueing, and the trusted line
 * keeps its own room ({@link #TRUSTED_WAITING_LIMIT}). The per-username and per-address throttle
 * ({@link SignInThrottle}) refuses most of a flood before it gets here at all.
 *
 * <p>The only blocking work here is hashing: a check is an Argon2 hash or verification alone, never
 * SQL, and its result comes back on the event loop of the request that asked.
 */
final class PasswordChecks {
  static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
  static final int OPEN_WAITING_LIMIT = 8 * THREADS;
  static final int TRUSTED_WAITING_LIMIT = 32 * THREADS;

  /** Which line a check waits in. */
  enum Lane {
    TRUSTED,
    OPEN
  }

  private final WorkerExecutor pool;
  private final Lines lines;

  /** The two lines and the running count, shared by every instance on the node. */
  private static final class Lines {
    final ArrayDeque<Runnable> trusted = new ArrayDeque<>();

    /** The open line: one queue per client address, taken in turn. */
    final LinkedHashMap<String, ArrayDeque<Runnable>> open = new LinkedHashMap<>();

    int openWaiting;

    /** Places taken in the trusted line by sign-ins still reading their account. */
    int trustedHeld;

    int running;

    Runnable nextOpen() {
      Iterator<Map.Entry<String, ArrayDeque<Runnable>>> first = open.entrySet().iterator();
      if (!first.hasNext()) {
        return null;
      }
      Map.Entry<String, ArrayDeque<Runnable>> turn = first.next();
      Runnable next = turn.getValue().pollFirst();
      first.remove();
      if (!turn.getValue().isEmpty()) {
        open.put(turn.getKey(), turn.getValue()); // to the back of the round
      }
      openWaiting--;
      return next;
    }
  }

  private static final Map<Vertx, Lines> NODE_LINES =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  /** Closed with the verticle that creates it; the lines are one per Vert.x instance. */
  PasswordChecks(Vertx vertx) {
    this.pool = vertx.createSharedWorkerExecutor("huxin-password-checks", THREADS);
    this.lines = NODE_LINES.computeIfAbsent(vertx, v -> new Lines());
  }

  /** Runs {@code check} (hashing only) in the trusted line (changes and resets). */
  <T> Future<T> run(Callable<T> check) {
    return run(Lane.TRUSTED, "", check);
  }

  /**
   * Runs {@code check} (hashing only) on the pool, or fails with 503 "busy" when its line is full;
   * {@code client} is the address whose turn it waits for in the open line. The future completes on
   * the caller's context, whichever request's completion started the check.
   */
  <T> Future<T> run(Lane lane, String client, Callable<T> check) {
    return hold(lane, client).compose(place -> place.run(check));
  }

  /**
   * Takes a place in {@code lane} now, or fails with 503 "busy" when the line is full: a sign-in
   * holds its place while it reads the account, so the line (and the sign-in throttle, which reads
   * {@link #waiting}) counts it from the moment it is admitted. The place is given up by {@link
   * Place#run} or {@link Place#leave}.
   */
  Future<Place> hold(Lane lane, String client) {
    synchronized (lines) {
      boolean full =
          lane == Lane.TRUSTED
              ? lines.trusted.size() + lines.trustedHeld >= TRUSTED_WAITING_LIMIT
              : lines.openWaiting >= OPEN_WAITING_LIMIT;
      if (full) {
        return Future.failedFuture(
            ApiException.unavailable("busy", "Many staff are signing in; try again shortly.", 2));
      }
      if (lane == Lane.TRUSTED) {
        lines.trustedHeld++;
      } else {
        lines.openWaiting++;
      }
    }
    return Future.succeededFuture(new Place(lane, client));
  }

  /** A place taken in a line: run one check in it, or leave it. */
  final class Place {
    private final Lane lane;
    private final String client;
    private boolean used;

    private Place(Lane lane, String client) {
      this.lane = lane;
      this.client = client;
    }

    /** Queues {@code check} (hashing only) in this place's line. */
    <T> Future<T> run(Callable<T> check) {
      Promise<T> promise = Promise.promise();
      Context caller = Vertx.currentContext();
      Runnable task =
          () ->
              pool.executeBlocking(check, false)
                  .onComplete(
                      done -> {
                        finished();
                        if (caller == null || caller == Vertx.currentContext()) {
                          promise.handle(done);
                        } else {
                          caller.runOnContext(v -> promise.handle(done));
                        }
                      });
      synchronized (lines) {
        if (used) {
          throw new IllegalStateException("a place runs one check");
        }
        used = true;
        if (lane == Lane.TRUSTED) {
          lines.trustedHeld--;
          lines.trusted.addLast(task);
        } else {
          lines.open.computeIfAbsent(client, k -> new ArrayDeque<>()).addLast(task);
        }
      }
      pump();
      return promise.future();
    }

    /** Gives the place up without a check (the account could not be read). */
    void leave() {
      synchronized (lines) {
        if (used) {
          return;
        }
        used = true;
        if (lane == Lane.TRUSTED) {
          lines.trustedHeld--;
        } else {
          lines.openWaiting--;
        }
      }
    }
  }

  /** How many checks wait in {@code lane} (for tests and metrics). */
  int waiting(Lane lane) {
    synchronized (lines) {
      return lane == Lane.TRUSTED ? lines.trusted.size() + lines.trustedHeld : lines.openWaiting;
    }
  }

  private void finished() {
    synchronized (lines) {
      lines.running--;
    }
    pump();
  }

  /** Starts waiting checks while threads are free, the trusted line first. */
  private void pump() {
    while (true) {
      Runnable next;
      synchronized (lines) {
        if (lines.running >= THREADS) {
          return;
        }
        next = lines.trusted.pollFirst();
        if (next == null) {
          next = lines.nextOpen();
        }
        if (next == null) {
          return;
        }
        lines.running++;
      }
      next.run();
    }
  }
}
