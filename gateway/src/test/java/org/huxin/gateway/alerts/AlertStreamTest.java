package org.huxin.gateway.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.gateway.testing.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A console that closes its crisis stream leaves the feed: the stream's clean-ups run. */
class AlertStreamTest {
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(AlertStreamTest.class);
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void stream_closedByTheConsole_leavesTheFeed() throws Exception {
    Http console = gw.staffSession("city");
    AlertFeed feed = gw.app.services().feed();
    int before = feed.openStreams();
    try (Socket socket = new Socket("127.0.0.1", gw.app.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /api/staff/alerts/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: "
                  + console.cookieHeader()
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String line;
      boolean greeted = false;
      while (!greeted && (line = in.readLine()) != null) {
        greeted = line.contains(": huxin crisis feed");
      }
      assertTrue(greeted, "the stream opened");
      // The node joins the stream to the feed just after writing the greeting.
      long joinBy = System.nanoTime() + 5_000_000_000L;
      while (feed.openStreams() < before + 1 && System.nanoTime() < joinBy) {
        Thread.sleep(10);
      }
      assertEquals(before + 1, feed.openStreams());
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (feed.openStreams() > before && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(before, feed.openStreams(), "the closed stream left the feed");
  }
}
