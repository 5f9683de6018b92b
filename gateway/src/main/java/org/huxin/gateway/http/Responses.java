package org.huxin.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writing JSON answers and JSON errors in one shape. */
public final class Responses {
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");

  private Responses() {}

  /** 200 with {@code body}; API answers are never cached. */
  public static Future<Void> json(RoutingContext ctx, JsonObject body) {
    return json(ctx, 200, body);
  }

  public static Future<Void> json(RoutingContext ctx, int status, JsonObject body) {
    HttpServerResponse response = ctx.response();
    return response
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
        .putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE)
        .end(body.toBuffer());
  }

  /** The error answer for {@code e}. */
  public static Future<Void> error(RoutingContext ctx, ApiException e) {
    if (e.retryAfterSeconds() > 0) {
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Integer.toString(e.retryAfterSeconds()));
    }
    return json(ctx, e.status(), e.body());
  }

  /** 200 with a JSON body already encoded; like {@link #json}, never cached. */
  public static Future<Void> encoded(RoutingContext ctx, Buffer body) {
    return ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
        .putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE)
        .end(body);
  }

  /** A JSON body of bytes already encoded (cached documents). */
  public static Future<Void> bytes(RoutingContext ctx, Buffer body) {
    return ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body);
  }
}
