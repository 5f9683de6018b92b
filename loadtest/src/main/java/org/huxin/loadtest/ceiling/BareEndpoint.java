package org.huxin.loadtest.ceiling;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.TimeUnit;

/**
 * The ceiling: a bare Vert.x HTTP server, two verticle instances on {@code 127.0.0.1}, answering
 * every request (any method, any path) with the same 60-byte JSON body. It holds no Huxin code, so
 * what a load generator gets out of it is the most this machine and that generator can do over
 * HTTP; {@code scripts/ceiling.sh} compares the real login endpoint with it. Prints {@code BARE
 * ready port=N} once listening and closes Vert.x on SIGTERM.
 *
 * <pre>
 * java -Xmx256m -XX:+UseParallelGC -cp loadtest/target/classes:gateway/target/huxin-gateway.jar \
 *     org.huxin.loadtest.ceiling.BareEndpoint --port 18399
 * </pre>
 */
public final class BareEndpoint {
  /** Event loops serving HTTP, as in the ceiling figure of MEASURED.md. */
  static final int INSTANCES = 2;

  /** The constant answer: 60 bytes, about the size of a small API reply. */
  static final Buffer BODY =
      Buffer.buffer("{\"ok\":true,\"service\":\"bare-vertx\",\"note\":\"constant body...\"}");

  private BareEndpoint() {}

  public static void main(String[] args) {
    int port = port(args);
    Vertx vertx = Vertx.vertx();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    vertx
                        .close()
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
                  } catch (Exception e) {
                    System.err.println("BARE could not close Vert.x cleanly: " + e);
                  }
                },
                "bare-shutdown"));
    vertx
        .deployVerticle(() -> new Server(port), new DeploymentOptions().setInstances(INSTANCES))
        .onSuccess(id -> System.out.println("BARE ready port=" + port))
        .onFailure(
            e -> {
              System.err.println("BARE could not listen on 127.0.0.1:" + port + ": " + e);
              System.exit(1);
            });
  }

  private static int port(String[] args) {
    if (args.length != 2 || !args[0].equals("--port")) {
      throw new IllegalArgumentException("usage: BareEndpoint --port N (1..65535)");
    }
    int port;
    try {
      port = Integer.parseInt(args[1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--port must be a whole number, got '" + args[1] + "'", e);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("--port must be 1..65535, got " + port);
    }
    return port;
  }

  /** One instance of the server; Vert.x shares the listening socket between the instances. */
  private static final class Server extends VerticleBase {
    private final int port;
    private final MultiMap headers =
        MultiMap.caseInsensitiveMultiMap()
            .add(HttpHeaders.CONTENT_TYPE, "application/json")
            .add(HttpHeaders.CONTENT_LENGTH, Integer.toString(BODY.length()));
    private HttpServer server;

    Server(int port) {
      this.port = port;
    }

    @Override
    public Future<?> start() {
      server =
          vertx.createHttpServer(
              new HttpServerOptions().setHost("127.0.0.1").setPort(port).setTcpNoDelay(true));
      return server
          .requestHandler(
              request -> {
                var response = request.response();
                response.headers().addAll(headers);
                response.end(BODY);
              })
          .listen();
    }

    @Override
    public Future<?> stop() {
      return server.close();
    }
  }
}
