package org.huxin.loadtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.huxin.engine.store.Store;
import org.huxin.engine.store.StoreConfig;

/** A fresh embedded PostgreSQL store for a test class, on a free port under {@code home}. */
final class TestStores {
  private TestStores() {}

  static Store fresh(Path home) {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port for PostgreSQL", e);
    }
    return Store.open(StoreConfig.embedded(home.resolve("pgdata"), port, 2));
  }
}
