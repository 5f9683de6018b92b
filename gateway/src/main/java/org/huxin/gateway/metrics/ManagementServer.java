package org.huxin.gateway.metrics;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;
import org.huxin.gateway.config.ManagementSettings;
import org.huxin.gateway.http.Readiness;

/**
 * The management listener ({@code HUXIN_MANAGEMENT_PORT} on {@code HUXIN_MANAGEMENT_HOST}): {@code
 * GET /metrics} for a central Prometheus, with no session, and the two health checks, so a load
 * balancer and the scraper need not share the students' door. Nothing else is served there (404).
 * Bind it to an interface only the monitoring network reaches: whoever reaches it reads the
 * metrics, which carry counts and timings, never a student.
 */
public final class ManagementServer {
  private ManagementServer() {}

  /** Starts the listener; the future fails when its port cannot be bound. */
  public static Future<HttpServer> start(
      Vertx vertx, ManagementSettings settings, GatewayMetrics metrics, Readiness readiness) {
    Router router = Router.router(vertx);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(metrics.registry()));
    router.get("/health/live").handler(ctx -> ctx.response().end("ok"));
    router.get("/health/ready").handler(readiness::answer);
    return vertx
        .createHttpServer(
            new HttpServerOptions()
                .setHost(settings.host())
                .setPort(settings.port())
                .setIdleTimeout(120))
        .requestHandler(router)
        .listen();
  }
}
