package org.huxin.engine.alerts;

import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.huxin.engine.store.EmbeddedPostgresServer;
import org.huxin.testsupport.Eventually;
import org.huxin.testsupport.TestDatabase;

/**
 * LISTEN connections for relays under test, as {@code Store.subscriber} makes them for a node, and
 * a way to cut one: its server process is terminated, as a network drop or a restart would.
 */
final class Listening {

  private Listening() {}

  /** A subscriber to {@code db} that reconnects a second after it lost its connection. */
  static PgSubscriber subscriber(TestDatabase db) {
    return subscriber(TestDatabase.server(), db.name(), 1_000);
  }

  /** A subscriber to {@code database} that reconnects {@code reconnectMillis} after a loss. */
  static PgSubscriber subscriber(
      EmbeddedPostgresServer server, String database, long reconnectMillis) {
    PgConnectOptions options =
        new PgConnectOptions()
            .setHost("localhost")
            .setPort(server.port())
            .setDatabase(database)
            .setUser(EmbeddedPostgresServer.USER)
            .setPassword(server.ownerPassword())
            .setProperties(Map.of("application_name", "huxin-listen-test"));
    return PgSubscriber.subscriber(TestDatabase.vertx(), options)
        .reconnectPolicy(attempts -> reconnectMillis);
  }

  /**
   * Terminates the server process behind {@code subscriber}'s connection and waits until it is gone
   * and the subscriber noticed: from then on, notifications do not reach it.
   */
  static void cut(PgSubscriber subscriber, DataSource owner) {
    PgConnection connection = subscriber.actualConnection();
    if (connection == null) {
      throw new AssertionError("the subscriber is not connected");
    }
    int pid = connection.processId();
    Eventually.await("the LISTEN backend " + pid + " terminated", () -> gone(owner, pid));
    Eventually.await("the subscriber to notice", () -> subscriber.actualConnection() != connection);
  }

  private static boolean gone(DataSource owner, int pid) {
    try (Connection c = owner.getConnection();
        PreparedStatement terminate =
            c.prepareStatement(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = ?")) {
      terminate.setInt(1, pid);
      try (ResultSet rs = terminate.executeQuery()) {
        return !rs.next();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
