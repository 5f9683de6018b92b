package org.huxin.engine.store;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

/**
 * A real PostgreSQL 17 from the zonky binaries, listening on localhost. {@link #start} keeps its
 * data directory across restarts and commits durably (fsync, synchronous commit); {@link
 * #startTemporary} is for tests: a fresh directory, a free port, no fsync, deleted on close. Either
 * way the database {@value #DATABASE} exists once it has started.
 *
 * <p>Implementation notes. The server is launched here (initdb, {@code pg_ctl start}) rather than
 * by zonky's {@code EmbeddedPostgres}, for two reasons zonky's builder cannot serve:
 *
 * <ul>
 *   <li><b>No application secret reaches the server's process.</b> A child process inherits the
 *       JVM's environment, which holds the data key, the token secrets and the PostgreSQL
 *       passwords; anyone who can read {@code /proc/<pid>/environ} of the postgres user's processes
 *       (a crash dump, a debugging session, an extension) would read them. Every command here runs
 *       with an environment cleared to {@link #CHILD_ENVIRONMENT}.
 *   <li><b>Every connection authenticates with a password</b> (SCRAM-SHA-256 in pg_hba.conf for the
 *       Unix socket and for loopback TCP). initdb gives the superuser {@value #USER} a password
 *       generated on first start; {@value #APP_USER}, the role the application connects as, gets
 *       another. Both are kept in files beside the data directory ({@code pgdata.owner.password},
 *       {@code pgdata.app.password}, mode 0600). A data directory made before passwords existed
 *       (trust) gets its superuser password in single-user mode on the next start.
 * </ul>
 *
 * <p>The binaries are unpacked once per JVM temporary folder and reused. A durable server has no
 * shutdown hook of its own: its owner closes it after the result writer has drained (a hook of the
 * server's would race with the drain). A temporary server stops itself in a shutdown hook if it is
 * still running when the JVM exits.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  public static final String DATABASE = "huxin";

  /** The superuser: it owns the schema and runs the migrations and the offline jobs. */
  public static final String USER = "postgres";

  /** The role the application connects as (see V16__app_role.sql for what it may do). */
  public static final String APP_USER = "huxin_app";

  /** The whole environment of initdb, pg_ctl and the server: nothing from the JVM's. */
  static final Map<String, String> CHILD_ENVIRONMENT =
      Map.of("PATH", "/usr/bin:/bin", "LC_ALL", "C", "TZ", "UTC");

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
  private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final String BINARIES = "postgres-linux-x86_64.txz";
  private static final boolean RUNNING_AS_ROOT = "root".equals(System.getProperty("user.name"));
  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);
  private static final String PG_HBA =
      """
      # Written by Huxin at every start: every connection authenticates with a password.
      local  all  all                 scram-sha-256
      host   all  all  127.0.0.1/32   scram-sha-256
      host   all  all  ::1/128        scram-sha-256
      """;

  private final Path binaries;
  private final Path dataDirectory;
  private final Path temporaryRoot;
  private final int port;
  private final String ownerPassword;
  private final String appPassword;
  private boolean closed;

  private EmbeddedPostgresServer(
      Path binaries,
      Path dataDirectory,
      Path temporaryRoot,
      int port,
      String ownerPassword,
      String appPassword) {
    this.binaries = binaries;
    this.dataDirectory = dataDirectory;
    this.temporaryRoot = temporaryRoot;
    this.port = port;
    this.ownerPassword = ownerPassword;
    this.appPassword = appPassword;
  }

  /** Starts (initialising on first use) a durable server whose data lives in {@code dataDir}. */
  public static EmbeddedPostgresServer start(Path dataDir, int port) {
    Objects.requireNonNull(dataDir, "dataDir");
    dataDir = dataDir.toAbsolutePath();
    try {
      Files.createDirectories(dataDir.getParent());
    } catch (IOException e) {
      throw new StoreException("cannot create the parent folder of " + dataDir, e);
    }
    Map<String, String> config = new LinkedHashMap<>();
    config.put("fsync", "on");
    config.put("synchronous_commit", "on");
    config.put("full_page_writes", "on");
    config.put("max_wal_size", "2GB");
    return launch(dataDir, port, config, dataDir.getParent(), null);
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
    Map<String, String> config = new LinkedHashMap<>();
    config.put("fsync", "off");
    config.put("synchronous_commit", "off");
    config.put("full_page_writes", "off");
    return launch(dir.resolve("data"), port, config, dir, dir);
  }

  /**
   * The file that holds the superuser's password of the server whose data is in {@code dataDir}.
   */
  public static Path ownerPasswordFile(Path dataDir) {
    return dataDir.resolveSibling(dataDir.getFileName() + ".owner.password");
  }

  /**
   * The file that holds {@value #APP_USER}'s password of the server with data in {@code dataDir}.
   */
  public static Path appPasswordFile(Path dataDir) {
    return dataDir.resolveSibling(dataDir.getFileName() + ".app.password");
  }

  private static EmbeddedPostgresServer launch(
      Path dataDir, int port, Map<String, String> config, Path secretsDir, Path temporaryRoot) {
    config.put("timezone", "UTC");
    config.put("log_error_verbosity", "terse");
    config.put("max_connections", "300");
    config.put("listen_addresses", "localhost");
    config.put("unix_socket_directories", "/tmp");
    config.put("password_encryption", "scram-sha-256");
    EmbeddedPostgresServer server;
    try {
      Path bin = binaries();
      Path ownerFile = ownerPasswordFile(dataDir);
      Path appFile = appPasswordFile(dataDir);
      boolean initialised = Files.exists(dataDir.resolve("PG_VERSION"));
      boolean ownerKnown = Files.exists(ownerFile);
      String ownerPassword = readOrCreatePassword(ownerFile);
      String appPassword = readOrCreatePassword(appFile);
      if (!initialised) {
        initdb(bin, dataDir, ownerFile);
      } else if (!ownerKnown) {
        setOwnerPasswordSingleUser(bin, dataDir, ownerPassword);
      }
      Files.writeString(dataDir.resolve("pg_hba.conf"), PG_HBA, StandardCharsets.UTF_8);
      List<String> options = new ArrayList<>(List.of("-p", Integer.toString(port)));
      config.forEach((k, v) -> options.add("-c " + k + "=" + v));
      run(
          bin,
          List.of(
              "pg_ctl",
              "-D",
              dataDir.toString(),
              "-l",
              dataDir.resolve("postgres.log").toString(),
              "-o",
              String.join(" ", options),
              "-w",
              "-t",
              "120",
              "start"),
          null);
      server =
          new EmbeddedPostgresServer(bin, dataDir, temporaryRoot, port, ownerPassword, appPassword);
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
    try {
      server.createDatabaseIfMissing(DATABASE);
      server.createAppRole();
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

  /** The JDBC URL of {@code database} on this server (no credentials in it). */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + port + "/" + database;
  }

  public int port() {
    return port;
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  /** The password of the superuser {@value #USER}. */
  public String ownerPassword() {
    return ownerPassword;
  }

  /** The password of the application's role {@value #APP_USER}. */
  public String appPassword() {
    return appPassword;
  }

  /** The process id of the running postmaster, from {@code postmaster.pid}. */
  public long pid() {
    try {
      List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
      return Long.parseLong(lines.get(0).trim());
    } catch (IOException | RuntimeException e) {
      throw new StoreException("cannot read the postmaster's pid in " + dataDirectory, e);
    }
  }

  /** A connection to {@code database} as the superuser. */
  public Connection ownerConnection(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), USER, ownerPassword);
  }

  /** Creates {@code name} (lower-case letters, digits, underscore) unless it already exists. */
  public void createDatabaseIfMissing(String name) {
    requireDatabaseName(name);
    try (Connection c = ownerConnection("postgres")) {
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
    try (Connection c = ownerConnection("postgres");
        Statement drop = c.createStatement()) {
      drop.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      throw Sql.failure("drop database " + name, e);
    }
  }

  /**
   * Makes {@value #APP_USER} a login role with its password. A role belongs to the whole server, so
   * the migrations of every database find it and grant it their tables.
   */
  private void createAppRole() {
    try (Connection c = ownerConnection("postgres");
        Statement s = c.createStatement()) {
      s.execute(
          "DO $$ BEGIN CREATE ROLE "
              + APP_USER
              + "; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
      s.execute("ALTER ROLE " + APP_USER + " WITH LOGIN PASSWORD " + literal(appPassword));
    } catch (SQLException e) {
      throw Sql.failure("create the role " + APP_USER, e);
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
      if (Files.exists(dataDirectory.resolve("postmaster.pid"))) { // else already stopped
        run(
            binaries,
            List.of("pg_ctl", "-D", dataDirectory.toString(), "-m", "fast", "-w", "stop"),
            null);
      }
      if (temporaryRoot != null) {
        deleteRecursively(temporaryRoot);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not stop the embedded PostgreSQL cleanly", e);
    }
  }

  private static void initdb(Path bin, Path dataDir, Path ownerFile) throws IOException {
    run(
        bin,
        List.of(
            "initdb",
            "-A",
            "scram-sha-256",
            "-U",
            USER,
            "--pwfile=" + ownerFile,
            "-D",
            dataDir.toString(),
            "-E",
            "UTF-8",
            "--locale=C"),
        null);
  }

  /** Gives a data directory initialised before passwords existed its superuser password. */
  private static void setOwnerPasswordSingleUser(Path bin, Path dataDir, String password)
      throws IOException {
    LOG.info("embedded PostgreSQL in {}: setting the superuser's password", dataDir);
    run(
        bin,
        List.of("postgres", "--single", "-D", dataDir.toString(), "postgres"),
        "ALTER ROLE " + USER + " WITH PASSWORD " + literal(password) + ";\n");
  }

  /** Runs a binary of the bundle with {@link #CHILD_ENVIRONMENT}, failing on a non-zero exit. */
  private static void run(Path bin, List<String> command, String input) throws IOException {
    List<String> full = new ArrayList<>();
    if (RUNNING_AS_ROOT) {
      // PostgreSQL refuses to run as root; a user namespace makes it an unprivileged user (as
      // zonky does), which matters on CI machines and containers only.
      full.addAll(List.of("unshare", "-U"));
    }
    full.add(bin.resolve(command.get(0)).toString());
    full.addAll(command.subList(1, command.size()));
    ProcessBuilder builder = new ProcessBuilder(full);
    builder.environment().clear();
    builder.environment().putAll(CHILD_ENVIRONMENT);
    builder.redirectErrorStream(true);
    Path output = Files.createTempFile("huxin-pg-cmd-", ".log");
    builder.redirectOutput(output.toFile());
    try {
      Process process = builder.start();
      try (var stdin = process.getOutputStream()) {
        if (input != null) {
          stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(command.get(0) + " did not finish in " + COMMAND_TIMEOUT);
      }
      if (process.exitValue() != 0) {
        String said = Files.readString(output, StandardCharsets.UTF_8).strip();
        throw new IOException(
            command.get(0) + " exited with " + process.exitValue() + ": " + lastLines(said));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command.get(0), e);
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static String lastLines(String text) {
    String[] lines = text.split("\n");
    int from = Math.max(0, lines.length - 5);
    return String.join(" | ", java.util.Arrays.asList(lines).subList(from, lines.length));
  }

  /** Reads the password in {@code file}, or writes a new random one there (mode 0600) first. */
  private static String readOrCreatePassword(Path file) throws IOException {
    if (Files.exists(file)) {
      String password = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (password.isEmpty()) {
        throw new IOException(file + " is empty; delete it only together with the data directory");
      }
      return password;
    }
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    Files.writeString(tmp, password + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    return password;
  }

  private static final Set<PosixFilePermission> OWNER_ONLY =
      Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  /** The unpacked bundle's bin folder, unpacked into the temporary folder on first use. */
  private static synchronized Path binaries() throws IOException {
    var resource = EmbeddedPostgresServer.class.getClassLoader().getResource(BINARIES);
    if (resource == null) {
      throw new IOException(
          "the embedded PostgreSQL binaries ("
              + BINARIES
              + ") are not on the class path; on other platforms set PG_URL");
    }
    String key = Integer.toHexString(resource.toString().hashCode());
    Path root = Path.of(System.getProperty("java.io.tmpdir"), "huxin-pg-bin-" + key);
    Path bin = root.resolve("bin");
    if (Files.exists(root.resolve(".complete"))) {
      return bin;
    }
    Path staging = Files.createTempDirectory(root.getParent(), "huxin-pg-bin-unpack-");
    try (InputStream in = new BufferedInputStream(resource.openStream());
        TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(in))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path target = staging.resolve(entry.getName()).normalize();
        if (!target.startsWith(staging)) {
          throw new IOException("unsafe entry in " + BINARIES + ": " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else if (entry.isSymbolicLink()) {
          Files.createDirectories(target.getParent());
          Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
          if ((entry.getMode() & 0100) != 0
              || entry.getName().replace("./", "").startsWith("bin/")) {
            target.toFile().setExecutable(true, false);
          }
        }
      }
      Files.createFile(staging.resolve(".complete"));
      try {
        Files.move(staging, root, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        deleteRecursively(staging); // another JVM unpacked it meanwhile
      } catch (IOException e) {
        if (!Files.exists(root.resolve(".complete"))) {
          throw e;
        }
        deleteRecursively(staging);
      }
    } catch (IOException | RuntimeException e) {
      deleteRecursively(staging);
      throw e;
    }
    return bin;
  }

  private static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
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
