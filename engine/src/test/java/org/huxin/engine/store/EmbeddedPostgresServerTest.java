package org.huxin.engine.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.huxin.testsupport.DatabaseTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DatabaseTest
class EmbeddedPostgresServerTest {

  /** pg_ctl starts the server through /bin/sh, which sets these itself. */
  private static final Set<String> SET_BY_THE_SHELL = Set.of("PWD", "SHLVL", "_", "OLDPWD");

  @Test
  void start_dataSurvivesRestart(@TempDir Path home) throws Exception {
    Path data = home.resolve("pgdata");
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, freePort())) {
      execute(server, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
    }

    try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(data, freePort())) {
      assertEquals("still here", query(again, "SELECT v FROM kept"));
      assertEquals("on", query(again, "SHOW synchronous_commit"));
      assertEquals("on", query(again, "SHOW fsync"));
    }
  }

  @Test
  void startTemporary_hasHuxinDatabaseAndCleansUp() throws Exception {
    EmbeddedPostgresServer server = EmbeddedPostgresServer.startTemporary();
    Path root = server.dataDirectory().getParent();
    try {
      assertEquals("huxin", query(server, "SELECT current_database()"));
    } finally {
      server.close();
    }

    assertFalse(Files.exists(root), root + " was left behind");
    server.close();
  }

  @Test
  void start_passwordRequiredAndKeptOwnerOnly(@TempDir Path home) throws Exception {
    Path data = home.resolve("pgdata");
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, freePort())) {
      for (String user :
          new String[] {EmbeddedPostgresServer.USER, EmbeddedPostgresServer.APP_USER}) {
        assertThrows(
            SQLException.class, () -> DriverManager.getConnection(server.jdbcUrl(), user, null));
        SQLException wrong =
            assertThrows(
                SQLException.class,
                () -> DriverManager.getConnection(server.jdbcUrl(), user, "guessed"));
        assertEquals("28P01", wrong.getSQLState(), wrong.getMessage());
      }
      try (Connection app =
          DriverManager.getConnection(
              server.jdbcUrl(), EmbeddedPostgresServer.APP_USER, server.appPassword())) {
        assertTrue(app.isValid(1));
      }
      assertEquals("scram-sha-256", query(server, "SHOW password_encryption"));
      assertEquals(
          "0",
          query(
              server,
              "SELECT count(*) FROM pg_hba_file_rules WHERE auth_method NOT IN ('scram-sha-256')"));
    }

    for (Path file :
        List.of(
            EmbeddedPostgresServer.ownerPasswordFile(data),
            EmbeddedPostgresServer.appPasswordFile(data))) {
      assertEquals(
          Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
          Files.getPosixFilePermissions(file),
          file.toString());
    }
    String owner = Files.readString(EmbeddedPostgresServer.ownerPasswordFile(data)).strip();
    try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(data, freePort())) {
      assertEquals(owner, again.ownerPassword(), "the same password after a restart");
    }
  }

  @Test
  void start_dataFolderFromBeforePasswords_getsOneAndKeepsItsData(@TempDir Path home)
      throws Exception {
    Path data = home.resolve("pgdata");
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, freePort())) {
      execute(server, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('from before')");
    }
    // What a folder made by the trusting server looks like: no password file beside it.
    Files.delete(EmbeddedPostgresServer.ownerPasswordFile(data));

    try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(data, freePort())) {
      assertTrue(Files.exists(EmbeddedPostgresServer.ownerPasswordFile(data)));
      assertEquals("from before", query(again, "SELECT v FROM kept"));
      assertThrows(
          SQLException.class,
          () -> DriverManager.getConnection(again.jdbcUrl(), EmbeddedPostgresServer.USER, null));
    }
  }

  @Test
  void start_serverProcessInheritsNothingFromTheJvm() throws Exception {
    EmbeddedPostgresServer server = org.huxin.testsupport.TestDatabase.server();
    Map<String, String> environ = environ(server.pid());
    Map<String, String> jvm = System.getenv();

    for (Map.Entry<String, String> e : environ.entrySet()) {
      boolean ownSetting =
          EmbeddedPostgresServer.CHILD_ENVIRONMENT.containsKey(e.getKey())
              || e.getKey().startsWith("PG")
              || SET_BY_THE_SHELL.contains(e.getKey());
      assertTrue(ownSetting, "the server process has " + e.getKey() + " from elsewhere");
      assertFalse(e.getKey().startsWith("HUXIN_") || e.getKey().endsWith("PASSWORD"), e.getKey());
      if (!EmbeddedPostgresServer.CHILD_ENVIRONMENT.containsKey(e.getKey())
          && !SET_BY_THE_SHELL.contains(e.getKey())) {
        assertFalse(jvm.containsKey(e.getKey()), e.getKey() + " came from the JVM");
      }
    }
    assertEquals("C", environ.get("LC_ALL"));
    assertFalse(environ.containsKey("HOME"), "not even HOME");
  }

  /** The environment of process {@code pid}, as the kernel shows it to its owner. */
  private static Map<String, String> environ(long pid) throws IOException {
    byte[] raw = Files.readAllBytes(Path.of("/proc/" + pid + "/environ"));
    Map<String, String> out = new HashMap<>();
    for (String entry : new String(raw, StandardCharsets.UTF_8).split("\0")) {
      int eq = entry.indexOf('=');
      if (eq > 0) {
        out.put(entry.substring(0, eq), entry.substring(eq + 1));
      }
    }
    return out;
  }

  @Test
  void createDatabaseIfMissing_rejectsUnsafeName() {
    EmbeddedPostgresServer server = org.huxin.testsupport.TestDatabase.server();

    assertThrows(
        IllegalArgumentException.class, () -> server.createDatabaseIfMissing("x; DROP TABLE y"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void execute(EmbeddedPostgresServer server, String sql) throws SQLException {
    try (Connection c = server.ownerConnection(EmbeddedPostgresServer.DATABASE);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static String query(EmbeddedPostgresServer server, String sql) throws SQLException {
    try (Connection c = server.ownerConnection(EmbeddedPostgresServer.DATABASE);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
