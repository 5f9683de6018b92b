package org.huxin.loadtest.chaos;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Staff consoles for the fault runs, each doing what the real console ({@code console/crisis.js})
 * does with its one crisis feed: sign in, open {@code /api/staff/alerts/stream} on a node, read the
 * pending list on every (re)connect and every 30 s, confirm what it shows ({@code POST
 * /api/staff/alerts/received}), merge everything by alert id, and when its node goes away move to
 * the next one, as a browser behind a load balancer would.
 *
 * <p>Each console writes {@code <out>-<n>.log}: {@code shown <alertId> <epochMs> <via>} the first
 * time an alert enters its list ({@code via} is {@code stream} or {@code list}); {@code twice
 * <alertId> <epochMs>} when one stream connection sends the same delivery twice, or an alert the
 * console had dropped comes back; {@code connect <base> <epochMs>} and {@code lost <base> <reason>}
 * for its connections. It runs until {@code --stop-file} exists.
 *
 * <pre>
 * java -cp ... org.huxin.loadtest.chaos.ConsoleWatch --bases http://127.0.0.1:19300,... \
 *     --consoles 3 --username rehearsal.city --password ... --out run/console --stop-file run/stop
 * </pre>
 */
public final class ConsoleWatch {
  /** How often a console re-reads the pending list, as the real console does. */
  static final Duration REREAD = Duration.ofSeconds(30);

  private final List<String> bases;
  private final int index;
  private final String username;
  private final String password;
  private final BufferedWriter log;
  private final Path stopFile;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final Set<Long> shown = ConcurrentHashMap.newKeySet();
  private final Set<Long> dropped = ConcurrentHashMap.newKeySet();
  private volatile String cookie;

  ConsoleWatch(
      List<String> bases,
      int index,
      String username,
      String password,
      BufferedWriter log,
      Path stopFile) {
    this.bases = bases;
    this.index = index;
    this.username = username;
    this.password = password;
    this.log = log;
    this.stopFile = stopFile;
  }

  public static void main(String[] args) throws Exception {
    List<String> bases = null;
    int consoles = 1;
    String username = null;
    String password = null;
    String out = null;
    Path stop = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--bases" -> bases = List.of(args[i + 1].split(","));
        case "--consoles" -> consoles = Integer.parseInt(args[i + 1]);
        case "--username" -> username = args[i + 1];
        case "--password" -> password = args[i + 1];
        case "--out" -> out = args[i + 1];
        case "--stop-file" -> stop = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown flag " + args[i]);
      }
    }
    if (bases == null || username == null || password == null || out == null || stop == null) {
      throw new IllegalArgumentException(
          "give --bases, --username, --password, --out and --stop-file");
    }
    List<Thread> threads = new ArrayList<>();
    for (int n = 0; n < consoles; n++) {
      BufferedWriter log =
          Files.newBufferedWriter(Path.of(out + "-" + n + ".log"), StandardCharsets.UTF_8);
      ConsoleWatch console = new ConsoleWatch(bases, n, username, password, log, stop);
      Thread t = new Thread(console::run, "console-" + n);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
  }

  /** Connects, follows the feed, and moves to the next node whenever its node goes away. */
  void run() {
    int attempt = 0;
    long nextReread = 0;
    while (!Files.exists(stopFile)) {
      String base = bases.get((index + attempt) % bases.size());
      try {
        if (cookie == null) {
          signIn(base);
        }
        write("connect " + base + " " + System.currentTimeMillis());
        HttpResponse<Stream<String>> stream =
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/staff/alerts/stream"))
                    .header("Cookie", cookie)
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofLines());
        if (stream.statusCode() != 200) {
          throw new IOException("stream answered " + stream.statusCode());
        }
        reread(base);
        nextReread = System.nanoTime() + REREAD.toNanos();
        Set<Long> onThisConnection = new HashSet<>();
        String event = null;
        Iterator<String> lines = stream.body().iterator();
        while (lines.hasNext() && !Files.exists(stopFile)) {
          String line = lines.next();
          if (line.startsWith("event: ")) {
            event = line.substring(7);
          } else if (line.startsWith("data: ") && event != null) {
            take(event, new JsonObject(line.substring(6)), onThisConnection);
            event = null;
          }
          if (System.nanoTime() > nextReread) {
            // The stream's comment heartbeat (every 15 s) wakes this loop for the re-read.
            reread(base);
            nextReread = System.nanoTime() + REREAD.toNanos();
          }
        }
        stream.body().close();
        write("lost " + base + " stream-ended");
      } catch (IOException | RuntimeException e) {
        write("lost " + base + " " + e.getClass().getSimpleName());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      attempt++;
      sleep(500);
    }
    try {
      log.close();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void signIn(String base) throws IOException, InterruptedException {
    String body = new JsonObject().put("username", username).put("password", password).encode();
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/staff/login"))
                .header("Content-Type", "application/json")
                .header("Origin", base)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("sign-in answered " + r.statusCode());
    }
    cookie =
        r.headers().allValues("set-cookie").stream()
            .map(c -> c.split(";", 2)[0])
            .reduce((a, b) -> a + "; " + b)
            .orElseThrow(() -> new IOException("no session cookie"));
  }

  /** The pending list, merged, and the new ones confirmed. */
  private void reread(String base) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/staff/alerts"))
                .header("Cookie", cookie)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("the pending list answered " + r.statusCode());
    }
    JsonArray fresh = new JsonArray();
    for (Object o : new JsonObject(r.body()).getJsonArray("alerts")) {
      long id = ((JsonObject) o).getLong("alertId");
      if (show(id, "list")) {
        fresh.add(id);
      }
    }
    confirm(base, fresh);
  }

  private void take(String event, JsonObject data, Set<Long> onThisConnection)
      throws IOException, InterruptedException {
    long id = data.getLong("alertId");
    switch (event) {
      case "delivery", "pending" -> {
        if (!onThisConnection.add(id)) {
          write("twice " + id + " " + System.currentTimeMillis());
        }
        show(id, "stream");
      }
      case "acknowledged" -> {
        if (shown.remove(id)) {
          dropped.add(id);
        }
      }
      default -> {
        // escalations keep the alert in the list; nothing new to show
      }
    }
  }

  /** Adds an alert to the list; true the first time. */
  private boolean show(long id, String via) {
    if (!shown.add(id)) {
      return false;
    }
    if (dropped.remove(id)) {
      write("twice " + id + " " + System.currentTimeMillis());
    } else {
      write("shown " + id + " " + System.currentTimeMillis() + " " + via);
    }
    return true;
  }

  private void confirm(String base, JsonArray ids) throws IOException, InterruptedException {
    if (ids.isEmpty()) {
      return;
    }
    http.send(
        HttpRequest.newBuilder(URI.create(base + "/api/staff/alerts/received"))
            .header("Cookie", cookie)
            .header("Content-Type", "application/json")
            .header("Origin", base)
            .POST(
                HttpRequest.BodyPublishers.ofString(new JsonObject().put("alertIds", ids).encode()))
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }

  private synchronized void write(String line) {
    try {
      log.write(line);
      log.newLine();
      log.flush();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
