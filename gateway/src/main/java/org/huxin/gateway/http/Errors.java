package org.huxin.gateway.http;

import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one failure handler: every error leaves as {@code {"error", "message"}} JSON with the right
 * status. Unexpected exceptions are logged by type and location only and answered with a generic
 * 500, so no stack trace or request data reaches the client or the log.
 */
public final class Errors {
  private static final Logger LOG = LoggerFactory.getLogger(Errors.class);

  private Errors() {}

  public static void handle(RoutingContext ctx) {
    if (ctx.response().ended()) {
      return;
    }
    Throwable failure = ctx.failure();
    if (failure instanceof ApiException api) {
      Responses.error(ctx, api);
      return;
    }
    int status = ctx.statusCode();
    ApiException answer =
        switch (status) {
          case 400 -> ApiException.badRequest("bad_request", "The request could not be read.");
          case 401 -> new ApiException(401, "unauthorized", "Please sign in.");
          case 403 -> new ApiException(403, "forbidden", "Not allowed.");
          case 404 -> new ApiException(404, "not_found", "Nothing here.");
          case 405 ->
              new ApiException(405, "method_not_allowed", "This method is not allowed here.");
          case 413 ->
              new ApiException(413, "body_too_large", "The request body is larger than 64 KiB.");
          case 415 ->
              new ApiException(415, "unsupported_media_type", "Send the body as application/json.");
          default -> null;
        };
    if (answer == null) {
      if (failure != null) {
        StackTraceElement where =
            failure.getStackTrace().length > 0 ? failure.getStackTrace()[0] : null;
        LOG.error(
            "unhandled {} at {} on {} {}",
            failure.getClass().getName(),
            where,
            ctx.request().method(),
            ctx.normalizedPath());
      }
      answer = new ApiException(500, "internal", "Something went wrong on our side; try again.");
    }
    Responses.error(ctx, answer);
  }
}
