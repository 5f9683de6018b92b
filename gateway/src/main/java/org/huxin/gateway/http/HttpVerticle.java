package org.huxin.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import org.huxin.gateway.Services;

/**
 * One HTTP server instance. A node deploys one per event loop; Vert.x shares the listening socket
 * between them and spreads connections across the loops.
 */
public final class HttpVerticle extends VerticleBase {
  private final Services services;
  private final String host;
  private final int port;
  private final boolean secureCookies;
  private HttpServer server;

  public HttpVerticle(Services services, String host, int port, boolean secureCookies) {
    this.services = services;
    this.host = host;
    this.port = port;
    this.secureCookies = secureCookies;
  }

  @Override
  public Future<?> start() {
    server =
        vertx.createHttpServer(
            new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setTcpNoDelay(true)
                .setIdleTimeout(120)
                .setMaxFormAttributeSize(Routes.BODY_LIMIT));
    return server.requestHandler(Routes.build(vertx, services, secureCookies)).listen();
  }

  @Override
  public Future<?> stop() {
    return server.close();
  }
}
