package org.huxin.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import org.huxin.gateway.Services;
import org.huxin.gateway.admission.AdmissionControl;

/**
 * One HTTP server instance. A node deploys one per event loop; Vert.x shares the listening socket
 * between them and spreads connections across the loops.
 */
public final class HttpVerticle extends VerticleBase {
  private final Services services;
  private final String host;
  private final int port;
  private final boolean secureCookies;
  private final boolean http2Cleartext;
  private HttpServer server;
  private long lagTimer;

  /**
   * @param http2Cleartext whether h2c is accepted ({@code HUXIN_HTTP2_CLEARTEXT})
   */
  public HttpVerticle(
      Services services, String host, int port, boolean secureCookies, boolean http2Cleartext) {
    this.services = services;
    this.host = host;
    this.port = port;
    this.secureCookies = secureCookies;
    this.http2Cleartext = http2Cleartext;
  }

  @Override
  public Future<?> start() {
    server =
        vertx.createHttpServer(
            new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setTcpNoDelay(true)
                .setHttp2ClearTextEnabled(http2Cleartext)
                .setIdleTimeout(120)
                .setMaxFormAttributeSize(Routes.BODY_LIMIT));
    lagTimer = watchLag(services.admission());
    return server
        .connectionHandler(services.metrics().http()::connectionOpened)
        .invalidRequestHandler(Errors::invalidRequest)
        .requestHandler(Routes.build(vertx, services, secureCookies))
        .listen();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(lagTimer);
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
