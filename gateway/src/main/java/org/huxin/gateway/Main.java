package org.huxin.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Clock;
import java.util.Locale;
import org.huxin.engine.store.Store;
import org.huxin.gateway.config.GatewayConfig;
import org.huxin.gateway.demo.DemoCity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a gateway node.
 *
 * <ul>
 *   <li>{@code serve}: on the configured PostgreSQL ({@code PG_URL}) or the embedded one.
 *   <li>{@code demo}: the same, after seeding a demo city with an open window (once), and prints
 *       the addresses, some student access codes and the staff logins.
 * </ul>
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    String command = args.length == 0 ? "serve" : args[0].toLowerCase(Locale.ROOT);
    switch (command) {
      case "serve" -> run(false);
      case "demo" -> run(true);
      default -> {
        System.err.println("usage: huxin-gateway serve|demo   (configuration: see README.md)");
        System.exit(2);
      }
    }
  }

  private static void run(boolean demo) {
    GatewayConfig config = GatewayConfig.fromEnv(System.getenv());
    Clock clock = Clock.systemUTC();
    Store store = Store.open(config.store());
    DemoCity.Printout printout = demo ? DemoCity.seedOnce(store, config, clock) : null;

    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(config.eventLoops()));
    GatewayApp app;
    try {
      app =
          GatewayApp.start(vertx, config, store, clock)
              .toCompletionStage()
              .toCompletableFuture()
              .join();
    } catch (RuntimeException e) {
      LOG.error("gateway failed to start: {}", e.getMessage());
      vertx.close();
      store.close();
      System.exit(1);
      return;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("shutting down: no new requests, draining the result writer");
                  app.close().toCompletionStage().toCompletableFuture().join();
                  vertx.close().toCompletionStage().toCompletableFuture().join();
                  store.close();
                  LOG.info("stopped");
                },
                "huxin-shutdown"));
    LOG.info("gateway listening on {}:{}", config.httpHost(), app.port());
    if (printout != null) {
      System.out.println(printout.render(config.publicUrl()));
    }
  }
}
