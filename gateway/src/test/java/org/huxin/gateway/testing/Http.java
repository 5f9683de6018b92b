package org.huxin.gateway.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import javax.net.ssl.SSLContext;

/** A blocking HTTP client for tests, speaking to one gateway over real sockets. */
public final class Http {
  private final HttpClient client;
  private final String base;
  private final Map<String, String> cookies = new HashMap<>();

  public Http(int port) {
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    this.base = "http://127.0.0.1:" + port;
  }

  /**
   * A client of {@code base} ({@code https://host:port}, as a browser reaches a proxy) whose TLS
   * trusts what {@code tls} trusts.
   */
  public Http(String base, SSLContext tls) {
    this.client =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(tls).build();
    this.base = base;
  }

  /** Sends cookie {@code name} from now on, as a browser that holds it would (another node). */
  public Http withCookie(String name, String value) {
    cookies.put(name, value);
    return this;
  }

  /** The {@code Cookie} header this client sends (its signed-in session), for raw sockets. */
  public String cookieHeader() {
    return String.join(
        "; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
  }

  public String base() {
    return base;
  }

  public HttpResponse<String> get(String path, String... headers) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), headers);
  }

  public HttpResponse<byte[]> getBytes(String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
    withHeaders(b, headers);
    try {
      return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Opens a GET whose body keeps coming (server-sent events) and returns its lines as they arrive.
   */
  public BlockingQueue<String> lines(String path) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
    if (!cookies.isEmpty()) {
      b.header(
          "Cookie",
          String.join(
              "; ",
              cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
    }
    client
        .sendAsync(b.build(), HttpResponse.BodyHandlers.ofLines())
        .thenAcceptAsync(r -> r.body().forEach(lines::add), READER);
    return lines;
  }

  /**
   * Reads a stream's body on a thread of its own. Never the caller's: when the response headers
   * have already arrived, a plain {@code thenApply} runs its function at once on the thread that
   * attaches it, and the test then reads an endless stream instead of going on (a CI run hung so,
   * in AccountsApiTest, before it could disable the account that would end the stream).
   */
  private static final Executor READER =
      task -> {
        Thread t = new Thread(task, "test-stream-reader");
        t.setDaemon(true);
        t.start();
      };

  /** An open server-sent-events response: its lines, and whether the server ended it. */
  public record Stream(BlockingQueue<String> lines, CompletableFuture<Integer> ended) {}

  /**
   * Opens a GET whose body keeps coming, as {@link #lines}, and also tells when the server ends the
   * response ({@code ended} completes with its status).
   */
  public Stream stream(String path) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
    if (!cookies.isEmpty()) {
      b.header("Cookie", cookieHeader());
    }
    CompletableFuture<Integer> ended =
        client
            .sendAsync(b.build(), HttpResponse.BodyHandlers.ofLines())
            .thenApplyAsync(
                r -> {
                  r.body().forEach(lines::add);
                  return r.statusCode();
                },
                READER);
    return new Stream(lines, ended);
  }

  /** PUT with a JSON body. */
  public HttpResponse<String> put(String path, String json, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json));
    return send(b, headers);
  }

  /** DELETE without a body. */
  public HttpResponse<String> delete(String path, String... headers) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE(), headers);
  }

  /** POST with a JSON body. */
  public HttpResponse<String> postJson(String path, String json, String... headers) {
    return post(path, "application/json", json, headers);
  }

  public HttpResponse<String> post(
      String path, String contentType, String body, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    return send(b, headers);
  }

  private HttpResponse<String> send(HttpRequest.Builder b, String... headers) {
    withHeaders(b, headers);
    if (!cookies.isEmpty()) {
      b.header(
          "Cookie",
          String.join(
              "; ",
              cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
    }
    try {
      HttpResponse<String> response = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      for (String setCookie : response.headers().allValues("set-cookie")) {
        String pair = setCookie.split(";", 2)[0];
        int eq = pair.indexOf('=');
        cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
      return response;
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void withHeaders(HttpRequest.Builder b, String... headers) {
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
  }
}
