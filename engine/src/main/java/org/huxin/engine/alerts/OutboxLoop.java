package org.huxin.engine.alerts;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * The loop behind a relay or escalator, on Vert.x timers with no thread of its own: runs a pass in
 * a transaction on a connection of its own from the reactive pool, then sets a timer for the next
 * (at once after a full batch, the poll interval normally, a doubling backoff after a failure).
 * {@link #nudge()} runs a pass now if none is running, or right after the one that is. One pass at
 * a time. A failing pass is logged with its message (ids and SQLSTATEs, never names or answers) and
 * retried; only {@link #close()} ends the loop.
 *
 * <p><b>Wake-ups that name what they are for.</b> {@link #nudge(long)} carries a key (the relay's:
 * the id of the crisis result whose alert just committed). Two wake-ups usually come for one
 * crisis: the submit that stored it, and the {@code NOTIFY} of its commit. A keyed wake-up is
 * dropped only when a pass of this loop has already covered that key (a committed pass said so in
 * {@link PassResult#covered}); one that arrives during a pass makes a pass right after it unless
 * that pass covers its key. So a wake-up never waits for the poll, and the second wake-up of a
 * crisis no longer costs a pass of its own.
 *
 * <p>{@link #closeAsync()} is abrupt: it closes the pass's connection, which rolls its transaction
 * back (locks released, nothing marked), so its alerts are published again by the next relay. A
 * pass that has not finished within twice the claim's hold limit plus the publish timeout (a
 * database that stopped answering without closing the connection) is given up the same way and
 * counted as failed.
 */
final class OutboxLoop {

  /**
   * One claim, publish and mark on {@code connection} (the pass's own, which the loop closes after
   * it), in one transaction that the pass begins and commits with {@link #inTransaction}.
   */
  @FunctionalInterface
  interface Pass {
    Future<PassResult> run(SqlConnection connection);
  }

  /**
   * What a pass did: alerts claimed, marked after a confirmed publish, and left unconfirmed; and
   * the keys ({@link #nudge(long)}) it covered: wake-ups with those keys need no pass of their own.
   */
  record PassResult(int claimed, int marked, int unconfirmed, Set<Long> covered) {
    static final PassResult EMPTY = new PassResult(0, 0, 0);

    PassResult {
      covered = Set.copyOf(covered);
    }

    PassResult(int claimed, int marked, int unconfirmed) {
      this(claimed, marked, unconfirmed, Set.of());
    }
  }

  /** How many covered keys a loop remembers: far more than wake-ups can lag behind their pass. */
  static final int REMEMBERED_KEYS = 4096;

  private final String name;
  private final Vertx vertx;
  private final Pool pool;
  private final PollConfig config;
  private final Pass pass;
  private final Logger log;

  // Guarded by this.
  private boolean started;
  private boolean closed;
  private boolean running;
  private boolean again;
  private final Set<Long> awaited = new HashSet<>();
  private final Set<Long> covered =
      Collections.newSetFromMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
              return size() > REMEMBERED_KEYS;
            }
          });
  private long timer = -1;
  private SqlConnection current;
  private Promise<PassResult> inFlight;
  private int failuresInARow;
  private Future<Void> closing;
  private final Promise<Void> firstPassEnded = Promise.promise();

  // Written by the one pass in flight under the lock, read by anyone.
  private volatile long passes;
  private volatile long published;
  private volatile long publishFailures;
  private volatile long failedPasses;

  OutboxLoop(String name, Vertx vertx, Pool pool, PollConfig config, Pass pass, Logger log) {
    this.name = name;
    this.vertx = vertx;
    this.pool = pool;
    this.config = config;
    this.pass = pass;
    this.log = log;
  }

  /** Runs the first pass at once. */
  void start() {
    synchronized (this) {
      if (started || closed) {
        return;
      }
      started = true;
    }
    nudge();
  }

  /**
   * Starts a pass now if the loop is waiting; nudges while a pass runs coalesce into one pass right
   * after it. Cheap, never blocks, safe from any thread; does nothing before start or after close.
   */
  void nudge() {
    synchronized (this) {
      if (!started || closed) {
        return;
      }
      if (running) {
        again = true;
        return;
      }
      cancelTimer();
      running = true;
    }
    runPass();
  }

  /**
   * As {@link #nudge()}, for the thing named by {@code key}: does nothing if a committed pass of
   * this loop already covered it, and during a pass asks for one more only if that pass does not
   * cover it. Cheap, never blocks, safe from any thread.
   */
  void nudge(long key) {
    synchronized (this) {
      if (!started || closed || covered.contains(key)) {
        return;
      }
      if (running) {
        awaited.add(key);
        return;
      }
      cancelTimer();
      running = true;
    }
    runPass();
  }

  PollStats stats() {
    return new PollStats(passes, published, publishFailures, failedPasses);
  }

  /**
   * Completes when the first pass has ended, whether it succeeded or not (or on close): a node
   * waits for it before it takes requests, so the first use of the reactive client (class loading,
   * the first connection) does not stall an event loop that serves them. Never fails.
   */
  Future<Void> firstPass() {
    return firstPassEnded.future();
  }

  /**
   * One pass on a connection of its own in a transaction of its own, outside the loop and its
   * counters (tests step a relay or escalator with it).
   */
  Future<PassResult> runOnce() {
    return pool.getConnection()
        .compose(connection -> pass.run(connection).eventually(connection::close));
  }

  /**
   * Begins a transaction on {@code connection}, runs {@code work} in it and commits; the future
   * completes after COMMIT returned, or fails (the caller closes the connection, which rolls the
   * transaction back).
   */
  static <T> Future<T> inTransaction(
      SqlConnection connection, Function<SqlConnection, Future<T>> work) {
    return connection
        .begin()
        .compose(tx -> work.apply(connection).compose(result -> tx.commit().map(result)));
  }

  /**
   * Stops the loop: no further pass starts, and a pass in flight is rolled back by closing its
   * connection, leaving its alerts to be published again. Completes when that connection is back
   * (rolled back) or at once if no pass was running. Safe to call twice and from any thread.
   */
  Future<Void> closeAsync() {
    SqlConnection connection;
    Promise<PassResult> pending;
    Promise<Void> stopped;
    synchronized (this) {
      if (closing != null) {
        return closing;
      }
      closed = true;
      cancelTimer();
      connection = current;
      current = null;
      pending = inFlight;
      stopped = Promise.promise();
      closing = stopped.future();
    }
    if (connection == null) {
      stopped.complete();
    } else {
      connection
          .close()
          .recover(
              e -> {
                log.warn("{}: closing the connection of its pass failed: {}", name, e.toString());
                return Future.succeededFuture();
              })
          .onSuccess(v -> stopped.complete());
    }
    if (pending != null) {
      pending.tryFail(new IllegalStateException(name + " closed"));
    }
    firstPassEnded.tryComplete();
    return closing;
  }

  /**
   * {@link #closeAsync()}, waited for up to the claim's hold limit from a thread that may block; on
   * a Vert.x thread (an event loop must never wait) it returns at once.
   */
  void close() {
    Future<Void> done = closeAsync();
    if (Vertx.currentContext() != null) {
      return;
    }
    long millis = config.holdLimit().toMillis();
    try {
      done.toCompletionStage().toCompletableFuture().get(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn(
          "{} did not stop within {} ms; its open transaction will be rolled back", name, millis);
    }
  }

  private void runPass() {
    Promise<PassResult> done = Promise.promise();
    synchronized (this) {
      inFlight = done;
    }
    long deadline = config.holdLimit().multipliedBy(2).plus(config.publishTimeout()).toMillis();
    long watchdog =
        vertx.setTimer(
            deadline,
            late ->
                done.tryFail(
                    new IllegalStateException(
                        name + ": the pass did not finish within " + deadline + " ms")));
    pool.getConnection()
        .onFailure(done::tryFail)
        .onSuccess(
            connection -> {
              boolean late;
              synchronized (this) {
                late = closed || done.future().isComplete();
                if (!late) {
                  current = connection;
                }
              }
              if (late) {
                connection.close();
                done.tryFail(new IllegalStateException(name + " closed"));
                return;
              }
              Future<PassResult> ran;
              try {
                ran = pass.run(connection);
              } catch (RuntimeException e) {
                ran = Future.failedFuture(e);
              }
              ran.onSuccess(done::tryComplete).onFailure(done::tryFail);
            });
    done.future()
        .onSuccess(result -> ended(watchdog, result, null))
        .onFailure(failure -> ended(watchdog, null, failure));
  }

  /** The pass is over: its connection goes back to the pool (rolled back unless committed). */
  private void ended(long watchdog, PassResult result, Throwable failure) {
    vertx.cancelTimer(watchdog);
    SqlConnection connection;
    synchronized (this) {
      connection = current;
      current = null;
      inFlight = null;
    }
    if (connection != null) {
      connection.close();
    }
    finished(result, failure);
    firstPassEnded.tryComplete();
  }

  private void finished(PassResult result, Throwable failure) {
    synchronized (this) {
      running = false;
      if (closed) {
        return;
      }
      long waitMillis;
      if (failure == null) {
        covered.addAll(result.covered());
        passes++;
        published += result.marked();
        publishFailures += result.unconfirmed();
        if (result.unconfirmed() > 0) {
          failuresInARow++;
          waitMillis = backoffMillis(failuresInARow);
        } else {
          failuresInARow = 0;
          waitMillis =
              result.claimed() >= config.batchSize() ? 0 : config.pollInterval().toMillis();
        }
      } else {
        failedPasses++;
        failuresInARow++;
        waitMillis = backoffMillis(failuresInARow);
        if (failuresInARow == 1) {
          log.warn("{}: pass failed, retrying in {} ms", name, waitMillis, failure);
        } else {
          log.warn(
              "{}: pass failed {} times in a row, retrying in {} ms: {}",
              name,
              failuresInARow,
              waitMillis,
              failure.toString());
        }
      }
      awaited.removeAll(covered);
      if (again || !awaited.isEmpty()) {
        again = false;
        awaited.clear();
        waitMillis = 0;
      }
      timer = vertx.setTimer(Math.max(1, waitMillis), this::timerFired);
    }
  }

  private void timerFired(long id) {
    synchronized (this) {
      if (closed || id != timer) {
        return;
      }
      timer = -1;
      if (running) {
        again = true;
        return;
      }
      running = true;
    }
    runPass();
  }

  private void cancelTimer() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private long backoffMillis(int failuresInARow) {
    long max = config.maxBackoff().toMillis();
    long wait = Math.min(config.pollInterval().toMillis(), max);
    for (int i = 1; i < failuresInARow && wait < max; i++) {
      wait = wait > max / 2 ? max : wait * 2;
    }
    return wait;
  }
}
