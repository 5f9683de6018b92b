package org.huxin.testsupport;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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

  /**
   * The first id of every id sequence of a test database. All lie above 127, where two equal {@code
   * Long}s are no longer one cached object, so an id compared by reference fails a test; and each
   * table counts in a range of its own, so a school id passed where a district, class or window id
   * belongs finds nothing.
   */
  private static final Map<String, Long> FIRST_IDS =
      Map.ofEntries(
          Map.entry("screening_window_id_seq", 150L),
          Map.entry("norm_set_id_seq", 200L),
          Map.entry("district_id_seq", 300L),
          Map.entry("rescoring_id_seq", 400L),
          Map.entry("roster_import_id_seq", 500L),
          Map.entry("staff_account_id_seq", 700L),
          Map.entry("alert_channel_id_seq", 800L),
          Map.entry("school_id_seq", 1_000L),
          Map.entry("alert_outbox_id_seq", 4_000L),
          Map.entry("school_class_id_seq", 5_000L),
          Map.entry("followup_case_id_seq", 9_000L),
          Map.entry("followup_id_seq", 12_000L),
          Map.entry("guardian_consent_id_seq", 15_000L),
          Map.entry("student_id_seq", 20_000L),
          Map.entry("alert_notification_id_seq", 100_000L),
          Map.entry("audit_id_seq", 300_000L),
          Map.entry("result_id_seq", 500_000L));

  private static EmbeddedPostgresServer server;
  private static Vertx vertx;

  private final String name;
  private final HikariDataSource dataSource;
  private Pool pool;

  private TestDatabase(String name, HikariDataSource dataSource) {
    this.name = name;
    this.dataSource = dataSource;
  }

  /** Creates database {@code test_<class>_<n>} and migrates it. */
  public static TestDatabase create(Class<?> owner) {
    TestTier.requireFull("PostgreSQL", owner, DatabaseTest.class);
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
    config.setPassword(pg.ownerPassword());
    config.setMaximumPoolSize(4);
    config.addDataSourceProperty("logServerErrorDetail", "false");
    HikariDataSource dataSource = new HikariDataSource(config);
    try {
      Store.migrate(dataSource);
      startIdsHigh(dataSource);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
    return new TestDatabase(name, dataSource);
  }

  /**
   * Restarts every id sequence of a freshly migrated, still empty database at its first test id, as
   * {@link #create} does; for tests that migrate a database of their own. Fails if a migration
   * added an id sequence that has no range here yet.
   */
  public static void startIdsHigh(DataSource dataSource) {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      Set<String> sequences = new TreeSet<>();
      try (ResultSet rs =
          s.executeQuery(
              "SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema()")) {
        while (rs.next()) {
          sequences.add(rs.getString(1));
        }
      }
      if (!sequences.equals(FIRST_IDS.keySet())) {
        Set<String> unranged = new TreeSet<>(sequences);
        unranged.removeAll(FIRST_IDS.keySet());
        Set<String> gone = new TreeSet<>(FIRST_IDS.keySet());
        gone.removeAll(sequences);
        throw new IllegalStateException(
            "TestDatabase.FIRST_IDS is out of date: give "
                + unranged
                + " a first id above 127 in a range of its own; drop "
                + gone);
      }
      for (Map.Entry<String, Long> first : FIRST_IDS.entrySet()) {
        s.execute("ALTER SEQUENCE " + first.getKey() + " RESTART WITH " + first.getValue());
      }
    } catch (SQLException e) {
      throw new IllegalStateException("restarting the id sequences of a test database", e);
    }
  }

  /** The JVM's embedded server, started on first use (never in the fast tier: {@link TestTier}). */
  public static synchronized EmbeddedPostgresServer server() {
    if (server == null) {
      TestTier.requireFull("PostgreSQL", DatabaseTest.class);
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

  /**
   * A small pool (4 connections) on this database as its owner (the superuser), for fixtures that
   * write or read past the application's grants.
   */
  public DataSource dataSource() {
    return dataSource;
  }

  /**
   * Config for {@link Store#open} pointing at this database, as a deployment with PG_URL would: the
   * application as {@value EmbeddedPostgresServer#APP_USER}, migrations as the owner.
   */
  public StoreConfig storeConfig(int poolSize) {
    EmbeddedPostgresServer pg = server();
    return StoreConfig.external(
            jdbcUrl(), EmbeddedPostgresServer.APP_USER, pg.appPassword(), poolSize)
        .withOwner(EmbeddedPostgresServer.USER, pg.ownerPassword());
  }

  /** As {@link #storeConfig(int)}, reaching the server through {@code port} on loopback. */
  public StoreConfig storeConfig(int poolSize, int port) {
    EmbeddedPostgresServer pg = server();
    return StoreConfig.external(
            "jdbc:postgresql://127.0.0.1:" + port + "/" + name,
            EmbeddedPostgresServer.APP_USER,
            pg.appPassword(),
            poolSize)
        .withOwner(EmbeddedPostgresServer.USER, pg.ownerPassword());
  }

  /**
   * The environment a gateway or command-line process needs to use this database as {@link
   * #storeConfig} does: PG_URL, PG_USER, PG_PASSWORD, PG_OWNER_USER and PG_OWNER_PASSWORD.
   */
  public Map<String, String> env() {
    EmbeddedPostgresServer pg = server();
    return Map.of(
        "PG_URL", jdbcUrl(),
        "PG_USER", EmbeddedPostgresServer.APP_USER,
        "PG_PASSWORD", pg.appPassword(),
        "PG_OWNER_USER", EmbeddedPostgresServer.USER,
        "PG_OWNER_PASSWORD", pg.ownerPassword());
  }

  /** A {@link Store} on this database with its own pool of 4; close it before this. */
  public Store openStore() {
    return Store.open(storeConfig(4));
  }

  /**
   * A reactive pool (4 connections, pipelining on) on this database as its owner, on the JVM's one
   * test {@link Vertx}; made on first use, closed by {@link #close()}. Tests of the request paths'
   * stores call them with it and {@code await()} the result.
   */
  public synchronized Pool pool() {
    if (pool == null) {
      pool = pool(server(), name);
    }
    return pool;
  }

  /**
   * A reactive pool (4 connections) on {@code database} of {@code server} as its owner, on the
   * JVM's test {@link Vertx}; the caller closes it.
   */
  public static Pool pool(EmbeddedPostgresServer server, String database) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(4).setName(database))
        .connectingTo(
            new PgConnectOptions()
                .setHost("localhost")
                .setPort(server.port())
                .setDatabase(database)
                .setUser(EmbeddedPostgresServer.USER)
                .setPassword(server.ownerPassword())
                .setCachePreparedStatements(true)
                .setPipeliningLimit(16))
        .using(vertx())
        .build();
  }

  /** The JVM's one Vert.x for tests that need one without a gateway; never closed. */
  public static synchronized Vertx vertx() {
    if (vertx == null) {
      vertx = Vertx.vertx();
    }
    return vertx;
  }

  /** Closes the pools and drops the database. */
  @Override
  public void close() {
    synchronized (this) {
      if (pool != null) {
        pool.close().await();
        pool = null;
      }
    }
    dataSource.close();
    server().dropDatabase(name);
  }
}
