package org.huxin.gateway.admission;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The ledger of a single, unclustered node: one map in the order keys were last written, holding at
 * most {@code maxKeys}. A write moves its key to the end; when the map is full the key written
 * longest ago goes, and each write also drops up to two of the oldest keys whose count is forgotten
 * and whose wait is over. So address rotation costs memory only up to the bound, and evicting a key
 * forgets at most as many failures as the rotation itself had to make. One lock guards the map;
 * every hold is a few field reads and writes.
 */
public final class LocalLedger implements Ledger {
  /** Keys held by default: about 200 bytes each, so some 50 MB at the bound. */
  public static final int MAX_KEYS = 250_000;

  /** A count, its wait and when it is worthless; or a mark (in {@code milli}) and its expiry. */
  private static final class Entry {
    long milli;
    long updatedAt;
    long waitUntil;
    long diesAt;
  }

  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
  private final Clock clock;
  private final int maxKeys;

  public LocalLedger(Clock clock) {
    this(clock, MAX_KEYS);
  }

  public LocalLedger(Clock clock, int maxKeys) {
    if (maxKeys < 1) {
      throw new IllegalArgumentException("a ledger must hold at least one key");
    }
    this.clock = clock;
    this.maxKeys = maxKeys;
  }

  @Override
  public CompletionStage<Long> fail(String key, Backoff rule) {
    long now = clock.millis();
    long wait;
    synchronized (entries) {
      Entry e = entries.remove(key);
      if (e == null || e.diesAt <= now) {
        e = new Entry();
      }
      e.milli = rule.afterFailure(e.milli, e.updatedAt, now);
      e.updatedAt = now;
      wait = rule.waitMillis(Backoff.failures(e.milli));
      if (wait > 0) {
        e.waitUntil = now + wait;
      }
      e.diesAt = Math.max(e.waitUntil, now + rule.lifeMillis(e.milli));
      put(key, e, now);
    }
    return CompletableFuture.completedFuture(wait);
  }

  @Override
  public long waitMillis(String key) {
    long now = clock.millis();
    synchronized (entries) {
      Entry e = entries.get(key);
      return e == null ? 0 : Math.max(0, e.waitUntil - now);
    }
  }

  @Override
  public CompletionStage<Integer> clear(String key) {
    long now = clock.millis();
    int had;
    synchronized (entries) {
      Entry e = entries.remove(key);
      had = e == null || e.diesAt <= now ? 0 : Backoff.failures(e.milli);
    }
    return CompletableFuture.completedFuture(had);
  }

  @Override
  public long mark(String key) {
    long now = clock.millis();
    synchronized (entries) {
      Entry e = entries.get(key);
      return e == null || e.diesAt <= now ? 0 : e.milli;
    }
  }

  @Override
  public void setMark(String key, long value, Duration ttl) {
    long now = clock.millis();
    Entry e = new Entry();
    e.milli = value;
    e.updatedAt = now;
    e.diesAt = now + ttl.toMillis();
    synchronized (entries) {
      entries.remove(key);
      put(key, e, now);
    }
  }

  /** Keys held now, worthless ones included until they are dropped. */
  public int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  /** Appends {@code key}, first dropping worthless eldest keys and, when full, the eldest. */
  private void put(String key, Entry e, long now) {
    Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator();
    for (int i = 0; i < 2 && eldest.hasNext(); i++) {
      if (eldest.next().getValue().diesAt > now) {
        break;
      }
      eldest.remove();
    }
    if (entries.size() >= maxKeys) {
      eldest = entries.entrySet().iterator();
      eldest.next();
      eldest.remove();
    }
    entries.put(key, e);
  }
}
