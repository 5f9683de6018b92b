package org.huxin.gateway.attacks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Requests an attacker sends: any method, any headers, no cookie jar, and a time limit, so that a
 * stream that wrongly opens fails the test instead of hanging it.
 */
final class Raw {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Raw() {}

  /**
   * Sends {@code method path} to the gateway on {@code port}; a JSON {@code body} (or an empty one
   * for a non-GET when null) and {@code headers} as name, value pairs.
   */
  static HttpResponse<String> send(
      int port, String method, String path, String body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (method.equals("GET")) {
      b.GET();
    } else {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body == null ? "{}" : body));
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    // The limit covers the whole body: the client's own timeout stops at the headers.
    CompletableFuture<HttpResponse<String>> answer =
        CLIENT.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
    try {
      return answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw new AssertionError(method + " " + path + " did not finish within " + TIMEOUT, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(method + " " + path, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The status of a GET whose body may never end (an event stream): the body is not read, only the
   * status line and headers are waited for.
   */
  static int status(int port, String path, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(TIMEOUT)
            .GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<java.io.InputStream> r =
          CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      r.body().close();
      return r.statusCode();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("GET " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
