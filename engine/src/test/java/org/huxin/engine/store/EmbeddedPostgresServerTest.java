package org.huxin.engine.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTest {

  @Test
  void start_dataSurvivesRestart(@TempDir Path home) throws Exception {
    Path data = home.resolve("pgdata");
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, freePort())) {
      execute(
          server.jdbcUrl(), "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
    }

    try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(data, freePort())) {
      assertEquals("still here", query(again.jdbcUrl(), "SELECT v FROM kept"));
      assertEquals("on", query(again.jdbcUrl(), "SHOW synchronous_commit"));
      assertEquals("on", query(again.jdbcUrl(), "SHOW fsync"));
    }
  }

  @Test
  void startTemporary_hasHuxinDatabaseAndCleansUp() throws Exception {
    EmbeddedPostgresServer server = EmbeddedPostgresServer.startTemporary();
    Path root = server.dataDirectory().getParent();
    try {
      assertEquals("huxin", query(server.jdbcUrl(), "SELECT current_database()"));
    } finally {
      server.close();
    }

    assertFalse(Files.exists(root), root + " was left behind");
    server.close();
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

  private static void execute(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, EmbeddedPostgresServer.USER, null);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static String query(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, EmbeddedPostgresServer.USER, null);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
