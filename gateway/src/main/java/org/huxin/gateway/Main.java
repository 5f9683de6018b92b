package org.huxin.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.huxin.engine.store.Store;
import org.huxin.gateway.cluster.Cluster;
import org.huxin.gateway.cluster.SerialFilter;
import org.huxin.gateway.config.GatewayConfig;
import org.huxin.gateway.demo.DemoCity;
import org.huxin.gateway.http.Readiness;
import org.huxin.gateway.metrics.GatewayMetrics;
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
  /**
   * With fewer than 3 cores the JDK's common pool has a parallelism of 1, and then every
   * CompletableFuture callback without an executor, Hazelcast's included, runs on a new thread of
   * its own: on a 2-core node each draft save and login counter started a thread, and a two-node
   * cluster served 340 drafts/s where one node served 1,800. Set before anything touches the pool.
   */
  private static final String COMMON_POOL_PARALLELISM =
      "java.util.concurrent.ForkJoinPool.common.parallelism";

  static {
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
      System.setProperty(
          COMMON_POOL_PARALLELISM,
          Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors() - 1)));
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  private static <T> T join(io.vertx.core.Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().join();
  }

  public static void main(String[] args) {
    String logFormat = System.getenv().getOrDefault("HUXIN_LOG_FORMAT", "text");
    if (!logFormat.equals("text") && !logFormat.equals("json")) {
      // logback would log nothing at all with an appender it does not know
      System.err.println("huxin: HUXIN_LOG_FORMAT must be text or json, got '" + logFormat + "'");
      System.exit(2);
      return;
    }
    SerialFilter.install();
    String command = args.length == 0 ? "serve" : args[0].toLowerCase(Locale.ROOT);
    Map<String, String> env;
    try {
      env =
          withFlags(
              System.getenv(), Arrays.copyOfRange(args, Math.min(1, args.length), args.length));
    } catch (IllegalArgumentException e) {
      System.err.println("huxin: " + e.getMessage());
      System.exit(2);
      return;
    }
    switch (command) {
      case "serve" -> run(env, false);
      case "demo" -> run(env, true);
      case "db" -> database(env);
      default -> {
        System.err.println(
            "usage: huxin-gateway serve|demo|db [--http-port N] [--cluster [--cluster-port N]"
                + " [--members host:port,...]]   (configuration: see README.md)");
        System.exit(2);
      }
    }
  }

  /**
   * The environment with command-line flags laid over it: {@code --http-port}, {@code --cluster}
   * (join the members of {@code --members}, default three on 127.0.0.1:5701–5703) and {@code
   * --cluster-port} (this member's port).
   */
  static Map<String, String> withFlags(Map<String, String> env, String[] flags) {
    Map<String, String> out = new HashMap<>(env);
    boolean cluster = false;
    for (int i = 0; i < flags.length; i++) {
      String flag = flags[i];
      if (flag.equals("--cluster")) {
        cluster = true;
        continue;
      }
      if (i + 1 >= flags.length) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      String value = flags[++i];
      switch (flag) {
        case "--http-port" -> out.put("HUXIN_HTTP_PORT", value);
        case "--cluster-port" -> out.put("HUXIN_CLUSTER_PORT", value);
        case "--members" -> out.put("HUXIN_CLUSTER_MEMBERS", value);
        default -> throw new IllegalArgumentException("unknown flag " + flag);
      }
    }
    if (cluster) {
      out.putIfAbsent("HUXIN_CLUSTER_MEMBERS", "127.0.0.1:5701,127.0.0.1:5702,127.0.0.1:5703");
    }
    return out;
  }

  /**
   * Runs only the embedded PostgreSQL (data in {@code HUXIN_HOME/pgdata}) until stopped, so several
   * gateway nodes on one machine can share it through {@code PG_URL}.
   */
  private static void database(Map<String, String> env) {
    GatewayConfig config = GatewayConfig.fromEnv(env);
    if (!config.store().embedded()) {
      System.err.println("huxin db: PG_URL is set; there is no embedded PostgreSQL to start");
      System.exit(2);
    }
    Store store = Store.open(config.store());
    Runtime.getRuntime().addShutdownHook(new Thread(store::close, "huxin-db-shutdown"));
    String port = env.getOrDefault("HUXIN_PG_PORT", "54329");
    java.nio.file.Path data = config.store().embeddedDataDir();
    System.out.println(
        "embedded PostgreSQL is running and migrated; point gateway nodes at it with\n"
            + "  PG_URL=jdbc:postgresql://localhost:"
            + port
            + "/huxin PG_USER="
            + org.huxin.engine.store.EmbeddedPostgresServer.APP_USER
            + " PG_PASSWORD_FILE="
            + org.huxin.engine.store.EmbeddedPostgresServer.appPasswordFile(data)
            + " \\\n  PG_OWNER_USER="
            + org.huxin.engine.store.EmbeddedPostgresServer.USER
            + " PG_OWNER_PASSWORD_FILE="
            + org.huxin.engine.store.EmbeddedPostgresServer.ownerPasswordFile(data));
    try {
      Thread.currentThread().join(); // until stopped; the shutdown hook stops PostgreSQL
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void run(Map<String, String> env, boolean demo) {
    GatewayConfig config = GatewayConfig.fromEnv(env);
    Clock clock = Clock.systemUTC();
    Store store = Store.open(config.store());
    DemoCity.Printout printout = demo ? DemoCity.seedOnce(store, config, clock) : null;

    VertxOptions options = new VertxOptions().setEventLoopPoolSize(config.eventLoops());
    GatewayMetrics metrics = GatewayMetrics.create();
    Vertx vertx = null;
    GatewayApp app;
    try {
      if (config.cluster() == null) {
        vertx = metrics.vertxBuilder(options).build();
        Readiness readiness = Readiness.awaiting(Readiness.STORE, Readiness.HTTP);
        app = join(GatewayApp.start(vertx, config, store, clock, null, metrics, readiness));
      } else {
        Readiness readiness =
            Readiness.awaiting(Readiness.STORE, Readiness.HTTP, Readiness.CLUSTER);
        Cluster.Node node =
            join(
                Cluster.start(options, config.cluster(), config.nodeName(), metrics::vertxBuilder));
        readiness.markReady(Readiness.CLUSTER);
        vertx = node.vertx();
        LOG.info(
            "joined cluster '{}' as {}:{}, event bus on port {} ({} members)",
            config.cluster().name(),
            config.cluster().host(),
            config.cluster().port(),
            config.cluster().eventBusPort(),
            node.hazelcast().getCluster().getMembers().size());
        app =
            join(
                GatewayApp.start(
                    vertx, config, store, clock, node.hazelcast(), metrics, readiness));
      }
    } catch (RuntimeException e) {
      LOG.error("gateway failed to start: {}", e.getMessage());
      if (vertx != null) {
        vertx.close();
      }
      store.close();
      System.exit(1);
      return;
    }
    Vertx started = vertx;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("shutting down: no new requests, draining the result writer");
                  app.close().toCompletionStage().toCompletableFuture().join();
                  started.close().toCompletionStage().toCompletableFuture().join();
                  store.close();
                  LOG.info("stopped");
                },
                "huxin-shutdown"));
    LOG.info(
        "gateway listening on {}:{} (common pool parallelism {})",
        config.httpHost(),
        app.port(),
        java.util.concurrent.ForkJoinPool.getCommonPoolParallelism());
    if (printout != null) {
      System.out.println(printout.render(config.publicUrl()));
    }
  }
}
