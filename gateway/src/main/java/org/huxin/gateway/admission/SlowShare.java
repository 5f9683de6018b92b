package org.huxin.gateway.admission;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * The share of this node's recent API answers that took longer than a target: what admitted
 * students are living through right now. Answers are counted in quarter-second slices; the share is
 * read over the current and the previous slice, so it forgets within half a second once answers are
 * quick again, or once none come at all. Lock-free: two event loops may race on a slice's reset and
 * lose a count or two, which a share does not notice.
 */
final class SlowShare {
  static final Duration SLICE = Duration.ofMillis(250);

  /** Below this many answers in the window the share reads 0: a few slow answers are no trend. */
  static final int MIN_ANSWERS = 8;

  private static final int SLOTS = 4;

  private final long sliceNanos = SLICE.toNanos();
  private final long targetNanos;
  private final LongSupplier nanoTime;
  private final AtomicLongArray sliceOfSlot = new AtomicLongArray(SLOTS);
  private final AtomicLongArray answers = new AtomicLongArray(SLOTS);
  private final AtomicLongArray slow = new AtomicLongArray(SLOTS);

  SlowShare(Duration target, LongSupplier nanoTime) {
    this.targetNanos = target.toNanos();
    this.nanoTime = nanoTime;
    long none = nanoTime.getAsLong() / sliceNanos - SLOTS;
    for (int i = 0; i < SLOTS; i++) {
      sliceOfSlot.set(i, none);
    }
  }

  /** Counts one answer that took {@code nanos}. */
  void record(long nanos) {
    long slice = nanoTime.getAsLong() / sliceNanos;
    int slot = (int) Math.floorMod(slice, SLOTS);
    long held = sliceOfSlot.get(slot);
    if (held != slice && sliceOfSlot.compareAndSet(slot, held, slice)) {
      answers.set(slot, 0);
      slow.set(slot, 0);
    }
    answers.incrementAndGet(slot);
    if (nanos > targetNanos) {
      slow.incrementAndGet(slot);
    }
  }

  /** Slow answers over all answers in the last half second, or 0 with too few answers to tell. */
  double share() {
    long slice = nanoTime.getAsLong() / sliceNanos;
    long all = 0;
    long late = 0;
    for (long s = slice - 1; s <= slice; s++) {
      int slot = (int) Math.floorMod(s, SLOTS);
      if (sliceOfSlot.get(slot) == s) {
        all += answers.get(slot);
        late += slow.get(slot);
      }
    }
    return all < MIN_ANSWERS ? 0 : (double) late / all;
  }
}
