package org.huxin.loadtest.chaos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DelayProxyTest {
  private ServerSocket echo;

  /** An echo server that answers every byte it reads, and closes when its client does. */
  @BeforeEach
  void startEcho() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t =
        new Thread(
            () -> {
              while (!echo.isClosed()) {
                try {
                  Socket s = echo.accept();
                  Thread c =
                      new Thread(
                          () -> {
                            try (s) {
                              s.getInputStream().transferTo(s.getOutputStream());
                            } catch (IOException e) {
                              // client went away
                            }
                          });
                  c.setDaemon(true);
                  c.start();
                } catch (IOException e) {
                  return;
                }
              }
            });
    t.setDaemon(true);
    t.start();
  }

  @AfterEach
  void stopEcho() throws IOException {
    echo.close();
  }

  private InetSocketAddress target() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), echo.getLocalPort());
  }

  private static long roundTripMillis(Socket s) throws IOException {
    long t0 = System.nanoTime();
    s.getOutputStream().write(7);
    s.getOutputStream().flush();
    assertEquals(7, s.getInputStream().read());
    return (System.nanoTime() - t0) / 1_000_000;
  }

  @Test
  void roundTrip_addsTheDelay() throws IOException {
    try (DelayProxy proxy = DelayProxy.start(0, target(), 200);
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
      long millis = roundTripMillis(s);
      assertTrue(millis >= 195, "a round trip through a 200 ms proxy took " + millis + " ms");
      assertTrue(millis < 2000, "a round trip took " + millis + " ms");
    }
  }

  @Test
  void delayMillis_changesOpenConnections() throws IOException {
    try (DelayProxy proxy = DelayProxy.start(0, target(), 300);
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
      assertTrue(roundTripMillis(s) >= 295);
      proxy.delayMillis(0);
      assertTrue(roundTripMillis(s) < 250, "the delay was lifted but the trip stayed slow");
    }
  }

  @Test
  void bytes_arriveIntactAndInOrder() throws IOException {
    byte[] sent = new byte[1_000_000];
    new Random(7).nextBytes(sent);
    try (DelayProxy proxy = DelayProxy.start(0, target(), 20);
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
      Thread writer =
          new Thread(
              () -> {
                try {
                  OutputStream out = s.getOutputStream();
                  for (int at = 0; at < sent.length; at += 4096) {
                    out.write(sent, at, Math.min(4096, sent.length - at));
                  }
                  s.shutdownOutput();
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              });
      writer.start();
      byte[] got = s.getInputStream().readAllBytes(); // ends when the echo closes after our EOF
      assertArrayEquals(sent, got);
    }
  }

  @Test
  void halfClose_reachesTheOtherEnd() throws IOException {
    try (DelayProxy proxy = DelayProxy.start(0, target(), 0);
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
      roundTripMillis(s);
      s.shutdownOutput(); // the echo ends its side when it reads our end
      InputStream in = s.getInputStream();
      assertEquals(-1, in.read());
    }
  }

  @Test
  void start_refusesNegativeDelay() {
    assertThrows(IllegalArgumentException.class, () -> DelayProxy.start(0, target(), -1));
  }
}
