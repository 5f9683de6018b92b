package org.huxin.engine.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The opened PostgreSQL store: the embedded server when the config asks for one, a HikariCP pool,
 * the schema migrated to the newest Flyway version, and the repositories over that pool. {@link
 * #close()} closes the pool, then the embedded server.
 */
public final class Store implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Store.class);

  private final EmbeddedPostgresServer embedded;
  private final HikariDataSource pool;
  private final RosterStore roster;
  private final WindowStore windows;
  private final StaffStore staff;
  private final ProgressQueries progress;
  private final AuditLog audit;
  private final AlertOutbox alerts;
  private final CrisisDrafts crisisDrafts;

  private Store(EmbeddedPostgresServer embedded, HikariDataSource pool) {
    this.embedded = embedded;
    this.pool = pool;
    this.roster = new RosterStore(pool);
    this.windows = new WindowStore(pool);
    this.staff = new StaffStore(pool);
    this.progress = new ProgressQueries(pool, windows);
    this.audit = new AuditLog(pool);
    this.alerts = new AlertOutbox(pool);
    this.crisisDrafts = new CrisisDrafts(pool);
  }

  /** Starts the embedded server if {@code config} asks for it, connects and migrates. */
  public static Store open(StoreConfig config) {
    EmbeddedPostgresServer embedded = null;
    HikariDataSource pool = null;
    try {
      String url = config.jdbcUrl();
      String user = config.user();
      if (config.embedded()) {
        embedded = EmbeddedPostgresServer.start(config.embeddedDataDir(), config.embeddedPort());
        url = embedded.jdbcUrl();
        user = EmbeddedPostgresServer.USER;
      }
      pool = pool(url, user, config.password(), config.poolSize());
      migrate(pool);
      LOG.info("store open: {}", config);
      return new Store(embedded, pool);
    } catch (RuntimeException e) {
      closeQuietly(pool, embedded, e);
      throw e;
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
  static HikariDataSource pool(String jdbcUrl, String user, String password, int size) {
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
    try {
      return new HikariDataSource(hikari);
    } catch (RuntimeException e) {
      throw new StoreException(
          "cannot connect to PostgreSQL at "
              + StoreConfig.redact(jdbcUrl)
              + ": "
              + e.getMessage()
              + "; check PG_URL, PG_USER and PG_PASSWORD",
          e);
    }
  }

  public DataSource dataSource() {
    return pool;
  }

  public RosterStore roster() {
    return roster;
  }

  public WindowStore windows() {
    return windows;
  }

  public StaffStore staff() {
    return staff;
  }

  public ProgressQueries progress() {
    return progress;
  }

  public AuditLog audit() {
    return audit;
  }

  public AlertOutbox alerts() {
    return alerts;
  }

  /** Crisis answers seen in drafts, waiting for a submit or their unsubmitted alert. */
  public CrisisDrafts crisisDrafts() {
    return crisisDrafts;
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
