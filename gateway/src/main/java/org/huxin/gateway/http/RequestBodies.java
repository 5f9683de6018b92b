package org.huxin.gateway.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The request body of an operation, as {@link ApiContract#validator} parsed and checked it against
 * the contract: a JSON object holding only the fields the operation declares, each of the declared
 * type and length. A field the client may not send (a score, a tier, a school id) was refused there
 * rather than ignored. Checks that need more than the contract (an answer within its scale's range,
 * a window that is open) stay in the handlers and the engine.
 */
public final class RequestBodies {
  /** Context key of the validated body. */
  static final String VALIDATED = "huxin.body";

  /**
   * Context key of what to run once the body has arrived and been read (the waiting room starts
   * counting the request in flight then: {@code AdmissionControl.tracker()}).
   */
  public static final String ARRIVED = "huxin.body.arrived";

  private RequestBodies() {}

  /**
   * The validated body.
   *
   * @throws IllegalStateException when the route has no contract validator in front of it (a wiring
   *     mistake in {@code Routes}, answered 500 and logged)
   */
  public static JsonObject validated(RoutingContext ctx) {
    Object body = ctx.get(VALIDATED);
    if (!(body instanceof JsonObject object)) {
      throw new IllegalStateException(
          "no contract-validated body on " + ctx.request().method() + " " + ctx.normalizedPath());
    }
    Runnable arrived = ctx.get(ARRIVED);
    if (arrived != null) {
      arrived.run();
    }
    return object;
  }
}
