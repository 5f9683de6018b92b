package org.huxin.engine.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.huxin.engine.windows.Window;
import org.huxin.engine.windows.WindowStatus;
import org.huxin.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

class ProgressCacheTest {
  private static final Window WINDOW =
      new Window(
          3,
          "w",
          WindowStatus.OPEN,
          List.of(),
          List.of(),
          4,
          12,
          Map.of("4-6", "g4-6"),
          Instant.EPOCH,
          Instant.EPOCH.plusSeconds(3600),
          new byte[32],
          null,
          Instant.EPOCH,
          1,
          "default");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-10-12T08:00:00Z"));
  private final AtomicInteger reads = new AtomicInteger();
  private final List<List<ClassProgress>> answers = new ArrayList<>();

  private ProgressCache cache() {
    return new ProgressCache(
        w ->
            Future.succeededFuture(
                answers.get(Math.min(reads.getAndIncrement(), answers.size() - 1))),
        clock,
        Duration.ofSeconds(2));
  }

  @Test
  void get_freshIsNotReadAgain() {
    answers.add(List.of(leaf(1)));
    ProgressCache cache = cache();
    ProgressSnapshot first = get(cache);
    clock.advance(Duration.ofMillis(1_999));
    assertSame(first, get(cache));
    assertEquals(1, reads.get());
  }

  @Test
  void get_staleSameCountsKeepsGeneration() {
    answers.add(List.of(leaf(1)));
    ProgressCache cache = cache();
    long generation = get(cache).generation();
    clock.advance(Duration.ofSeconds(2));
    ProgressSnapshot again = get(cache);
    assertEquals(2, reads.get());
    assertEquals(generation, again.generation());
  }

  @Test
  void get_staleChangedCountsNextGeneration() {
    answers.add(List.of(leaf(1)));
    answers.add(List.of(leaf(2)));
    ProgressCache cache = cache();
    long generation = get(cache).generation();
    clock.advance(Duration.ofSeconds(3));
    ProgressSnapshot next = get(cache);
    assertEquals(generation + 1, next.generation());
    assertEquals(2, next.classes().get(0).counts().submitted());
  }

  @Test
  void get_staleWhileAnotherReadsKeepsCurrent() {
    Promise<List<ClassProgress>> slow = Promise.promise();
    AtomicInteger calls = new AtomicInteger();
    ProgressCache cache =
        new ProgressCache(
            w ->
                calls.getAndIncrement() == 1
                    ? slow.future()
                    : Future.succeededFuture(List.of(leaf(1))),
            clock,
            Duration.ofSeconds(2));
    ProgressSnapshot first = get(cache);
    clock.advance(Duration.ofSeconds(5));
    Future<ProgressSnapshot> reading = cache.snapshot(WINDOW);
    assertFalse(reading.isComplete(), "the second read is under way");
    assertSame(first, get(cache), "no second read while one is under way");
    slow.complete(List.of(leaf(5)));
    assertEquals(5, reading.result().classes().get(0).counts().submitted());
    assertEquals(5, get(cache).classes().get(0).counts().submitted());
    assertEquals(2, calls.get());
  }

  @Test
  void get_firstReadIsSharedByItsCallers() {
    Promise<List<ClassProgress>> slow = Promise.promise();
    AtomicInteger calls = new AtomicInteger();
    ProgressCache cache =
        new ProgressCache(
            w -> {
              calls.incrementAndGet();
              return slow.future();
            },
            clock,
            Duration.ofSeconds(2));
    Future<ProgressSnapshot> a = cache.snapshot(WINDOW);
    Future<ProgressSnapshot> b = cache.snapshot(WINDOW);
    slow.complete(List.of(leaf(4)));
    assertSame(a.result(), b.result());
    assertEquals(1, calls.get());
  }

  @Test
  void get_failedFirstReadIsTriedAgain() {
    AtomicInteger calls = new AtomicInteger();
    ProgressCache cache =
        new ProgressCache(
            w ->
                calls.getAndIncrement() == 0
                    ? Future.failedFuture(new IllegalStateException("down"))
                    : Future.succeededFuture(List.of(leaf(2))),
            clock,
            Duration.ofSeconds(2));
    assertTrue(cache.snapshot(WINDOW).failed());
    assertEquals(2, get(cache).classes().get(0).counts().submitted());
  }

  @Test
  void refresh_waitsForTheReadUnderWay() {
    Promise<List<ClassProgress>> slow = Promise.promise();
    AtomicInteger calls = new AtomicInteger();
    ProgressCache cache =
        new ProgressCache(
            w ->
                calls.getAndIncrement() == 0
                    ? slow.future()
                    : Future.succeededFuture(List.of(leaf(7))),
            clock,
            Duration.ofSeconds(2));
    Future<ProgressSnapshot> first = cache.snapshot(WINDOW);
    Future<ProgressSnapshot> refreshed = cache.refresh(WINDOW);
    assertEquals(1, calls.get(), "the refresh starts after the read under way");
    slow.complete(List.of(leaf(3)));
    assertEquals(1, first.result().generation());
    assertEquals(2, refreshed.result().generation());
    assertEquals(7, get(cache).classes().get(0).counts().submitted());
  }

  @Test
  void refresh_readsAFreshOneAgain() {
    answers.add(List.of(leaf(1)));
    answers.add(List.of(leaf(2)));
    ProgressCache cache = cache();
    ProgressSnapshot first = get(cache);
    clock.advance(Duration.ofMillis(500));
    ProgressSnapshot refreshed = cache.refresh(WINDOW).result();
    assertEquals(2, reads.get());
    assertEquals(first.generation() + 1, refreshed.generation());
    assertEquals(2, refreshed.classes().get(0).counts().submitted());
    assertSame(refreshed, get(cache), "the refreshed snapshot is the cached one");
  }

  @Test
  void refresh_sameCountsKeepsGeneration() {
    answers.add(List.of(leaf(1)));
    ProgressCache cache = cache();
    long generation = get(cache).generation();
    assertEquals(generation, cache.refresh(WINDOW).result().generation());
    assertEquals(2, reads.get());
  }

  @Test
  void refresh_firstReadOfAWindow() {
    answers.add(List.of(leaf(3)));
    ProgressSnapshot s = cache().refresh(WINDOW).result();
    assertEquals(1, s.generation());
    assertEquals(3, s.classes().get(0).counts().submitted());
  }

  /** The snapshot {@link ProgressCache#snapshot} answers; every source here answers at once. */
  private static ProgressSnapshot get(ProgressCache cache) {
    Future<ProgressSnapshot> f = cache.snapshot(WINDOW);
    assertTrue(f.succeeded(), "answered at once");
    return f.result();
  }

  private static ClassProgress leaf(long submitted) {
    return new ClassProgress(
        1,
        "区",
        2,
        "校",
        7,
        3,
        "7(1)班",
        new ProgressCounts(30, 0, submitted, submitted, submitted, 0, 0, 0, 0));
  }
}
