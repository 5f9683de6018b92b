package org.huxin.gateway.http;

import io.vertx.ext.web.RoutingContext;

/** Query parameters read the one way every endpoint answers a bad one: 400 {@code bad_param}. */
public final class QueryParams {

  private QueryParams() {}

  /** The positive whole number in {@code name}, or null when it is absent or empty. */
  public static Long positiveLong(RoutingContext ctx, String name) {
    String value = ctx.request().getParam(name);
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      long parsed = Long.parseLong(value);
      if (parsed < 1) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(
          "bad_param", "Query parameter '" + name + "' must be a positive whole number.");
    }
  }
}
