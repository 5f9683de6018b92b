package org.huxin.engine.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One JSON POST to a channel over {@link HttpClient}, with connect and request timeouts, no
 * redirects (a redirect could carry the key elsewhere) and answers read up to 16 KiB. Failures
 * become {@link SendFailure}s that name the kind of failure only, never the URL.
 */
final class WebhookPost {

  /** The most of an answer read; robots answer a few dozen bytes. */
  static final int MAX_ANSWER = 16 * 1024;

  static final ObjectMapper JSON = new ObjectMapper();

  /** What the channel answered. */
  record Answer(int status, String body) {
    boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  private final HttpClient client;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final boolean allowHttp;

  WebhookPost(Duration connectTimeout, Duration requestTimeout, boolean allowHttp) {
    this.connectTimeout = connectTimeout;
    this.requestTimeout = requestTimeout;
    this.allowHttp = allowHttp;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** POSTs {@code body} as JSON to {@code url} with {@code headers}. */
  CompletableFuture<Answer> post(String url, Object body, Map<String, String> headers) {
    URI uri;
    String json;
    try {
      uri = ChannelUrl.check(url, allowHttp);
      json = JSON.writeValueAsString(body);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new SendFailure("refused: " + e.getMessage()));
    } catch (JsonProcessingException e) {
      return CompletableFuture.failedFuture(new SendFailure("the message could not be written"));
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(requestTimeout)
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    headers.forEach(request::header);
    return client
        .sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
        .thenApply(WebhookPost::read)
        .exceptionallyCompose(e -> CompletableFuture.failedFuture(describe(e)));
  }

  /** The {@code errcode} of a robot's JSON answer: 0 is success; anything else a failure. */
  static void requireErrcodeZero(Answer answer) {
    if (answer.status() != 200) {
      throw new SendFailure("HTTP " + answer.status());
    }
    JsonNode tree;
    try {
      tree = JSON.readTree(answer.body());
    } catch (JsonProcessingException e) {
      throw new SendFailure("HTTP 200 without a JSON answer");
    }
    JsonNode code = tree == null ? null : tree.get("errcode");
    if (code == null || !code.canConvertToLong()) {
      throw new SendFailure("HTTP 200 without an errcode");
    }
    if (code.asLong() != 0) {
      String message = tree.path("errmsg").asText("");
      throw new SendFailure("errcode " + code.asLong() + ": " + clip(message, 120));
    }
  }

  private static Answer read(HttpResponse<InputStream> response) {
    try (InputStream in = response.body()) {
      byte[] bytes = in.readNBytes(MAX_ANSWER);
      return new Answer(response.statusCode(), new String(bytes, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new SendFailure("HTTP " + response.statusCode() + ", answer unreadable");
    }
  }

  private SendFailure describe(Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof SendFailure failure) {
      return failure;
    }
    if (cause instanceof HttpConnectTimeoutException) {
      return new SendFailure("no connection within " + connectTimeout.toSeconds() + " s");
    }
    if (cause instanceof HttpTimeoutException) {
      return new SendFailure("no answer within " + requestTimeout.toSeconds() + " s");
    }
    if (cause instanceof ConnectException) {
      return new SendFailure("connection refused or unreachable");
    }
    if (cause instanceof IOException) {
      return new SendFailure("I/O error (" + cause.getClass().getSimpleName() + ")");
    }
    return new SendFailure("send failed (" + cause.getClass().getSimpleName() + ")");
  }

  /** {@code text} on one line, at most {@code max} characters. */
  static String clip(String text, int max) {
    String line = text.replaceAll("\\s+", " ").strip();
    return line.length() <= max ? line : line.substring(0, max - 1) + "…";
  }
}
