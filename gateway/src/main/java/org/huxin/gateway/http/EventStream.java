package org.huxin.gateway.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * A server-sent-events response, opened the one way every live view opens it: headers that keep
 * proxies from buffering it, out of the waiting room's count of requests in flight, a comment line
 * every 15 s so idle connections stay up, and one close handler that runs every clean-up given to
 * {@link #onClose}: a response keeps a single close handler, so owners that each set their own (the
 * crisis feed and the heartbeat did) replace one another's. When the request's authentication put a
 * {@link SessionWatch} on the context, the stream also ends when that session is revoked (logout, a
 * disabled account, a changed scope), on every node that holds one of its streams.
 *
 * <p>Used on its event loop only.
 */
public final class EventStream {
  private static final long HEARTBEAT_MS = 15_000;

  /** Context key of the {@link SessionWatch} of the request's session, if it has one. */
  public static final String SESSION_WATCH = "huxin.sessionWatch";

  /** Runs {@code end} when the session behind a stream ends; returns what stops watching. */
  @FunctionalInterface
  public interface SessionWatch {
    Runnable onEnd(Runnable end);
  }

  private final HttpServerResponse response;
  private final List<Runnable> cleanUps = new ArrayList<>();
  private boolean closed;

  private EventStream(HttpServerResponse response) {
    this.response = response;
  }

  /**
   * Where a request counter (the admission control) leaves a way to stop counting a request once it
   * has become a live stream: an open console holds a connection, not work, and a few hundred of
   * them must not fill the door through which students are admitted.
   */
  public static final String STOP_COUNTING = "huxin.stream.stopCounting";

  /** Opens {@code ctx}'s response as a stream and writes {@code greeting} as its first comment. */
  public static EventStream open(RoutingContext ctx, String greeting) {
    HttpServerResponse response =
        ctx.response()
            .setChunked(true)
            .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
            .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
            .putHeader("X-Accel-Buffering", "no");
    Runnable stopCounting = ctx.get(STOP_COUNTING);
    if (stopCounting != null) {
      stopCounting.run();
    }
    EventStream stream = new EventStream(response);
    response.closeHandler(v -> stream.closed());
    response.exceptionHandler(e -> stream.closed());
    response.write(": " + greeting + "\n\n");
    long heartbeat =
        ctx.vertx()
            .setPeriodic(
                HEARTBEAT_MS,
                t -> {
                  if (!response.closed()) {
                    response.write(": keep-alive\n\n");
                  }
                });
    stream.onClose(() -> ctx.vertx().cancelTimer(heartbeat));
    SessionWatch watch = ctx.get(SESSION_WATCH);
    if (watch != null) {
      io.vertx.core.Context context = ctx.vertx().getOrCreateContext();
      stream.onClose(watch.onEnd(() -> context.runOnContext(v -> stream.end())));
    }
    return stream;
  }

  public HttpServerResponse response() {
    return response;
  }

  /** Runs {@code cleanUp} once when the stream closes or fails (at once if it already has). */
  public void onClose(Runnable cleanUp) {
    if (closed) {
      cleanUp.run();
    } else {
      cleanUps.add(cleanUp);
    }
  }

  /** Ends the response and runs the clean-ups; the browser's EventSource sees the end. */
  public void end() {
    if (!closed) {
      if (!response.ended() && !response.closed()) {
        response.end();
      }
      closed();
    }
  }

  private void closed() {
    if (!closed) {
      closed = true;
      cleanUps.forEach(Runnable::run);
    }
  }
}
