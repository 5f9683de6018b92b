package org.huxin.gateway.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.huxin.engine.staff.SessionStore;
import org.huxin.engine.staff.StaffSession;
import org.huxin.gateway.config.StaffPolicy;
import org.huxin.gateway.http.ApiException;
import org.huxin.gateway.http.EventStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's view of the staff sessions, which {@link StaffAuth} asks on every staff request.
 *
 * <p>A session is live while its row is not revoked, its account is enabled, and it was used within
 * the idle timeout. A node reads a session's row the first time it sees its token and then keeps it
 * in memory; it learns of a revocation two ways:
 *
 * <ol>
 *   <li>at once, from the notice that the node making the change publishes on the event bus ({@link
 *       #ADDRESS}) after its transaction commits;
 *   <li>within {@link #POLL} at worst, from its own re-read of the sessions revoked lately, should
 *       the notice be lost (a node joining, a partition).
 * </ol>
 *
 * Either way the node refuses the session's next request and ends its open live streams (crisis
 * feed, progress) through {@link EventStream.SessionWatch}. Use is written back to {@code
 * last_seen} at most once a {@link #TOUCH_EVERY} per session and node, so the idle timeout is exact
 * to within that on a node that did not serve the last request (it re-reads the row before it
 * refuses). Times come from the injected clock. Every read and write of a session row runs on the
 * reactive client, on the event loop of the request or timer that asks.
 */
public final class StaffSessions {
  /** How long a staff session lasts at most, used or not. */
  public static final Duration LIFETIME = Duration.ofHours(8);

  /** Event-bus address of revocation notices: {@code {"sessions": [uuid, ...]}}. */
  public static final String ADDRESS = "huxin.staff.sessions.revoked";

  /** How often a node re-reads the sessions revoked lately. */
  public static final Duration POLL = Duration.ofSeconds(5);

  /** How often a node writes a session's use to {@code last_seen}, at most. */
  public static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

  /** How far back each re-read looks, so clocks a little apart between nodes miss nothing. */
  private static final Duration POLL_OVERLAP = Duration.ofMinutes(2);

  private static final Logger LOG = LoggerFactory.getLogger(StaffSessions.class);
  private static final ApiException NOT_SIGNED_IN =
      new ApiException(401, "not_signed_in", "Please sign in.");

  private final Vertx vertx;
  private final Pool pool;
  private final SessionStore store;
  private final Clock clock;
  private final Duration idleTimeout;
  private final StaffPolicy policy;
  private final SignInThrottle signIns;
  private final Map<UUID, Known> known = new ConcurrentHashMap<>();
  private final Map<UUID, Set<Runnable>> watchers = new ConcurrentHashMap<>();
  private final AtomicLong revocationsHeard = new AtomicLong();
  private MessageConsumer<JsonObject> consumer;
  private long pollTimer = -1;
  private Instant lastPoll;

  /** What this node knows of one session. */
  private static final class Known {
    final long accountId;
    volatile boolean revoked;
    volatile Instant lastSeen;
    volatile Instant lastWritten;

    Known(long accountId, Instant lastSeen, boolean revoked) {
      this.accountId = accountId;
      this.lastSeen = lastSeen;
      this.lastWritten = lastSeen;
      this.revoked = revoked;
    }
  }

  public StaffSessions(
      Vertx vertx, Pool pool, SessionStore store, Clock clock, StaffPolicy policy) {
    this.vertx = vertx;
    this.pool = pool;
    this.store = store;
    this.clock = clock;
    this.policy = policy;
    this.idleTimeout = policy.idleTimeout();
    this.signIns = new SignInThrottle(clock);
  }

  /** This node's sign-in throttle, shared by its event loops. */
  public SignInThrottle signIns() {
    return signIns;
  }

  /** The deployment's session rules (idle timeout, roles that need a second factor). */
  public StaffPolicy policy() {
    return policy;
  }

  /** Starts hearing revocation notices and re-reading revoked sessions every {@link #POLL}. */
  public void start() {
    lastPoll = clock.instant();
    consumer = vertx.eventBus().consumer(ADDRESS, m -> heard(m.body()));
    pollTimer = vertx.setPeriodic(POLL.toMillis(), t -> poll());
  }

  public void stop() {
    if (consumer != null) {
      consumer.unregister();
    }
    if (pollTimer >= 0) {
      vertx.cancelTimer(pollTimer);
    }
  }

  public SessionStore store() {
    return store;
  }

  /** How many revocations this node learned of (notices and re-reads), for tests and metrics. */
  public long revocationsHeard() {
    return revocationsHeard.get();
  }

  /** How many sessions this node holds in memory. */
  public int known() {
    return known.size();
  }

  /**
   * Succeeds when {@code p}'s session is live on this node's view, and records its use; fails with
   * 401 otherwise. Answers from memory except for a session this node has not seen yet, an idle one
   * (whose row another node may have touched), and the once-a-minute write of its use.
   */
  public Future<Void> check(StaffPrincipal p) {
    UUID id = parse(p.session());
    if (id == null) {
      return Future.failedFuture(NOT_SIGNED_IN);
    }
    Instant now = clock.instant();
    Known k = known.get(id);
    if (k != null && !k.revoked && k.accountId == p.accountId() && !idle(k.lastSeen, now)) {
      used(id, k, now);
      return Future.succeededFuture();
    }
    if (k != null && (k.revoked || k.accountId != p.accountId())) {
      return Future.failedFuture(NOT_SIGNED_IN);
    }
    return reread(id, p.accountId(), now)
        .compose(live -> live ? Future.succeededFuture() : Future.failedFuture(NOT_SIGNED_IN));
  }

  /**
   * The row decides, and an idle session is revoked for good; the future holds whether it lives.
   */
  private Future<Boolean> reread(UUID id, long accountId, Instant now) {
    return store
        .find(pool, id)
        .compose(
            found -> {
              StaffSession row = found.orElse(null);
              if (row == null || row.accountId() != accountId) {
                return Future.succeededFuture(false);
              }
              Known current = known.get(id);
              Instant seen =
                  current != null && current.lastSeen.isAfter(row.lastSeen())
                      ? current.lastSeen
                      : row.lastSeen();
              if (!row.live()) {
                markRevoked(id, accountId);
                return Future.succeededFuture(false);
              }
              if (idle(seen, now)) {
                return store
                    .revoke(pool, id, now, "idle")
                    .map(
                        revoked -> {
                          if (revoked) {
                            announce(List.of(id));
                          }
                          markRevoked(id, accountId);
                          return false;
                        });
              }
              Known k = new Known(accountId, seen, false);
              k.lastWritten = row.lastSeen();
              known.put(id, k);
              used(id, k, now);
              return Future.succeededFuture(true);
            });
  }

  private void used(UUID id, Known k, Instant now) {
    k.lastSeen = now;
    if (Duration.between(k.lastWritten, now).compareTo(TOUCH_EVERY) >= 0) {
      k.lastWritten = now;
      store
          .touch(pool, id, now)
          .onFailure(
              e -> LOG.warn("recording the use of a staff session failed: {}", e.toString()));
    }
  }

  private boolean idle(Instant lastSeen, Instant now) {
    return Duration.between(lastSeen, now).compareTo(idleTimeout) >= 0;
  }

  /**
   * Remembers a session this node just opened, so its first requests need no read.
   *
   * @param session the row {@code SessionStore.signIn} wrote
   */
  public void opened(StaffSession session) {
    known.put(session.id(), new Known(session.accountId(), session.lastSeen(), false));
  }

  /**
   * Tells every node (this one too) that {@code sessions} are revoked; call after the transaction
   * that revoked them committed.
   */
  public void announce(Collection<UUID> sessions) {
    if (sessions.isEmpty()) {
      return;
    }
    JsonArray ids = new JsonArray();
    sessions.forEach(id -> ids.add(id.toString()));
    vertx.eventBus().publish(ADDRESS, new JsonObject().put("sessions", ids));
    sessions.forEach(id -> markRevoked(id, null));
  }

  /** The watch {@link EventStream} uses to end the streams of a session when it is revoked. */
  public EventStream.SessionWatch watch(StaffPrincipal p) {
    UUID id = parse(p.session());
    return end -> {
      if (id == null) {
        return () -> {};
      }
      Set<Runnable> set = watchers.computeIfAbsent(id, x -> ConcurrentHashMap.newKeySet());
      set.add(end);
      Known k = known.get(id);
      if (k != null && k.revoked) {
        end.run();
      }
      return () -> {
        set.remove(end);
        watchers.computeIfPresent(id, (x, s) -> s.isEmpty() ? null : s);
      };
    };
  }

  private void heard(JsonObject notice) {
    JsonArray ids = notice.getJsonArray("sessions");
    if (ids == null) {
      return;
    }
    for (int i = 0; i < ids.size(); i++) {
      UUID id = parse(ids.getValue(i) instanceof String s ? s : null);
      if (id != null) {
        markRevoked(id, null);
      }
    }
  }

  private void poll() {
    Instant since = lastPoll.minus(POLL_OVERLAP);
    Instant now = clock.instant();
    // A token lives LIFETIME from its sign-in, so a session unused that long cannot come
    // back: forgetting it bounds the map by the sessions used within that time.
    Instant forget = now.minus(LIFETIME);
    known.values().removeIf(k -> k.lastSeen.isBefore(forget));
    store
        .revokedSince(pool, since)
        .onSuccess(
            ids -> {
              lastPoll = now;
              ids.forEach(id -> markRevoked(id, null));
            })
        .onFailure(e -> LOG.warn("re-reading revoked staff sessions failed: {}", e.toString()));
  }

  /**
   * Marks a session revoked on this node and ends its open streams. A session this node never saw
   * is not remembered (its row says revoked when a token of it arrives), except when {@code
   * accountId} is known, from a row just read.
   */
  private void markRevoked(UUID id, Long accountId) {
    Known k = known.get(id);
    if (k != null) {
      if (!k.revoked) {
        k.revoked = true;
        revocationsHeard.incrementAndGet();
      }
    } else if (accountId != null) {
      Known dead = new Known(accountId, clock.instant(), true);
      known.put(id, dead);
    }
    Set<Runnable> ends = watchers.remove(id);
    if (ends != null) {
      ends.forEach(Runnable::run);
    }
  }

  private static UUID parse(String id) {
    if (id == null || id.length() != 36) {
      return null;
    }
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
