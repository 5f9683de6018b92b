package org.huxin.gateway;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import org.huxin.gateway.admission.AdmissionControl;
import org.huxin.gateway.http.ConnectionGuard;
import org.huxin.gateway.http.Errors;
import org.huxin.gateway.metrics.HttpMeters;

/**
 * One HTTP server instance. A node deploys one per event loop; Vert.x shares the listening socket
 * between them and spreads connections across the loops. Every connection and request passes the
 * node's {@link ConnectionGuard} first (slow headers and bodies, connections per address).
 */
public final class HttpVerticle extends VerticleBase {
  private final Services services;
  private final String host;
  private final int port;
  private final boolean secureCookies;
  private final boolean http2Cleartext;
  private final ConnectionGuard connections;
  private HttpServer server;
  private ConnectionGuard.Door door;
  private long lagTimer;

  /**
   * @param http2Cleartext whether h2c is accepted ({@code HUXIN_HTTP2_CLEARTEXT})
   * @param connections the per-address connection cap and the header and body deadlines
   */
  public HttpVerticle(
      Services services,
      String host,
      int port,
      boolean secureCookies,
      boolean http2Cleartext,
      ConnectionGuard connections) {
    this.services = services;
    this.host = host;
    this.port = port;
    this.secureCookies = secureCookies;
    this.http2Cleartext = http2Cleartext;
    this.connections = connections;
  }

  @Override
  public Future<?> start() {
    server =
        vertx.createHttpServer(
            new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setTcpNoDelay(true)
                // With h2c on (HUXIN_HTTP2_CLEARTEXT, off by default) a connection reaches the
                // ConnectionGuard only with its first request's headers, too late for their
                // deadline: only the idle timeout then closes a connection that sends nothing.
                .setHttp2ClearTextEnabled(http2Cleartext)
                .setIdleTimeout(120)
                .setMaxFormAttributeSize(Routes.BODY_LIMIT));
    lagTimer = watchLag(services.admission());
    HttpMeters meters = services.metrics().http();
    door = connections.door(vertx, meters::connectionClosed);
    return server
        .connectionHandler(
            connection -> {
              meters.connectionOpened();
              door.opened(connection);
            })
        .invalidRequestHandler(Errors::invalidRequest)
        .requestHandler(door.requests(Routes.build(vertx, services, secureCookies)))
        .listen();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(lagTimer);
    door.close();
    return server.close();
  }

  /**
   * Samples this event loop's lag every 20 ms: how late the timer fires is how busy the loop is.
   */
  private long watchLag(AdmissionControl admission) {
    long period = 20;
    long[] expected = {System.nanoTime() + period * 1_000_000};
    return vertx.setPeriodic(
        period,
        id -> {
          long now = System.nanoTime();
          admission.recordLag(Math.max(0, now - expected[0]));
          expected[0] = now + period * 1_000_000;
        });
  }
}
