package org.huxin.gateway.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.testsupport.DatabaseTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clients that hold connections instead of sending requests: a few hundred login POSTs whose bodies
 * are dribbled a byte at a time from a hundred addresses, headers that never end, and one address
 * opening more connections than its share. The node's waiting room engages at 50 requests in flight
 * here, so slow bodies counted from their headers would queue every new login; and timeouts of 2 s
 * (headers) and 3 s (bodies) keep the test short. Real time is measured: these are socket
 * deadlines.
 */
@DatabaseTest
class SlowClientTest {
  private static final int SLOW = 300;
  private static final int SLOW_ADDRESSES = 100;
  private static final long HEADER_TIMEOUT_MS = 2_000;
  private static final long BODY_TIMEOUT_MS = 3_000;
  private static final int PER_ADDRESS = 40;

  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw =
        Gateways.start(
            SlowClientTest.class,
            Map.of(
                "HUXIN_ADMISSION_LIMIT", "50",
                "HUXIN_HTTP_HEADER_TIMEOUT_S", "2",
                "HUXIN_HTTP_BODY_TIMEOUT_S", "3",
                "HUXIN_HTTP_CONNECTIONS_PER_ADDRESS", Integer.toString(PER_ADDRESS)));
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void slowBodyFlood_newLoginsAdmittedAndTheSlowClosedByTheTimeout() throws Exception {
    List<Socket> slow = new ArrayList<>();
    long sent = System.nanoTime();
    for (int i = 0; i < SLOW; i++) {
      Socket s = open("127.3." + (i % SLOW_ADDRESSES / 250) + "." + (1 + i % SLOW_ADDRESSES % 250));
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST /api/student/login HTTP/1.1\r\nHost: huxin\r\nContent-Type: application/json\r\n"
                  + "Content-Length: 200\r\n\r\n{\"schoolCode\":")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      slow.add(s);
    }
    Thread dribble =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                for (Socket s : slow) {
                  try {
                    s.getOutputStream().write(' ');
                  } catch (IOException closed) {
                    // the node closed it: what we wait for
                  }
                }
                try {
                  Thread.sleep(300);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    dribble.setDaemon(true);
    dribble.start();
    try {
      long worst = 0;
      for (int i = 0; i < 20; i++) {
        RosterEntry student = gw.secondaryStudent(10 + i);
        long t0 = System.nanoTime();
        HttpResponse<String> r = gw.http.postJson("/api/student/login", gw.loginBody(student));
        worst = Math.max(worst, (System.nanoTime() - t0) / 1_000_000);
        assertEquals(200, r.statusCode(), "login " + i + " during the flood: " + r.body());
        assertTrue(
            gw.app.services().admission().inFlight() < 50,
            "slow bodies are not in flight: " + gw.app.services().admission().inFlight());
      }
      assertTrue(worst < 1_000, "answered quickly: worst " + worst + " ms");
      System.out.printf("slow-body flood: 20 logins admitted, worst %d ms%n", worst);
      long closedWithin = awaitAllClosed(slow, BODY_TIMEOUT_MS + 3_000);
      long sinceHeaders = (System.nanoTime() - sent) / 1_000_000;
      assertTrue(sinceHeaders >= BODY_TIMEOUT_MS - 300, "not before the timeout: " + sinceHeaders);
      System.out.printf(
          "slow-body flood: %d dribbling connections closed %d ms after their headers%n",
          SLOW, sinceHeaders);
      assertTrue(closedWithin >= 0, "every slow body was closed");
    } finally {
      dribble.interrupt();
      for (Socket s : slow) {
        s.close();
      }
    }
  }

  @Test
  void headersThatNeverEnd_closedByTheHeaderTimeout() throws Exception {
    List<Socket> slow = new ArrayList<>();
    long opened = System.nanoTime();
    for (int i = 0; i < 50; i++) {
      Socket s = open("127.4.0." + (1 + i));
      s.getOutputStream()
          .write("GET /health/live HTTP/1.1\r\nHost: hu".getBytes(StandardCharsets.US_ASCII));
      slow.add(s);
    }
    try {
      assertTrue(awaitAllClosed(slow, HEADER_TIMEOUT_MS + 3_000) >= 0);
      long after = (System.nanoTime() - opened) / 1_000_000;
      assertTrue(after >= HEADER_TIMEOUT_MS - 100, "not before the timeout: " + after);
      assertEquals(200, gw.http.get("/health/live").statusCode());
    } finally {
      for (Socket s : slow) {
        s.close();
      }
    }
  }

  @Test
  void oneAddress_mayHoldItsShareOfConnections() throws Exception {
    List<Socket> greedy = new ArrayList<>();
    try {
      for (int i = 0; i < PER_ADDRESS + 10; i++) {
        greedy.add(open("127.5.0.1"));
      }
      int closed = 0;
      for (Socket s : greedy) {
        closed += answered(s) ? 0 : 1;
      }
      assertEquals(10, closed, "the connections beyond the share are closed");
      assertEquals(200, gw.http.get("/health/live").statusCode(), "other addresses are served");
    } finally {
      for (Socket s : greedy) {
        s.close();
      }
    }
  }

  private static Socket open(String source) throws IOException {
    Socket s = new Socket();
    s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
    s.connect(new InetSocketAddress("127.0.0.1", gw.app.port()), 5_000);
    return s;
  }

  /** Whether a GET on {@code s} got an HTTP answer (true) or the socket was closed (false). */
  private static boolean answered(Socket s) throws IOException {
    s.setSoTimeout(5_000);
    try {
      s.getOutputStream()
          .write(
              "GET /health/live HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      int b = s.getInputStream().read();
      return b == 'H';
    } catch (IOException reset) {
      return false;
    }
  }

  /**
   * Waits until the node has closed every socket; the time in ms it took, or -1 when some were
   * still open after {@code withinMs}.
   */
  private static long awaitAllClosed(List<Socket> sockets, long withinMs) throws IOException {
    long start = System.nanoTime();
    long deadline = start + withinMs * 1_000_000;
    for (Socket s : sockets) {
      InputStream in = s.getInputStream();
      while (true) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return -1;
        }
        s.setSoTimeout((int) Math.max(1, left));
        try {
          if (in.read() < 0) {
            break;
          }
        } catch (SocketTimeoutException stillOpen) {
          return -1;
        } catch (IOException reset) {
          break;
        }
      }
    }
    return (System.nanoTime() - start) / 1_000_000;
  }
}
