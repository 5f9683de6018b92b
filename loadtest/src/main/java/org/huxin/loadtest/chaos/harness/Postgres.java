package org.huxin.loadtest.chaos.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The embedded PostgreSQL ({@code huxin db}, its output in {@code db.log}), and SQL over JDBC as
 * its owner {@code postgres}, a superuser, straight to its port (not through the proxy): the grants
 * and revokes on the gateways' role need one.
 *
 * <p>Stopping it is what {@code pg_ctl stop -m immediate} does: SIGQUIT to the postmaster, no
 * checkpoint, crash recovery on the next start. {@code pg_ctl} refuses to run as root, which is how
 * the embedded server runs here; then the SIGQUIT is sent with {@code kill}, the {@code db}
 * process, which holds the data folder's lock, is stopped too, and the start is a new {@code db}
 * process on the same data. Otherwise {@code pg_ctl} stops and starts it, with the options the
 * postmaster was started with.
 */
public final class Postgres {
  private final Launcher launcher;
  private final RunFolder folder;
  private final int port;
  private final Waits waits;
  private final boolean root = effectiveUid() == 0;
  private String pgBin;
  private String pgOptions;
  private Process db;

  Postgres(Launcher launcher, RunFolder folder, Ports ports, Waits waits) {
    this.launcher = launcher;
    this.folder = folder;
    this.port = ports.postgres();
    this.waits = waits;
  }

  /** The JDBC URL of the server itself, for the owner's jobs (seed, checks). */
  public String directUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/huxin";
  }

  public Path ownerPasswordFile() {
    return folder.ownerPasswordFile();
  }

  /** Starts {@code huxin db}; {@code append} keeps what {@code db.log} already holds. */
  void start(boolean append) throws IOException {
    JavaCommand command = launcher.java("-Xmx256m").jar(folder.gatewayJar(), "db");
    db =
        (append ? command.appendLog(folder.file("db.log")) : command.log(folder.file("db.log")))
            .start(Launcher.Tier.DATABASE);
  }

  /** Waits up to {@code seconds} for the port to accept connections. */
  boolean awaitListening(int seconds, String what) throws InterruptedException {
    return waits.until(seconds, what, () -> Waits.listening(port));
  }

  /** A new connection as the owner; the caller closes it. */
  public Connection superuser() throws SQLException, IOException {
    String content = Files.readString(ownerPasswordFile(), StandardCharsets.UTF_8).strip();
    int newline = content.indexOf('\n');
    String password = newline < 0 ? content : content.substring(0, newline).strip();
    return DriverManager.getConnection(directUrl(), "postgres", password);
  }

  /** Runs each statement in its own transaction, as {@code psql -c ... -c ...} does. */
  public void execute(String... statements) throws SQLException, IOException {
    try (Connection c = superuser();
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  /** The first column of the first row of a query with parameters, or null for no row. */
  public static Object first(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getObject(1) : null;
      }
    }
  }

  /** A {@code count(*)} as the owner. */
  public long count(String sql, Object... params) throws SQLException, IOException {
    try (Connection c = superuser()) {
      return ((Number) first(c, sql, params)).longValue();
    }
  }

  /** Stops the server at once and waits up to 30 s for its port to close; false when it did not. */
  public boolean stopImmediate() throws IOException, InterruptedException {
    if (root) {
      String postmaster =
          Files.readAllLines(folder.pgdata().resolve("postmaster.pid"), StandardCharsets.UTF_8)
              .get(0)
              .trim();
      launcher.run(List.of("kill", "-QUIT", postmaster));
    } else {
      String opts =
          Files.readAllLines(folder.pgdata().resolve("postmaster.opts"), StandardCharsets.UTF_8)
              .get(0);
      int space = opts.indexOf(' ');
      pgBin = Path.of(space < 0 ? opts : opts.substring(0, space)).getParent().toString();
      pgOptions = space < 0 ? "" : opts.substring(space + 1);
      launcher.run(
          List.of(pgBin + "/pg_ctl", "stop", "-D", folder.pgdata().toString(), "-m", "immediate"),
          folder.file("pg-ctl.log"));
    }
    boolean stopped = waits.until(30, "PostgreSQL's stop", () -> !Waits.listening(port));
    if (root) {
      db.destroy();
      db.waitFor();
      db = null;
    }
    return stopped;
  }

  /** Starts the server again on the same data; false when it did not listen within 120 s. */
  public boolean startAgain() throws IOException, InterruptedException {
    if (root) {
      start(true);
    } else {
      launcher.run(
          List.of(
              pgBin + "/pg_ctl",
              "start",
              "-D",
              folder.pgdata().toString(),
              "-w",
              "-t",
              "120",
              "-l",
              folder.file("pg-restarted.log").toString(),
              "-o",
              pgOptions),
          folder.file("pg-ctl.log"));
    }
    return awaitListening(120, "PostgreSQL (restarted)");
  }

  /** {@code id -u}: the effective user id, from {@code /proc/self/status}. */
  private static long effectiveUid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: not root, so pg_ctl
    }
    return -1;
  }
}
