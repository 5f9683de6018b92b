package org.huxin.gateway.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Reading request bodies strictly: a JSON object with only the fields the endpoint knows. A field
 * the client may not send (a score, a tier, a school id) is refused rather than ignored.
 */
public final class RequestBodies {
  private RequestBodies() {}

  /** The body as a JSON object holding no field outside {@code allowed}. */
  public static JsonObject object(RoutingContext ctx, String... allowed) {
    Buffer raw = ctx.body().buffer();
    if (raw == null || raw.length() == 0) {
      throw ApiException.badRequest("empty_body", "The request has no body; send a JSON object.");
    }
    Object parsed;
    try {
      parsed = raw.toJsonValue();
    } catch (DecodeException e) {
      throw ApiException.badRequest("malformed_json", "The body is not valid JSON.");
    }
    if (!(parsed instanceof JsonObject body)) {
      throw ApiException.badRequest("malformed_json", "The body must be a JSON object.");
    }
    Set<String> known = Set.of(allowed);
    for (String field : body.fieldNames()) {
      if (!known.contains(field)) {
        throw ApiException.badRequest(
            "unknown_field", "Field '" + truncate(field) + "' is not accepted here.");
      }
    }
    return body;
  }

  /** A required string field of at most {@code maxLength} characters. */
  public static String string(JsonObject body, String field, int maxLength) {
    Object value = body.getValue(field);
    if (value == null) {
      throw ApiException.badRequest("missing_field", "Field '" + field + "' is required.");
    }
    if (!(value instanceof String s)) {
      throw ApiException.badRequest("wrong_type", "Field '" + field + "' must be a string.");
    }
    if (s.isBlank() || s.length() > maxLength) {
      throw ApiException.badRequest(
          "bad_field", "Field '" + field + "' must be 1 to " + maxLength + " characters.");
    }
    return s;
  }

  private static String truncate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}
