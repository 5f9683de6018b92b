package org.huxin.loadtest.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The slow database: a TCP proxy on loopback that holds every chunk for half the configured delay
 * in each direction, so one request-and-answer round trip takes {@code delayMillis} longer. Order
 * is kept (each direction is a FIFO that one thread drains), an end of stream is passed on after
 * the data before it, and a reset on either side closes both. The delay can change while
 * connections are open ({@link #delayMillis(long)}, or a line {@code <ms>} to the control port of
 * {@link #main}); chunks already held keep their time.
 *
 * <pre>
 * java -cp ... org.huxin.loadtest.chaos.DelayProxy --listen 56330 --target 127.0.0.1:56329 \
 *     [--delay-ms 0] [--control-port 56331]
 * </pre>
 */
public final class DelayProxy implements AutoCloseable {
  private static final byte[] END = new byte[0];
  private static final int CHUNK = 64 * 1024;

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final AtomicLong delayNanos = new AtomicLong();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong connections = new AtomicLong();
  private volatile boolean closed;

  private DelayProxy(ServerSocket server, InetSocketAddress target, long delayMillis) {
    this.server = server;
    this.target = target;
    delayMillis(delayMillis);
  }

  /** Listens on {@code listenPort} of 127.0.0.1 (0 picks a free port) and forwards to target. */
  public static DelayProxy start(int listenPort, InetSocketAddress target, long delayMillis)
      throws IOException {
    requireDelay(delayMillis);
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort), 256);
    DelayProxy proxy = new DelayProxy(server, target, delayMillis);
    daemon("delay-proxy-accept", proxy::accept).start();
    return proxy;
  }

  public int port() {
    return server.getLocalPort();
  }

  /** The added round-trip time from now on. */
  public void delayMillis(long millis) {
    delayNanos.set(TimeUnit.MILLISECONDS.toNanos(requireDelay(millis)));
  }

  private static long requireDelay(long millis) {
    if (millis < 0 || millis > 60_000) {
      throw new IllegalArgumentException("the delay is 0 to 60000 ms, got " + millis);
    }
    return millis;
  }

  public long delayMillis() {
    return TimeUnit.NANOSECONDS.toMillis(delayNanos.get());
  }

  /** Connections accepted since start. */
  public long connections() {
    return connections.get();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    for (Socket s : open) {
      closeQuietly(s);
    }
  }

  private void accept() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      connections.incrementAndGet();
      Socket upstream = new Socket();
      try {
        upstream.connect(target, 2000);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
      } catch (IOException e) {
        closeQuietly(client);
        closeQuietly(upstream);
        continue;
      }
      open.add(client);
      open.add(upstream);
      AtomicLong ended = new AtomicLong();
      pipe(client, upstream, ended, "up");
      pipe(upstream, client, ended, "down");
    }
  }

  /**
   * Two threads: one reads {@code from} into a timed queue, one writes it to {@code to}. When both
   * directions of a connection ended ({@code ended} reaches 2), or either was reset, both sockets
   * close.
   */
  private void pipe(Socket from, Socket to, AtomicLong ended, String direction) {
    BlockingQueue<Held> queue = new LinkedBlockingQueue<>();
    daemon(
            "delay-proxy-read-" + direction,
            () -> {
              byte[] buffer = new byte[CHUNK];
              try {
                InputStream in = from.getInputStream(); // closing it would close the socket
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  if (n > 0) {
                    queue.add(new Held(due(), Arrays.copyOf(buffer, n)));
                  }
                }
                queue.add(new Held(due(), END));
              } catch (IOException e) {
                queue.add(new Held(System.nanoTime(), null));
              }
            })
        .start();
    daemon(
            "delay-proxy-write-" + direction,
            () -> {
              try {
                OutputStream out = to.getOutputStream();
                while (true) {
                  Held h = queue.take();
                  long wait = h.due() - System.nanoTime();
                  if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                  }
                  if (h.bytes() == null) {
                    break; // a reset: close both
                  }
                  if (h.bytes() == END) {
                    to.shutdownOutput();
                    if (ended.incrementAndGet() < 2) {
                      return; // the other direction may still carry data, and closes both
                    }
                    break;
                  }
                  out.write(h.bytes());
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                // fall through: close both sides
              }
              closeQuietly(from);
              closeQuietly(to);
              open.remove(from);
              open.remove(to);
            })
        .start();
  }

  private long due() {
    return System.nanoTime() + delayNanos.get() / 2;
  }

  /** A chunk and when it may be written; {@link #END} is an end of stream, null a reset. */
  private record Held(long due, byte[] bytes) {}

  private static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    return t;
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  public static void main(String[] args) throws IOException {
    int listen = -1;
    String target = null;
    long delay = 0;
    int control = -1;
    if (args.length % 2 != 0) {
      usage("every flag takes a value");
    }
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--listen" -> listen = Integer.parseInt(args[i + 1]);
        case "--target" -> target = args[i + 1];
        case "--delay-ms" -> delay = Long.parseLong(args[i + 1]);
        case "--control-port" -> control = Integer.parseInt(args[i + 1]);
        default -> usage("unknown flag " + args[i]);
      }
    }
    if (listen < 0 || target == null || target.lastIndexOf(':') < 1) {
      usage("give --listen PORT and --target HOST:PORT");
    }
    int colon = target.lastIndexOf(':');
    InetSocketAddress to =
        new InetSocketAddress(
            target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
    DelayProxy proxy = start(listen, to, delay);
    System.out.printf(
        "delay proxy on 127.0.0.1:%d -> %s, %d ms a round trip%n", proxy.port(), target, delay);
    if (control < 0) {
      return; // the accept thread is a daemon: without a control port there is nothing to wait on
    }
    try (ServerSocket controls = new ServerSocket(control, 8, InetAddress.getLoopbackAddress())) {
      while (true) {
        try (Socket c = controls.accept();
            BufferedReader in =
                new BufferedReader(
                    new InputStreamReader(c.getInputStream(), StandardCharsets.US_ASCII));
            PrintWriter reply =
                new PrintWriter(c.getOutputStream(), true, StandardCharsets.US_ASCII)) {
          String line = in.readLine();
          try {
            proxy.delayMillis(Long.parseLong(line == null ? "" : line.trim()));
            reply.println("ok " + proxy.delayMillis());
            System.out.printf("delay proxy: %d ms a round trip now%n", proxy.delayMillis());
          } catch (IllegalArgumentException e) {
            reply.println("error " + e.getMessage());
          }
        }
      }
    }
  }

  private static void usage(String problem) {
    System.err.println("delay proxy: " + problem);
    System.err.println(
        "usage: DelayProxy --listen PORT --target HOST:PORT [--delay-ms MS] [--control-port P]");
    System.exit(2);
  }
}
