package org.huxin.engine.alerts;

import static org.huxin.testsupport.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.huxin.engine.store.EmbeddedPostgresServer;
import org.huxin.engine.store.Store;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database goes away under a running relay: a real PostgreSQL on its own data folder is stopped
 * and started again on the same port, and the relay carries on by itself: its passes fail and are
 * retried, its reactive pool and its LISTEN connection reconnect.
 */
@DatabaseTest
class AlertRelayOutageTest {

  @Test
  void relay_databaseStoppedAndRestarted_survivesAndResumes(@TempDir Path home) throws Exception {
    Path data = home.resolve("pgdata");
    int port = freePort();
    EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, port);
    try (HikariDataSource pool = pool(server.jdbcUrl(), server.ownerPassword())) {
      Store.migrate(pool);
      TestDatabase.startIdsHigh(pool);
      Pool reactive = TestDatabase.pool(server, EmbeddedPostgresServer.DATABASE);
      CrisisFixture city = new CrisisFixture(pool, reactive);
      RecordingSink sink = new RecordingSink();
      PollConfig fast =
          new PollConfig(Duration.ofMillis(50), 10, Duration.ofMillis(500), Duration.ofMillis(300));
      try (AlertRelay relay =
          AlertRelay.start(
              TestDatabase.vertx(),
              reactive,
              Listening.subscriber(server, EmbeddedPostgresServer.DATABASE, 1_000),
              city.outbox(),
              sink,
              fast,
              "node-a")) {
        await("LISTEN", () -> relay.subscriptions() >= 1);
        long before = city.crisisAlerts(1).get(0);
        relay.nudge();
        await("delivery before the outage", () -> city.delivered(before));

        server.close();
        await("failed passes while the database is down", () -> relay.stats().failedPasses() >= 2);
        server = EmbeddedPostgresServer.start(data, port);
        await("the pool reconnects", () -> reachable(pool));
        await("the LISTEN connection reconnects", () -> relay.subscriptions() >= 2);
        long passesBack = relay.stats().passes();

        long after = city.crisisAlerts(1).get(0);
        await("delivery after the restart", () -> city.delivered(after));
        assertEquals(1, sink.received(before));
        assertEquals(1, sink.received(after));
        await("passes go on", () -> relay.stats().passes() > passesBack + 1);
      } finally {
        reactive.close().await();
      }
    } finally {
      server.close();
    }
  }

  private static boolean reachable(DataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      return c.isValid(1);
    } catch (SQLException e) {
      return false;
    }
  }

  /** A small pool that gives up on a connection after a second, so a pass fails fast. */
  private static HikariDataSource pool(String jdbcUrl, String password) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("alert-outage");
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(EmbeddedPostgresServer.USER);
    config.setPassword(password);
    config.setMaximumPoolSize(4);
    config.setConnectionTimeout(1000);
    config.addDataSourceProperty("logServerErrorDetail", "false");
    return new HikariDataSource(config);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
