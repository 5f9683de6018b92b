package org.huxin.engine.alerts;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Drops the duplicates that at-least-once delivery allows: remembers the last {@code capacity}
 * distinct {@code (alertId, kind)} pairs and says whether an event is the first of its pair. A
 * delivery and an escalation of the same alert are different events. Thread-safe. The one
 * de-duplicator: test sinks and each console's alert stream use it.
 */
public final class AlertDeduplicator {

  private record Key(long alertId, AlertEvent.Kind kind) {}

  private final int capacity;
  private final LinkedHashMap<Key, Boolean> seen;

  /** Remembers up to {@code capacity} events; older ones are forgotten first. */
  public AlertDeduplicator(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, got " + capacity);
    }
    this.capacity = capacity;
    this.seen =
        new LinkedHashMap<>(Math.min(capacity, 1 << 16) * 2) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, Boolean> eldest) {
            return size() > AlertDeduplicator.this.capacity;
          }
        };
  }

  /** True the first time {@code event}'s alert id and kind are seen; false for a duplicate. */
  public boolean firstSeen(AlertEvent event) {
    return firstSeen(event.alertId(), event.kind());
  }

  /** True the first time this alert id and kind are seen; false for a duplicate. */
  public synchronized boolean firstSeen(long alertId, AlertEvent.Kind kind) {
    return seen.putIfAbsent(new Key(alertId, kind), Boolean.TRUE) == null;
  }

  public synchronized int size() {
    return seen.size();
  }
}
