package org.huxin.engine.progress;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.huxin.engine.windows.Window;

/**
 * The latest {@link ProgressSnapshot} of each window, read again once it is older than {@code
 * maxAge}. However many consoles watch a window, a node reads it at most once per {@code maxAge}
 * (more often only when a caller asks to {@link #refresh}), and never twice at once: callers that
 * find it stale while another thread reads it keep the snapshot they have. Blocking: call it off
 * the event loop.
 */
public final class ProgressCache {
  private final Function<Window, List<ClassProgress>> source;
  private final Clock clock;
  private final Duration maxAge;
  private final Map<Long, Slot> slots = new ConcurrentHashMap<>();

  public ProgressCache(Function<Window, List<ClassProgress>> source, Clock clock, Duration maxAge) {
    this.source = Objects.requireNonNull(source, "source");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    if (maxAge.isNegative()) {
      throw new IllegalArgumentException("maxAge must not be negative, got " + maxAge);
    }
  }

  /** Over {@link ProgressTreeQueries#perClass}. */
  public static ProgressCache over(ProgressTreeQueries queries, Clock clock, Duration maxAge) {
    return new ProgressCache(queries::perClass, clock, maxAge);
  }

  /**
   * The window's snapshot, read now if the cached one is older than {@code maxAge}. While another
   * thread is reading the window, a caller that has a snapshot gets it at once rather than waiting;
   * only the first caller of a window waits for its first read.
   */
  public ProgressSnapshot get(Window window) {
    Slot slot = slot(window);
    ProgressSnapshot current = slot.snapshot;
    if (fresh(current)) {
      return current;
    }
    if (current != null && !slot.lock.tryLock()) {
      return current;
    }
    if (current == null) {
      slot.lock.lock();
    }
    try {
      current = slot.snapshot;
      return fresh(current) ? current : read(slot, window);
    } finally {
      slot.lock.unlock();
    }
  }

  /**
   * The window's snapshot read now, however fresh the cached one: for a caller that must see its
   * own writes. Waits for a read under way, then reads again.
   */
  public ProgressSnapshot refresh(Window window) {
    Slot slot = slot(window);
    slot.lock.lock();
    try {
      return read(slot, window);
    } finally {
      slot.lock.unlock();
    }
  }

  private Slot slot(Window window) {
    return slots.computeIfAbsent(window.id(), id -> new Slot());
  }

  /** Reads the window into its slot; the caller holds the slot's lock. */
  private ProgressSnapshot read(Slot slot, Window window) {
    ProgressSnapshot current = slot.snapshot;
    List<ClassProgress> classes = source.apply(window);
    long generation =
        current == null
            ? 1
            : current.classes().equals(classes) ? current.generation() : current.generation() + 1;
    ProgressSnapshot next = new ProgressSnapshot(window.id(), generation, clock.instant(), classes);
    slot.snapshot = next;
    return next;
  }

  private boolean fresh(ProgressSnapshot s) {
    return s != null && s.loadedAt().plus(maxAge).isAfter(clock.instant());
  }

  /** One window's cell; its lock serialises reads of that window. */
  private static final class Slot {
    final ReentrantLock lock = new ReentrantLock();
    volatile ProgressSnapshot snapshot;
  }
}
