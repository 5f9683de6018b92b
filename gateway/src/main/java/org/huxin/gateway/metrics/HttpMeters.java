package org.huxin.gateway.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests and connections of the HTTP server, metered per route template: {@code
 * huxin_http_server_requests_seconds{route,method,code}} (count, sum, max and SLO buckets) and
 * {@code huxin_http_server_connections}.
 *
 * <p>These replace Vert.x's own HTTP server meters, which build and look up four tagged meters per
 * request: on the login storm that was a tenth of the gateway's CPU. Here a route's meters are
 * resolved once, when the route is declared ({@link #route}), and a request costs one scan of that
 * route's few (method, status) pairs and one timer record.
 *
 * <p>{@link #timing()} must run first on every request; {@link #route} marks the route that handled
 * it. A request no marked route took (a 404, say) is counted under route {@code none}.
 */
public final class HttpMeters {
  private static final String NAME = "huxin.http.server.requests";
  private static final String ROUTE = "huxin.http.route";
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");
  private static final Duration[] SLO = {
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5)
  };

  private final MeterRegistry registry;
  private final RouteMeters unmatched;
  private final AtomicLong connections = new AtomicLong();

  HttpMeters(MeterRegistry registry) {
    this.registry = registry;
    this.unmatched = new RouteMeters("none");
    Gauge.builder("huxin.http.server.connections", connections, AtomicLong::get)
        .description("Open HTTP connections on this node (each holds a file of the process)")
        .register(registry);
  }

  /** Starts the clock of a request; mount on every path before any other handler. */
  public Handler<RoutingContext> timing() {
    return ctx -> {
      long start = System.nanoTime();
      ctx.addEndHandler(
          done -> {
            RouteMeters route = ctx.get(ROUTE);
            (route == null ? unmatched : route)
                .timer(methodOf(ctx), ctx.response().getStatusCode())
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
          });
      ctx.next();
    };
  }

  /** The request's method, or {@code other} for one outside HTTP's usual few (a bounded label). */
  private static String methodOf(RoutingContext ctx) {
    String method = ctx.request().method().name();
    return METHODS.contains(method) ? method : "other";
  }

  /**
   * A handler to put first on the route declared as {@code template}: it labels the request with
   * that template, never with the raw path.
   */
  public PlatformHandler route(String template) {
    return new RouteLabel(new RouteMeters(template));
  }

  /**
   * Labels a request with its route. A platform handler, since Vert.x Web lets nothing of a lower
   * kind (body, authentication, the endpoint) run before one.
   */
  private record RouteLabel(RouteMeters meters) implements PlatformHandler {
    @Override
    public void handle(RoutingContext ctx) {
      ctx.put(ROUTE, meters);
      ctx.next();
    }
  }

  /** Counts a connection opened; {@link #connectionClosed} when it closes. */
  public void connectionOpened() {
    connections.incrementAndGet();
  }

  /** Counts a connection closed; the HTTP server's connection guard calls it. */
  public void connectionClosed() {
    connections.decrementAndGet();
  }

  /**
   * The timers of one route, by method and status. A route sees a handful of pairs, so a
   * copy-on-write array scanned in order beats a map, and a request allocates nothing to find its
   * timer.
   */
  private final class RouteMeters {
    private final String template;
    private volatile Entry[] entries = new Entry[0];

    RouteMeters(String template) {
      this.template = template;
    }

    Timer timer(String method, int status) {
      for (Entry e : entries) {
        if (e.status == status && e.method.equals(method)) {
          return e.timer;
        }
      }
      return add(method, status);
    }

    private synchronized Timer add(String method, int status) {
      for (Entry e : entries) {
        if (e.status == status && e.method.equals(method)) {
          return e.timer;
        }
      }
      Timer timer =
          Timer.builder(NAME)
              .description("HTTP requests by route template, method and status")
              .tag("route", template)
              .tag("method", method)
              .tag("code", Integer.toString(status))
              .serviceLevelObjectives(SLO)
              .register(registry);
      Entry[] grown = Arrays.copyOf(entries, entries.length + 1);
      grown[entries.length] = new Entry(method, status, timer);
      entries = grown;
      return timer;
    }
  }

  private record Entry(String method, int status, Timer timer) {}
}
