package org.huxin.testsupport;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.huxin.engine.store.EmbeddedPostgresServer;
import org.huxin.engine.store.Store;
import org.huxin.engine.store.StoreConfig;

/**
 * A fresh, migrated database for one test class on the JVM's one embedded PostgreSQL (started on
 * first use in a temporary folder on a free port; {@link EmbeddedPostgresServer#startTemporary}
 * stops it and deletes the folder in a JVM shutdown hook). Use it from {@code @BeforeAll} and close
 * it in {@code @AfterAll}; closing drops the database.
 *
 * <pre>{@code
 * static TestDatabase db;
 * @BeforeAll static void createDatabase() { db = TestDatabase.create(MyTest.class); }
 * @AfterAll static void dropDatabase() { db.close(); }
 * }</pre>
 */
public final class TestDatabase implements AutoCloseable {

  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static EmbeddedPostgresServer server;

  private final String name;
  private final HikariDataSource dataSource;

  private TestDatabase(String name, HikariDataSource dataSource) {
    this.name = name;
    this.dataSource = dataSource;
  }

  /** Creates database {@code test_<class>_<n>} and migrates it. */
  public static TestDatabase create(Class<?> owner) {
    String base = owner.getSimpleName().replaceAll("([a-z0-9])([A-Z])", "$1_$2");
    base = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    String suffix = "_" + SEQUENCE.incrementAndGet();
    String name = "test_" + base.substring(0, Math.min(base.length(), 50)) + suffix;
    EmbeddedPostgresServer pg = server();
    pg.createDatabaseIfMissing(name);
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl(pg.jdbcUrl(name));
    config.setUsername(EmbeddedPostgresServer.USER);
    config.setMaximumPoolSize(4);
    config.addDataSourceProperty("logServerErrorDetail", "false");
    HikariDataSource dataSource = new HikariDataSource(config);
    try {
      Store.migrate(dataSource);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
    return new TestDatabase(name, dataSource);
  }

  /** The JVM's embedded server, started on first use. */
  public static synchronized EmbeddedPostgresServer server() {
    if (server == null) {
      server = EmbeddedPostgresServer.startTemporary();
    }
    return server;
  }

  public String name() {
    return name;
  }

  public String jdbcUrl() {
    return server().jdbcUrl(name);
  }

  /** A small pool (4 connections) on this database. */
  public DataSource dataSource() {
    return dataSource;
  }

  /** Config for {@link Store#open} pointing at this database, as a deployment with PG_URL would. */
  public StoreConfig storeConfig(int poolSize) {
    return StoreConfig.external(jdbcUrl(), EmbeddedPostgresServer.USER, null, poolSize);
  }

  /** A {@link Store} on this database with its own pool of 4; close it before this. */
  public Store openStore() {
    return Store.open(storeConfig(4));
  }

  /** Closes the pool and drops the database. */
  @Override
  public void close() {
    dataSource.close();
    server().dropDatabase(name);
  }
}
