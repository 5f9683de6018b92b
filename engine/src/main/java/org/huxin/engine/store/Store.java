package org.huxin.engine.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The opened PostgreSQL store: the embedded server when the config asks for one, the schema
 * migrated to the newest Flyway version as the schema's owner, a small HikariCP pool as the
 * application's role ({@code huxin_app}, see V16__app_role.sql) for bulk work, and the reactive
 * pools of the request paths ({@link #pool}) as the same role. {@link #openForJob} opens an offline
 * job's store as the owner instead, with the job's statement timeout. {@link #close()} closes the
 * pool, then the embedded server.
 */
public final class Store implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Store.class);

  private final EmbeddedPostgresServer embedded;
  private final HikariDataSource pool;
  private final PgConnectOptions connectOptions;

  private Store(
      EmbeddedPostgresServer embedded, HikariDataSource pool, PgConnectOptions connectOptions) {
    this.embedded = embedded;
    this.pool = pool;
    this.connectOptions = connectOptions;
  }

  /**
   * Starts the embedded server if {@code config} asks for it, migrates as the owner and connects as
   * the application's role, with the request paths' statement timeout.
   */
  public static Store open(StoreConfig config) {
    return open(config, false);
  }

  /**
   * Like {@link #open} for an offline job (retention, key rotation, re-scoring, seeding): the pool
   * connects as the schema's owner, whose rights such jobs need (retention drops partitions), with
   * the jobs' longer statement timeout.
   */
  public static Store openForJob(StoreConfig config) {
    return open(config, true);
  }

  private static Store open(StoreConfig config, boolean job) {
    EmbeddedPostgresServer embedded = null;
    HikariDataSource pool = null;
    try {
      String url = config.jdbcUrl();
      String owner = config.migrationUser();
      String ownerPassword = config.migrationPassword();
      String user = config.user();
      String password = config.password();
      if (config.embedded()) {
        embedded = EmbeddedPostgresServer.start(config.embeddedDataDir(), config.embeddedPort());
        url = embedded.jdbcUrl();
        owner = EmbeddedPostgresServer.USER;
        ownerPassword = embedded.ownerPassword();
        user = EmbeddedPostgresServer.APP_USER;
        password = embedded.appPassword();
      }
      int jobTimeout = config.jobStatementTimeoutSeconds();
      int socket = jobTimeout == 0 ? 0 : Math.max(config.socketTimeoutSeconds(), jobTimeout + 30);
      try (HikariDataSource migrator = pool(url, owner, ownerPassword, 2, jobTimeout, socket)) {
        migrate(migrator);
        if (!job) {
          checkAppRole(migrator, owner, user);
        }
      }
      pool =
          job
              ? pool(url, owner, ownerPassword, config.poolSize(), jobTimeout, socket)
              : pool(
                  url,
                  user,
                  password,
                  config.poolSize(),
                  config.statementTimeoutSeconds(),
                  config.socketTimeoutSeconds());
      LOG.info("store open{}: {}", job ? " for an offline job" : "", config);
      PgConnectOptions reactive =
          job
              ? PgConnections.options(url, owner, ownerPassword, jobTimeout)
              : PgConnections.options(url, user, password, config.statementTimeoutSeconds());
      return new Store(embedded, pool, reactive);
    } catch (RuntimeException e) {
      closeQuietly(pool, embedded, e);
      throw e;
    }
  }

  /**
   * Makes sure the application's role {@code user} holds {@code huxin_app}'s grants, granting the
   * membership if the owner may; warns when the application connects as the owner itself.
   */
  private static void checkAppRole(DataSource owner, String ownerUser, String user) {
    if (user == null || user.equals(ownerUser)) {
      LOG.warn(
          "the application connects as the schema's owner ({}): it could change the audit trail;"
              + " set PG_USER to a member of huxin_app and PG_OWNER_USER to the owner",
          ownerUser);
      return;
    }
    try (Connection c = owner.getConnection()) {
      try (PreparedStatement ps =
          c.prepareStatement("SELECT pg_has_role(?, 'huxin_app', 'USAGE')")) {
        ps.setString(1, user);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getBoolean(1)) {
            return;
          }
        }
      }
      try (Statement grant = c.createStatement()) {
        grant.execute("GRANT huxin_app TO \"" + user.replace("\"", "\"\"") + "\"");
      }
    } catch (SQLException e) {
      throw new StoreException(
          "PG_USER "
              + user
              + " is not a member of the role huxin_app and the owner cannot make it one ("
              + Sql.primaryMessage(e)
              + "); as a superuser run: GRANT huxin_app TO "
              + user,
          e);
    }
  }

  /** Brings the schema behind {@code dataSource} to the newest migration in db/migration. */
  public static void migrate(DataSource dataSource) {
    try {
      Flyway.configure()
          .dataSource(dataSource)
          .locations("classpath:db/migration")
          .failOnMissingLocations(true)
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new StoreException("schema migration failed: " + e.getMessage(), e);
    }
  }

  /**
   * A HikariCP pool with the settings the store relies on: server error details (which can quote
   * row values) kept out of exception messages, and the application name set for pg_stat_activity.
   */
  static HikariDataSource pool(
      String jdbcUrl,
      String user,
      String password,
      int size,
      int statementTimeoutSeconds,
      int socketTimeoutSeconds) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("huxin-pg");
    hikari.setJdbcUrl(jdbcUrl);
    if (user != null) {
      hikari.setUsername(user);
    }
    if (password != null) {
      hikari.setPassword(password);
    }
    hikari.setMaximumPoolSize(size);
    hikari.addDataSourceProperty("logServerErrorDetail", "false");
    hikari.addDataSourceProperty("ApplicationName", "huxin");
    hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
    // The server cancels a statement that runs too long; the client gives up on a connection whose
    // server stopped answering a little later (0 = never, for jobs without a limit).
    hikari.addDataSourceProperty(
        "options", "-c statement_timeout=" + statementTimeoutSeconds + "s");
    hikari.addDataSourceProperty("socketTimeout", Integer.toString(socketTimeoutSeconds));
    hikari.addDataSourceProperty("connectTimeout", "10");
    try {
      return new HikariDataSource(hikari);
    } catch (RuntimeException e) {
      throw new StoreException(
          "cannot connect to PostgreSQL at "
              + StoreConfig.redact(jdbcUrl)
              + ": "
              + e.getMessage()
              + "; check PG_URL, PG_USER, PG_PASSWORD and PG_OWNER_USER, PG_OWNER_PASSWORD",
          e);
    }
  }

  /**
   * The JDBC pool, for what the reactive client cannot do: COPY bulk loads, the start-up roster
   * load, the offline jobs. Request paths use {@link #pool}.
   */
  public DataSource dataSource() {
    return pool;
  }

  /**
   * A reactive pool on {@code vertx} to this store as the same role as {@link #dataSource()}, for
   * the request paths: prepared statements cached, pipelining on, named {@code huxin-pg} in the
   * Vert.x pool metrics. The caller closes it before this store.
   */
  public Pool pool(Vertx vertx, PgPoolConfig config) {
    return pool(vertx, config, PgConnections.POOL_NAME);
  }

  /**
   * As {@link #pool(Vertx, PgPoolConfig)}, named {@code name} in the pool metrics: the result
   * writer has a pool of its own, so no burst of staff requests can keep a crisis result from its
   * connection.
   */
  public Pool pool(Vertx vertx, PgPoolConfig config, String name) {
    return PgConnections.pool(vertx, connectOptions, config, name);
  }

  /**
   * A {@code LISTEN} connection to this store, reconnecting on its own; the caller subscribes to
   * channels and connects it.
   */
  public PgSubscriber subscriber(Vertx vertx) {
    return PgConnections.subscriber(vertx, connectOptions);
  }

  /**
   * Closes the pool, then stops the embedded server if this store started one. Close every {@link
   * ResultWriter} on this store first, so that queued results are written.
   */
  @Override
  public void close() {
    RuntimeException failure = null;
    try {
      pool.close();
    } catch (RuntimeException e) {
      failure = e;
    }
    if (embedded != null) {
      try {
        embedded.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static void closeQuietly(
      HikariDataSource pool, EmbeddedPostgresServer embedded, RuntimeException cause) {
    try {
      if (pool != null) {
        pool.close();
      }
      if (embedded != null) {
        embedded.close();
      }
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }
}
