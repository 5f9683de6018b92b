package org.huxin.engine.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 started from the zonky binaries, listening on localhost. {@link #start}
 * keeps its data directory across restarts and commits durably (fsync, synchronous commit); {@link
 * #startTemporary} is for tests: a fresh directory, a free port, no fsync, deleted on close. Either
 * way the database {@value #DATABASE} exists once it has started.
 *
 * <p>A durable server has no shutdown hook of its own: its owner closes it after the result writer
 * has drained (a hook of the server's would race with the drain). A temporary server stops itself
 * in a shutdown hook if it is still running when the JVM exits.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  public static final String DATABASE = "huxin";
  public static final String USER = "postgres";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
  private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;
  private final Path temporaryRoot;
  private boolean closed;

  private EmbeddedPostgresServer(
      EmbeddedPostgres postgres, Path dataDirectory, Path temporaryRoot) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
    this.temporaryRoot = temporaryRoot;
  }

  /** Starts (initialising on first use) a durable server whose data lives in {@code dataDir}. */
  public static EmbeddedPostgresServer start(Path dataDir, int port) {
    Objects.requireNonNull(dataDir, "dataDir");
    try {
      Files.createDirectories(dataDir.getParent() == null ? dataDir : dataDir.getParent());
    } catch (IOException e) {
      throw new StoreException("cannot create the parent folder of " + dataDir, e);
    }
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(false)
            .setRegisterShutdownHook(false)
            .setPort(port)
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("full_page_writes", "on")
            .setServerConfig("max_wal_size", "2GB");
    return launch(builder, dataDir, port, null);
  }

  /** Starts a throw-away server on a free port in a new temporary directory. */
  public static EmbeddedPostgresServer startTemporary() {
    Path dir;
    int port;
    try {
      dir = Files.createTempDirectory("huxin-pg-");
      port = freePort();
    } catch (IOException e) {
      throw new StoreException("cannot prepare a temporary PostgreSQL: " + e.getMessage(), e);
    }
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(dir.resolve("data"))
            .setCleanDataDirectory(true)
            .setRegisterShutdownHook(false)
            .setPort(port)
            .setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off")
            .setServerConfig("full_page_writes", "off");
    return launch(builder, dir.resolve("data"), port, dir);
  }

  private static EmbeddedPostgresServer launch(
      EmbeddedPostgres.Builder builder, Path dataDir, int port, Path temporaryRoot) {
    builder
        .setServerConfig("timezone", "UTC")
        .setServerConfig("log_error_verbosity", "terse")
        .setServerConfig("max_connections", "300");
    EmbeddedPostgres postgres;
    try {
      postgres = builder.start();
    } catch (IOException | RuntimeException e) {
      throw new StoreException(
          "could not start the embedded PostgreSQL on port "
              + port
              + " with data in "
              + dataDir
              + " ("
              + e.getMessage()
              + "); is another server using that port or folder? Set HUXIN_PG_PORT or PG_URL",
          e);
    }
    EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, dataDir, temporaryRoot);
    try {
      server.createDatabaseIfMissing(DATABASE);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    if (temporaryRoot != null) {
      Runtime.getRuntime()
          .addShutdownHook(new Thread(server::close, "huxin-temporary-postgres-shutdown"));
    }
    LOG.info("embedded PostgreSQL listening on localhost:{}, data in {}", port, dataDir);
    return server;
  }

  /** The JDBC URL of database {@value #DATABASE}. */
  public String jdbcUrl() {
    return jdbcUrl(DATABASE);
  }

  /** The JDBC URL of {@code database} on this server (user {@value #USER}, no password). */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + port() + "/" + database;
  }

  public int port() {
    return postgres.getPort();
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  /** Creates {@code name} (lower-case letters, digits, underscore) unless it already exists. */
  public void createDatabaseIfMissing(String name) {
    requireDatabaseName(name);
    try (Connection c = postgres.getPostgresDatabase().getConnection()) {
      try (PreparedStatement exists =
          c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
        exists.setString(1, name);
        try (ResultSet rs = exists.executeQuery()) {
          if (rs.next()) {
            return;
          }
        }
      }
      try (Statement create = c.createStatement()) {
        create.execute("CREATE DATABASE " + name);
      }
    } catch (SQLException e) {
      throw Sql.failure("create database " + name, e);
    }
  }

  /** Drops {@code name}, closing any connections still open to it. */
  public void dropDatabase(String name) {
    requireDatabaseName(name);
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement drop = c.createStatement()) {
      drop.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      throw Sql.failure("drop database " + name, e);
    }
  }

  /**
   * Stops the server with a fast shutdown (committed data is on disk) and, for a temporary server,
   * deletes its folder. Closing twice does nothing.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      postgres.close();
      if (temporaryRoot != null) {
        deleteRecursively(temporaryRoot);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not stop the embedded PostgreSQL cleanly", e);
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private static void requireDatabaseName(String name) {
    if (name == null || !DATABASE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "database name must be lower-case letters, digits and _ (at most 63), got " + name);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
