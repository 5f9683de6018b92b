package org.huxin.engine.progress;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.huxin.engine.windows.Window;

/**
 * The latest {@link ProgressSnapshot} of each window, read again once it is older than {@code
 * maxAge}. However many consoles watch a window, a node reads it at most once per {@code maxAge}
 * (more often only when a caller asks to {@link #refresh}), and never twice at once: callers that
 * find it stale while a read is under way keep the snapshot they have. Nothing here blocks: a read
 * is a {@link Future} of the source, and a caller on a Vert.x context gets its answer on that
 * context, whichever event loop the read ran on. One cache serves all the event loops of a node.
 */
public final class ProgressCache {
  private final Function<Window, Future<List<ClassProgress>>> source;
  private final Clock clock;
  private final Duration maxAge;
  private final Map<Long, Slot> slots = new ConcurrentHashMap<>();

  public ProgressCache(
      Function<Window, Future<List<ClassProgress>>> source, Clock clock, Duration maxAge) {
    this.source = Objects.requireNonNull(source, "source");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    if (maxAge.isNegative()) {
      throw new IllegalArgumentException("maxAge must not be negative, got " + maxAge);
    }
  }

  /** Over {@link ProgressTreeQueries#perClass}, run on {@code client} (the node's pool). */
  public static ProgressCache over(
      ProgressTreeQueries queries, SqlClient client, Clock clock, Duration maxAge) {
    Objects.requireNonNull(client, "client");
    return new ProgressCache(w -> queries.perClass(client, w), clock, maxAge);
  }

  /**
   * The window's snapshot, read now if the cached one is older than {@code maxAge}. While a read of
   * the window is under way, a caller that has a snapshot gets it at once rather than waiting; only
   * the callers of a window's first read wait for it.
   */
  public Future<ProgressSnapshot> snapshot(Window window) {
    return onCallersContext(load(window));
  }

  private Future<ProgressSnapshot> load(Window window) {
    Slot slot = slot(window);
    ProgressSnapshot current = slot.snapshot;
    if (fresh(current)) {
      return Future.succeededFuture(current);
    }
    synchronized (slot) {
      current = slot.snapshot;
      if (fresh(current) || (current != null && slot.reading != null)) {
        return Future.succeededFuture(current);
      }
      return slot.reading != null ? slot.reading : read(slot, window);
    }
  }

  /**
   * The window's snapshot read now, however fresh the cached one: for a caller that must see its
   * own writes. A read under way finishes first; this one starts after it.
   */
  public Future<ProgressSnapshot> refresh(Window window) {
    Slot slot = slot(window);
    Future<ProgressSnapshot> pending;
    synchronized (slot) {
      pending = read(slot, window);
    }
    return onCallersContext(pending);
  }

  private Slot slot(Window window) {
    return slots.computeIfAbsent(window.id(), id -> new Slot());
  }

  /**
   * Starts a read of the window into its slot, after the one under way if any, so that reads of a
   * window are never concurrent and land in order; the caller holds the slot's monitor.
   */
  private Future<ProgressSnapshot> read(Slot slot, Window window) {
    Future<ProgressSnapshot> before = slot.reading;
    Future<List<ClassProgress>> classes =
        before == null ? call(window) : before.transform(done -> call(window));
    Future<ProgressSnapshot> next = classes.map(list -> keep(slot, window, list));
    slot.reading = next;
    next.onComplete(
        done -> {
          synchronized (slot) {
            if (slot.reading == next) {
              slot.reading = null;
            }
          }
        });
    return next;
  }

  private Future<List<ClassProgress>> call(Window window) {
    try {
      return source.apply(window);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** Stores what a read found; a new generation only when the counts changed. */
  private ProgressSnapshot keep(Slot slot, Window window, List<ClassProgress> classes) {
    synchronized (slot) {
      ProgressSnapshot current = slot.snapshot;
      long generation =
          current == null
              ? 1
              : current.classes().equals(classes) ? current.generation() : current.generation() + 1;
      ProgressSnapshot next =
          new ProgressSnapshot(window.id(), generation, clock.instant(), classes);
      slot.snapshot = next;
      return next;
    }
  }

  private boolean fresh(ProgressSnapshot s) {
    return s != null && s.loadedAt().plus(maxAge).isAfter(clock.instant());
  }

  /**
   * {@code read}, completing on the caller's context: a read shared by callers of several event
   * loops completes on the loop that started it, and each caller continues on its own.
   */
  private static <T> Future<T> onCallersContext(Future<T> read) {
    Context caller = Vertx.currentContext();
    if (caller == null) {
      return read;
    }
    Promise<T> promise = Promise.promise();
    read.onComplete(
        done -> {
          if (Vertx.currentContext() == caller) {
            promise.handle(done);
          } else {
            caller.runOnContext(v -> promise.handle(done));
          }
        });
    return promise.future();
  }

  /** One window's cell; its monitor guards {@code reading} and orders what reads store. */
  private static final class Slot {
    volatile ProgressSnapshot snapshot;
    Future<ProgressSnapshot> reading;
  }
}
