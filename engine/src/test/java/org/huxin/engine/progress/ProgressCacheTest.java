package org.huxin.engine.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
        w -> answers.get(Math.min(reads.getAndIncrement(), answers.size() - 1)),
        clock,
        Duration.ofSeconds(2));
  }

  @Test
  void get_freshIsNotReadAgain() {
    answers.add(List.of(leaf(1)));
    ProgressCache cache = cache();
    ProgressSnapshot first = cache.get(WINDOW);
    clock.advance(Duration.ofMillis(1_999));
    assertSame(first, cache.get(WINDOW));
    assertEquals(1, reads.get());
  }

  @Test
  void get_staleSameCountsKeepsGeneration() {
    answers.add(List.of(leaf(1)));
    ProgressCache cache = cache();
    long generation = cache.get(WINDOW).generation();
    clock.advance(Duration.ofSeconds(2));
    ProgressSnapshot again = cache.get(WINDOW);
    assertEquals(2, reads.get());
    assertEquals(generation, again.generation());
  }

  @Test
  void get_staleChangedCountsNextGeneration() {
    answers.add(List.of(leaf(1)));
    answers.add(List.of(leaf(2)));
    ProgressCache cache = cache();
    long generation = cache.get(WINDOW).generation();
    clock.advance(Duration.ofSeconds(3));
    ProgressSnapshot next = cache.get(WINDOW);
    assertEquals(generation + 1, next.generation());
    assertEquals(2, next.classes().get(0).counts().submitted());
  }

  @Test
  void get_staleWhileAnotherReadsKeepsCurrent() throws Exception {
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    ProgressCache cache =
        new ProgressCache(
            w -> {
              if (calls.getAndIncrement() == 1) {
                reading.countDown();
                await(release);
                return List.of(leaf(5));
              }
              return List.of(leaf(1));
            },
            clock,
            Duration.ofSeconds(2));
    ProgressSnapshot first = cache.get(WINDOW);
    clock.advance(Duration.ofSeconds(5));
    Thread slow = new Thread(() -> cache.get(WINDOW));
    slow.start();
    assertTrue(reading.await(5, TimeUnit.SECONDS));
    assertSame(first, cache.get(WINDOW), "no second read while one is under way");
    release.countDown();
    slow.join(5_000);
    assertEquals(5, cache.get(WINDOW).classes().get(0).counts().submitted());
    assertEquals(2, calls.get());
  }

  @Test
  void refresh_readsAFreshOneAgain() {
    answers.add(List.of(leaf(1)));
    answers.add(List.of(leaf(2)));
    ProgressCache cache = cache();
    ProgressSnapshot first = cache.get(WINDOW);
    clock.advance(Duration.ofMillis(500));
    ProgressSnapshot refreshed = cache.refresh(WINDOW);
    assertEquals(2, reads.get());
    assertEquals(first.generation() + 1, refreshed.generation());
    assertEquals(2, refreshed.classes().get(0).counts().submitted());
    assertSame(refreshed, cache.get(WINDOW), "the refreshed snapshot is the cached one");
  }

  @Test
  void refresh_sameCountsKeepsGeneration() {
    answers.add(List.of(leaf(1)));
    ProgressCache cache = cache();
    long generation = cache.get(WINDOW).generation();
    assertEquals(generation, cache.refresh(WINDOW).generation());
    assertEquals(2, reads.get());
  }

  @Test
  void refresh_firstReadOfAWindow() {
    answers.add(List.of(leaf(3)));
    ProgressSnapshot s = cache().refresh(WINDOW);
    assertEquals(1, s.generation());
    assertEquals(3, s.classes().get(0).counts().submitted());
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
