package org.huxin.gateway.attacks;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.List;
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

  /** POSTs {@code json} to {@code path} from source {@code source}. */
  Future<Answer> post(int source, String path, String json) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost("127.0.0.1")
            .setPort(port)
            .setURI(path)
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

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    await(vertx.close());
  }
}
