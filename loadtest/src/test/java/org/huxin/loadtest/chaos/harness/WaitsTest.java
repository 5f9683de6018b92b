package org.huxin.loadtest.chaos.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WaitsTest {
  private final Waits waits = new Waits(Path.of("run"));

  @Test
  void until_holdsAtOnce_triesOnce() throws Exception {
    AtomicInteger tries = new AtomicInteger();

    assertTrue(waits.until(5, "x", () -> tries.incrementAndGet() > 0));
    assertEquals(1, tries.get());
  }

  @Test
  void until_exceptionCountsAsNotYet_andGivesUpAfterTheGivenTries() throws Exception {
    AtomicInteger tries = new AtomicInteger();

    assertFalse(
        waits.until(
            2,
            "x",
            () -> {
              tries.incrementAndGet();
              throw new IllegalStateException("not yet");
            }));
    assertEquals(2, tries.get());
  }

  @Test
  void require_neverHolds_stopsTheRun() {
    assertThrows(RunStopped.class, () -> waits.require(1, "the thing", () -> false));
  }

  @Test
  void listening_trueForAnOpenPort_falseOnceClosed() throws Exception {
    int port;
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      port = server.getLocalPort();
      assertTrue(Waits.listening(port));
    }
    assertFalse(Waits.listening(port));
  }
}
