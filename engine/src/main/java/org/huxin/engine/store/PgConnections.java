package org.huxin.engine.store;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The reactive client's connection settings, taken from the same JDBC URL and role as the store's
 * JDBC pool: host, port, database and {@code sslmode} of the URL's first host, the server-side
 * {@code statement_timeout}, the application name for {@code pg_stat_activity}.
 */
final class PgConnections {

  /** The name of the request paths' pool in the Vert.x pool metrics ({@code pool_name}). */
  static final String POOL_NAME = "huxin-pg";

  private PgConnections() {}

  static PgConnectOptions options(
      String jdbcUrl, String user, String password, int statementTimeoutSeconds) {
    URI uri;
    try {
      uri = new URI(firstHost(jdbcUrl.substring("jdbc:".length())));
    } catch (URISyntaxException | IndexOutOfBoundsException e) {
      throw new StoreException("PG_URL is not a PostgreSQL URL: " + StoreConfig.redact(jdbcUrl), e);
    }
    PgConnectOptions options =
        new PgConnectOptions()
            .setHost(uri.getHost() == null ? "localhost" : uri.getHost())
            .setPort(uri.getPort() < 0 ? 5432 : uri.getPort())
            .setDatabase(database(uri))
            .setCachePreparedStatements(true)
            .setPreparedStatementCacheMaxSize(512)
            .setProperties(
                Map.of(
                    "application_name",
                    "huxin",
                    "statement_timeout",
                    statementTimeoutSeconds + "s"));
    if (user != null) {
      options.setUser(user);
    }
    if (password != null) {
      options.setPassword(password);
    }
    String sslMode = queryParameter(uri, "sslmode");
    if (sslMode != null) {
      options.setSslMode(SslMode.of(sslMode));
    }
    return options;
  }

  static Pool pool(Vertx vertx, PgConnectOptions connect, PgPoolConfig config, String name) {
    PgConnectOptions options =
        new PgConnectOptions(connect).setPipeliningLimit(config.pipeliningLimit());
    PoolOptions pool =
        new PoolOptions()
            .setName(name)
            .setMaxSize(config.maxSize())
            .setMaxWaitQueueSize(config.maxWaitQueue())
            .setConnectionTimeout(config.acquireTimeoutSeconds())
            .setConnectionTimeoutUnit(TimeUnit.SECONDS);
    return PgBuilder.pool().with(pool).connectingTo(options).using(vertx).build();
  }

  /** A LISTEN connection that reconnects every second while the server is away. */
  static PgSubscriber subscriber(Vertx vertx, PgConnectOptions connect) {
    return PgSubscriber.subscriber(vertx, new PgConnectOptions(connect))
        .reconnectPolicy(attempts -> 1_000L);
  }

  /** {@code postgresql://h1:p1,h2:p2/db} keeps only {@code h1:p1}. */
  private static String firstHost(String url) {
    int start = url.indexOf("//") + 2;
    int end = url.indexOf('/', start);
    String hosts = end < 0 ? url.substring(start) : url.substring(start, end);
    int comma = hosts.indexOf(',');
    return comma < 0
        ? url
        : url.substring(0, start) + hosts.substring(0, comma) + url.substring(end);
  }

  private static String database(URI uri) {
    String path = uri.getPath();
    return path == null || path.length() <= 1 ? "postgres" : path.substring(1);
  }

  private static String queryParameter(URI uri, String name) {
    String query = uri.getQuery();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equalsIgnoreCase(name)) {
        return pair.substring(eq + 1);
      }
    }
    return null;
  }
}
