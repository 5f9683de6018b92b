package org.huxin.loadtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.huxin.engine.store.Store;
import org.huxin.engine.store.StoreConfig;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.TestDatabase;
import org.huxin.testsupport.TestTier;

/**
 * A fresh embedded PostgreSQL store for a test class, on a free port under {@code home}, its ids
 * counting from well above 127 as {@link TestDatabase}'s do.
 */
final class TestStores {
  private TestStores() {}

  static Store fresh(Path home) {
    TestTier.requireFull("PostgreSQL", DatabaseTest.class);
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port for PostgreSQL", e);
    }
    Store store = Store.openForJob(StoreConfig.embedded(home.resolve("pgdata"), port, 2));
    TestDatabase.startIdsHigh(store.dataSource());
    return store;
  }
}
