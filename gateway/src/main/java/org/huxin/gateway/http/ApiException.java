package org.huxin.gateway.http;

import io.vertx.core.json.JsonObject;

/**
 * A failure the client is told about: an HTTP status, a stable machine code and a sentence a person
 * can act on. Extra fields (for example the scale and item of a rejected answer) go in {@code
 * details}. Never carries a stack trace to the client.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final transient JsonObject details;
  private final int retryAfterSeconds;

  public ApiException(int status, String code, String message) {
    this(status, code, message, null, 0);
  }

  public ApiException(
      int status, String code, String message, JsonObject details, int retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** The JSON body: {@code {"error": code, "message": …, …details}}. */
  public JsonObject body() {
    JsonObject body = new JsonObject().put("error", code).put("message", getMessage());
    if (details != null) {
      body.mergeIn(details);
    }
    return body;
  }

  public static ApiException badRequest(String code, String message) {
    return new ApiException(400, code, message);
  }

  public static ApiException unprocessable(String message, JsonObject details) {
    return new ApiException(422, "invalid_answer", message, details, 0);
  }

  public static ApiException unavailable(String code, String message, int retryAfterSeconds) {
    return new ApiException(503, code, message, null, retryAfterSeconds);
  }
}
