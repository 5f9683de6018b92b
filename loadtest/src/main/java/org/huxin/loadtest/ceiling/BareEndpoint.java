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
 *     org.huxin.loadtest.ceiling.BareEndpoint --port 18399 [--login-sized] [--spin-us U]
 * </pre>
 *
 * <p>{@code --login-sized} and {@code --spin-us} are for experiments (see {@link Options}).
 */
public final class BareEndpoint {
  /** Event loops serving HTTP, as in the ceiling figure of MEASURED.md. */
  static final int INSTANCES = 2;

  /** The constant answer: 60 bytes, about the size of a small API reply. */
  static final Buffer BODY =
      Buffer.buffer("{\"ok\":true,\"service\":\"bare-vertx\",\"note\":\"constant body...\"}");

  private BareEndpoint() {}

  public static void main(String[] args) {
    Options options = Options.parse(args);
    int port = options.port();
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
        .deployVerticle(() -> new Server(options), new DeploymentOptions().setInstances(INSTANCES))
        .onSuccess(id -> System.out.println("BARE ready port=" + port))
        .onFailure(
            e -> {
              System.err.println("BARE could not listen on 127.0.0.1:" + port + ": " + e);
              System.exit(1);
            });
  }

  /**
   * {@code --port N}, and for experiments only (never in the ceiling itself): {@code --login-sized}
   * answers with a body and headers the size of a real login answer, and {@code --spin-us U} keeps
   * the event loop busy for U µs per request, to see how the load generator's own cost per request
   * follows the server's.
   */
  record Options(int port, boolean loginSized, int spinMicros) {
    static final String USAGE =
        "usage: BareEndpoint --port N (1..65535) [--login-sized] [--spin-us U]";

    Options {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("--port must be 1..65535, got " + port);
      }
      if (spinMicros < 0 || spinMicros > 1_000_000) {
        throw new IllegalArgumentException("--spin-us must be 0..1000000, got " + spinMicros);
      }
    }

    static Options parse(String[] args) {
      Integer port = null;
      boolean loginSized = false;
      int spin = 0;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--port" -> port = number(args, ++i, "--port");
          case "--login-sized" -> loginSized = true;
          case "--spin-us" -> spin = number(args, ++i, "--spin-us");
          default ->
              throw new IllegalArgumentException("unknown option '" + args[i] + "'; " + USAGE);
        }
      }
      if (port == null) {
        throw new IllegalArgumentException(USAGE);
      }
      return new Options(port, loginSized, spin);
    }

    private static int number(String[] args, int at, String name) {
      if (at >= args.length) {
        throw new IllegalArgumentException(name + " needs a value; " + USAGE);
      }
      try {
        return Integer.parseInt(args[at]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            name + " must be a whole number, got '" + args[at] + "'", e);
      }
    }
  }

  /**
   * A body the size and shape of a real login answer (382 bytes), with the headers a JSON answer of
   * the gateway carries.
   */
  static final Buffer LOGIN_SIZED_BODY =
      Buffer.buffer(
          "{\"token\":\"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NSIsInJvbGUiOiJzdHVkZW50"
              + "Iiwid2luIjoxLCJmb3JtIjoic2VsZiIsImJhdCI6IkpIUy1QSFEtR0FEIiwiZXhwIjoxNzk1Mzg1MDA2fQ"
              + ".abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG\",\"form\":\"self\",\"grade\":7,"
              + "\"window\":{\"id\":1,\"name\":\"Rehearsal window\",\"closesAt\":"
              + "\"2026-11-23T22:00:00Z\"},\"questionnaire\":\"/api/questionnaires/JHS/"
              + "0123456789abcdef/zh-CN\"}");

  /** One instance of the server; Vert.x shares the listening socket between the instances. */
  private static final class Server extends VerticleBase {
    private final Options options;
    private final Buffer body;
    private final MultiMap headers;
    private HttpServer server;

    Server(Options options) {
      this.options = options;
      this.body = options.loginSized() ? LOGIN_SIZED_BODY : BODY;
      this.headers =
          MultiMap.caseInsensitiveMultiMap()
              .add(HttpHeaders.CONTENT_TYPE, "application/json")
              .add(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length()));
      if (options.loginSized()) {
        headers
            .add(HttpHeaders.CACHE_CONTROL, "no-store")
            .add("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
            .add("X-Content-Type-Options", "nosniff")
            .add("X-Frame-Options", "DENY");
      }
    }

    @Override
    public Future<?> start() {
      server =
          vertx.createHttpServer(
              new HttpServerOptions()
                  .setHost("127.0.0.1")
                  .setPort(options.port())
                  .setTcpNoDelay(true));
      long spinNanos = options.spinMicros() * 1_000L;
      return server
          .requestHandler(
              request -> {
                if (spinNanos > 0) {
                  spin(spinNanos);
                }
                var response = request.response();
                response.headers().addAll(headers);
                response.end(body);
              })
          .listen();
    }

    @Override
    public Future<?> stop() {
      return server.close();
    }
  }

  /** Busy for {@code nanos}: the stand-in for a handler's own work. */
  private static void spin(long nanos) {
    long end = System.nanoTime() + nanos;
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }
}
