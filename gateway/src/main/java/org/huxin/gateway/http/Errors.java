package org.huxin.gateway.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.huxin.engine.windows.WindowTransitionException;
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

  /**
   * Answers a request the HTTP decoder could not read (a Content-Length that is no number or
   * negative, two lengths, a chunk size that is no number, a line or header past the size limit) in
   * the same JSON shape, then closes the connection: its framing cannot be trusted for a next
   * request. Mount as the server's invalid-request handler; the router never sees these requests.
   */
  public static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    ApiException answer;
    if (cause instanceof TooLongHttpLineException) {
      answer = new ApiException(414, "uri_too_long", "The request line is too long.");
    } else if (cause instanceof TooLongHttpHeaderException) {
      answer = new ApiException(431, "headers_too_large", "The request headers are too large.");
    } else {
      answer =
          ApiException.badRequest(
              "bad_request", "The request could not be read as HTTP (its length or framing).");
    }
    HttpServerResponse response = request.response();
    response
        .setStatusCode(answer.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader(HttpHeaders.CONNECTION, "close")
        .end(answer.body().toBuffer())
        .onComplete(done -> request.connection().close());
  }

  public static void handle(RoutingContext ctx) {
    if (ctx.response().ended()) {
      return;
    }
    Throwable failure = ctx.failure();
    if (failure instanceof HttpClosedException) {
      // The connection is gone (the client left, or the connection guard closed a slow one):
      // nobody to answer, and an attacker's hundreds of slow bodies must not fill the log.
      return;
    }
    if (failure instanceof ApiException api) {
      Responses.error(ctx, api);
      return;
    }
    if (failure instanceof WindowTransitionException transition) {
      // A status the window cannot move to (its own, or one its state does not lead to).
      Responses.error(ctx, new ApiException(409, "invalid_transition", transition.getMessage()));
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
