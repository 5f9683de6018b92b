package org.huxin.gateway.attacks;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Clients that leave from their own loopback source addresses, {@code 127.<net>.x.y}, as students
 * or attackers on different networks would (Linux answers for all of 127/8; the load test's Gatling
 * runs bind the same way). One HTTP/1.1 client per address, with kept-alive connections, on a
 * Vert.x of its own so the gateway's event loops do not carry the clients.
 */
final class Sources implements AutoCloseable {
  /** What came back: the status, the body and the {@code Retry-After} header (or null). */
  record Answer(int status, String body, String retryAfter) {
    int retryAfterSeconds() {
      return retryAfter == null ? -1 : Integer.parseInt(retryAfter);
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final List<HttpClient> clients = new ArrayList<>();
  private final List<String> addresses = new ArrayList<>();
  private final int port;

  /** {@code count} source addresses in {@code 127.<net>.0.1} onwards, each with its client. */
  Sources(int port, int net, int count) {
    this.port = port;
    for (int i = 0; i < count; i++) {
      String address = "127." + net + "." + (i / 250) + "." + (1 + i % 250);
      addresses.add(address);
      clients.add(
          vertx
              .httpClientBuilder()
              .with(new HttpClientOptions().setLocalAddress(address).setKeepAlive(true))
              .with(new PoolOptions().setHttp1MaxSize(4))
              .build());
    }
  }

  int size() {
    return clients.size();
  }

  String address(int source) {
    return addresses.get(source);
  }

  /**
   * POSTs {@code json} to {@code path} from source {@code source}; fails if the server stays silent
   * for 30 s.
   */
  Future<Answer> post(int source, String path, String json) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost("127.0.0.1")
            .setPort(port)
            .setURI(path)
            // an answer that never comes fails this request, naming it, rather than the whole run
            .setIdleTimeout(30_000)
            .putHeader("Content-Type", "application/json");
    return clients
        .get(source)
        .request(options)
        .compose(req -> req.send(Buffer.buffer(json)))
        .compose(
            res ->
                res.body()
                    .map(
                        body ->
                            new Answer(
                                res.statusCode(), body.toString(), res.getHeader("Retry-After"))));
  }

  /** The same, waiting up to 30 s for the answer. */
  Answer postAndWait(int source, String path, String json) {
    return await(post(source, path, json));
  }

  /**
   * POSTs {@code json} to {@code path} over a new connection from {@code source} that closes after
   * the answer: one request, no pool.
   */
  static Answer postOnce(int port, String source, String path, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST "
                  + path
                  + " HTTP/1.1\r\nHost: huxin\r\nContent-Type: application/json\r\n"
                  + "Connection: close\r\nContent-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int headersEnd = answer.indexOf("\r\n\r\n");
      String[] lines = answer.substring(0, headersEnd).split("\r\n");
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      String retryAfter = null;
      for (String line : lines) {
        if (line.toLowerCase(Locale.ROOT).startsWith("retry-after:")) {
          retryAfter = line.substring(line.indexOf(':') + 1).trim();
        }
      }
      return new Answer(status, answer.substring(headersEnd + 4), retryAfter);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static <T> T await(Future<T> future) {
    return await(future, Duration.ofSeconds(30));
  }

  static <T> T await(Future<T> future, Duration within) {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(within.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    await(vertx.close());
  }
}
