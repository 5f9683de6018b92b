package org.huxin.engine.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DatabaseTest
class StoreTest {

  @Test
  void open_embeddedMigratesAndCloses(@TempDir Path home) throws Exception {
    int port = freePort();
    StoreConfig config = StoreConfig.fromEnv(Map.of("HUXIN_PG_PORT", Integer.toString(port)), home);

    try (Store store = Store.open(config)) {
      Flyway flyway =
          Flyway.configure()
              .dataSource(store.dataSource())
              .locations("classpath:db/migration")
              .load();
      assertEquals(0, flyway.info().pending().length, "every migration applied");
      assertEquals(
          "0", query(store, "SELECT count(*) FROM flyway_schema_history WHERE NOT success"));
      assertEquals("result", query(store, "SELECT relname FROM pg_class WHERE relname = 'result'"));
      assertEquals(
          "p", query(store, "SELECT relkind::text FROM pg_class WHERE relname = 'result'"));
    }

    assertTrue(Files.exists(home.resolve("pgdata").resolve("PG_VERSION")));
    try (ServerSocket again = new ServerSocket(port)) {
      assertEquals(port, again.getLocalPort());
    }
  }

  @Test
  void open_externalUrl() throws Exception {
    try (TestDatabase db = TestDatabase.create(StoreTest.class);
        Store store = Store.open(db.storeConfig(2))) {
      assertEquals(db.name(), query(store, "SELECT current_database()"));
    }
  }

  @Test
  void open_unreachableServer() throws Exception {
    StoreConfig config =
        StoreConfig.external(
            "jdbc:postgresql://127.0.0.1:" + freePort() + "/huxin", "u", "secret", 1);

    StoreException e = assertThrows(StoreException.class, () -> Store.open(config));
    assertTrue(e.getMessage().contains("PG_URL"), e.getMessage());
  }

  private static String query(Store store, String sql) throws SQLException {
    try (Connection c = store.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
