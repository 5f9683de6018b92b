package org.huxin.gateway.metrics;

import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.huxin.engine.staff.StaffRole;
import org.huxin.gateway.auth.StaffAuth;
import org.huxin.gateway.auth.StaffSessions;
import org.huxin.gateway.auth.Tokens;
import org.huxin.gateway.http.ApiException;

/**
 * {@code GET /metrics}: the Prometheus text of this node, for a scraper on the same host, a scraper
 * with the bearer token {@code HUXIN_METRICS_TOKEN} (when one is set), or a live staff session (not
 * signed out, revoked or idle; nothing pending) with the {@code ops} role; anyone else gets 401 (no
 * session, or a wrong token) or 403 (another role). A central Prometheus would rather scrape the
 * management listener ({@link ManagementServer}).
 *
 * <p>A request counts as local only when it comes from a loopback address and carries no {@code
 * Forwarded}, {@code X-Forwarded-For} or {@code X-Real-IP} header: behind a reverse proxy on the
 * same host every request arrives from loopback, and the proxy marks them with those headers.
 */
public final class MetricsEndpoint implements Handler<RoutingContext> {
  private final Tokens tokens;
  private final StaffSessions sessions;
  private final Handler<RoutingContext> scrape;
  private final byte[] bearer;

  /**
   * @param bearer the token a scraper may present as {@code Authorization: Bearer …}; null when
   *     none may
   */
  public MetricsEndpoint(
      GatewayMetrics metrics, Tokens tokens, StaffSessions sessions, byte[] bearer) {
    this.tokens = tokens;
    this.sessions = sessions;
    this.scrape = PrometheusScrapingHandler.create(metrics.registry());
    this.bearer = bearer == null ? null : bearer.clone();
  }

  @Override
  public void handle(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("Authorization");
    if (authorization != null) {
      if (bearer != null && presents(authorization, bearer)) {
        scrape.handle(ctx);
      } else {
        ctx.fail(new ApiException(401, "not_signed_in", "Wrong or unknown metrics token."));
      }
      return;
    }
    if (isLocal(ctx.request())) {
      scrape.handle(ctx);
      return;
    }
    Cookie cookie = ctx.request().getCookie(StaffAuth.COOKIE);
    if (cookie == null) {
      ctx.fail(
          new ApiException(
              401, "not_signed_in", "Metrics are for ops: sign in or scrape locally."));
      return;
    }
    tokens
        .verifyStaff(cookie.getValue())
        .compose(p -> sessions.check(p).map(p))
        .onFailure(e -> ctx.fail(new ApiException(401, "not_signed_in", "Please sign in.")))
        .onSuccess(
            p -> {
              if (p.role() == StaffRole.OPS && p.pending() == null) {
                scrape.handle(ctx);
              } else {
                ctx.fail(new ApiException(403, "forbidden", "Metrics are for the ops role."));
              }
            });
  }

  /** Whether {@code authorization} is {@code Bearer <token>}, compared in constant time. */
  static boolean presents(String authorization, byte[] token) {
    String prefix = "Bearer ";
    if (!authorization.regionMatches(true, 0, prefix, 0, prefix.length())) {
      return false;
    }
    byte[] given = authorization.substring(prefix.length()).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, token);
  }

  /** From loopback and not relayed by a proxy. */
  static boolean isLocal(HttpServerRequest request) {
    if (request.getHeader("Forwarded") != null
        || request.getHeader("X-Forwarded-For") != null
        || request.getHeader("X-Real-IP") != null) {
      return false;
    }
    SocketAddress remote = request.remoteAddress();
    String ip = remote == null ? null : remote.hostAddress();
    return ip != null
        && (ip.startsWith("127.")
            || ip.equals("::1")
            || ip.equals("0:0:0:0:0:0:0:1")
            || ip.startsWith("::ffff:127."));
  }
}
