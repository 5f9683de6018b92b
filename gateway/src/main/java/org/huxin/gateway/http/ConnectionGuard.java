package org.huxin.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Slow and greedy clients at the socket, before any route sees them. Vert.x offers idle timeouts
 * only (any byte resets them), so a client dribbling a header or a body a byte every few seconds
 * would hold a connection for ever; a few hundred such clients, or one address opening thousands of
 * connections, would hold a node. So on each event loop a {@link Door} closes a connection
 *
 * <ul>
 *   <li>whose first request's headers have not arrived {@link HttpLimits#headerTimeout} after it
 *       opened (checked by a sweep every quarter second; a connection costs no timer);
 *   <li>whose request body has not fully arrived {@link HttpLimits#bodyTimeout} after the headers
 *       (plus a second per 64 KiB declared, for roster uploads): one timer per request whose body
 *       was still coming when its headers were handed over, cancelled when it arrives;
 *   <li>that would be the client address's connection beyond {@link
 *       HttpLimits#connectionsPerAddress} open on this node (the TCP peer, an IPv6 /64; trusted
 *       proxies are exempt).
 * </ul>
 *
 * Headers of later requests on a kept-alive connection are bounded by the server's idle timeout
 * only: a client that sends one request quickly and then dribbles the next one's headers holds one
 * connection, within its address's cap. (Holding each request to check its answer's end from the
 * sweep left kept-alive clients hanging now and then, so the guard holds no request.) The header
 * deadline of a connection's first request needs h2c off: with it on, Vert.x hands a connection
 * over only once its first request's headers have arrived (to look for an upgrade), and until then
 * only the server's idle timeout applies.
 */
public final class ConnectionGuard {
  static final long SWEEP_MILLIS = 250;

  private final HttpLimits limits;
  private final TrustedProxies trusted;
  private final ConcurrentHashMap<String, Integer> openByAddress = new ConcurrentHashMap<>();
  private final LongAdder refused = new LongAdder();
  private final LongAdder timedOut = new LongAdder();

  public ConnectionGuard(HttpLimits limits, TrustedProxies trusted) {
    this.limits = limits;
    this.trusted = trusted;
  }

  /** Connections refused since start for being beyond their address's cap. */
  public long refused() {
    return refused.sum();
  }

  /** Connections closed since start because headers or a body came too slowly. */
  public long timedOut() {
    return timedOut.sum();
  }

  /** Addresses holding connections now (the size of the cap's map). */
  public int addresses() {
    return openByAddress.size();
  }

  /**
   * The guard of one event loop's server: call {@link Door#opened} first from the connection
   * handler, and hand requests through {@link Door#requests}. {@code closed} runs when a connection
   * closes (the connection meters).
   */
  public Door door(Vertx vertx, Runnable closed) {
    return new Door(vertx, closed);
  }

  /** One event loop's connections; touched on that loop only. */
  public final class Door {
    private final Vertx vertx;
    private final Runnable closed;
    private final Map<HttpConnection, Conn> conns = new IdentityHashMap<>();
    private final long sweep;

    private Door(Vertx vertx, Runnable closed) {
      this.vertx = vertx;
      this.closed = closed;
      this.sweep = vertx.setPeriodic(SWEEP_MILLIS, id -> sweep(System.nanoTime()));
    }

    /** Stops the sweep (the server is closing). */
    public void close() {
      vertx.cancelTimer(sweep);
    }

    /** Counts a new connection under its address, refusing it beyond the cap. */
    public void opened(HttpConnection connection) {
      SocketAddress peer = connection.remoteAddress();
      String host = peer == null ? null : peer.hostAddress();
      boolean proxy = host != null && trusted.contains(host);
      String key = host == null || proxy ? null : ClientAddress.limitKey(host);
      Conn conn = new Conn(connection, System.nanoTime());
      conns.put(connection, conn);
      connection.closeHandler(
          v -> {
            Conn gone = conns.remove(connection);
            if (gone != null) {
              vertx.cancelTimer(gone.bodyTimer);
            }
            if (key != null) {
              openByAddress.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
            }
            closed.run();
          });
      if (key != null
          && openByAddress.merge(key, 1, Integer::sum) > limits.connectionsPerAddress()) {
        refused.increment();
        conn.refused = true;
        connection.close();
      }
    }

    /** Watches each request's body, then hands it to {@code next}. */
    public Handler<HttpServerRequest> requests(Handler<HttpServerRequest> next) {
      return req -> {
        Conn conn = conns.get(req.connection());
        if (conn != null) {
          if (conn.refused) {
            req.connection().close();
            return;
          }
          conn.served = true;
        }
        if (conn != null && !req.isEnded()) {
          // One timer per connection at most: a next request means this body had ended. Not the
          // request's end() future, which left requests unanswered now and then.
          vertx.cancelTimer(conn.bodyTimer);
          conn.bodyTimer =
              vertx.setTimer(
                  deadlineMillis(req),
                  id -> {
                    if (!req.isEnded()) {
                      timedOut.increment();
                      req.connection().close();
                    }
                  });
        }
        next.handle(req);
      };
    }

    private long deadlineMillis(HttpServerRequest req) {
      long length = -1;
      String declared = req.getHeader("Content-Length");
      if (declared != null) {
        try {
          length = Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
          length = -1;
        }
      }
      return limits.bodyDeadlineMillis(length);
    }

    private void sweep(long now) {
      long headerNanos = limits.headerTimeout().toNanos();
      List<HttpConnection> late = new ArrayList<>();
      for (Conn conn : conns.values()) {
        if (!conn.served && now - conn.openedAt > headerNanos) {
          late.add(conn.connection);
        }
      }
      for (HttpConnection c : late) {
        timedOut.increment();
        conns.remove(c);
        c.close();
      }
    }
  }

  /** One open connection: whether it is refused, whether a request has come on it. */
  private static final class Conn {
    final HttpConnection connection;
    final long openedAt;
    boolean refused;
    boolean served;
    long bodyTimer = -1;

    Conn(HttpConnection connection, long openedAt) {
      this.connection = connection;
      this.openedAt = openedAt;
    }
  }
}
