package org.huxin.engine.alerts;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sink that stands for the event bus and a console behind it: it records every event that reached
 * the console (duplicates included) and what the console kept after dropping duplicates by alert
 * id, and can be switched to fail the way a bus that is down does.
 */
final class RecordingSink implements AlertSink {

  enum Mode {
    /** Hands the event on and confirms. */
    UP,
    /** Refuses with a failed stage. */
    FAILING,
    /** Throws from publish. */
    THROWING,
    /** Hands the event on but never confirms (the confirmation is lost). */
    UNCONFIRMED
  }

  private volatile Mode mode = Mode.UP;
  private final Map<Long, AtomicInteger> attempts = new ConcurrentHashMap<>();
  private final Map<Long, AtomicInteger> received = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<AlertEvent> receivedEvents = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<AlertEvent> kept = new ConcurrentLinkedQueue<>();
  private final AlertDeduplicator dedupe = new AlertDeduplicator(10_000);

  RecordingSink mode(Mode next) {
    this.mode = next;
    return this;
  }

  @Override
  public CompletionStage<Void> publish(AlertEvent event) {
    attempts.computeIfAbsent(event.alertId(), id -> new AtomicInteger()).incrementAndGet();
    return switch (mode) {
      case FAILING -> CompletableFuture.failedFuture(new IllegalStateException("event bus down"));
      case THROWING -> throw new IllegalStateException("event bus down");
      case UNCONFIRMED -> {
        reachConsole(event);
        yield new CompletableFuture<>();
      }
      case UP -> {
        reachConsole(event);
        yield CompletableFuture.completedFuture(null);
      }
    };
  }

  private void reachConsole(AlertEvent event) {
    received.computeIfAbsent(event.alertId(), id -> new AtomicInteger()).incrementAndGet();
    receivedEvents.add(event);
    if (dedupe.firstSeen(event)) {
      kept.add(event);
    }
  }

  /** How often publish was called for the alert, successful or not. */
  int attempts(long alertId) {
    AtomicInteger n = attempts.get(alertId);
    return n == null ? 0 : n.get();
  }

  /** How often the alert's events reached the console, duplicates included. */
  int received(long alertId) {
    AtomicInteger n = received.get(alertId);
    return n == null ? 0 : n.get();
  }

  /** How many of the alert's events the console kept after dropping duplicates. */
  long kept(long alertId) {
    return kept.stream().filter(e -> e.alertId() == alertId).count();
  }

  List<AlertEvent> receivedEvents(long alertId) {
    return receivedEvents.stream().filter(e -> e.alertId() == alertId).toList();
  }
}
