package org.huxin.loadtest.chaos;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.huxin.loadtest.Rehearsal;
import org.huxin.loadtest.StudentAnswers;
import org.huxin.scales.ScaleLibrary;

/**
 * Plays students against gateway nodes with exact accounting, for the fault runs. Each student
 * signs in (waiting in the queue when told to), saves a draft of the first page, and submits every
 * answer with the idempotency key {@link StudentAnswers#idempotencyKey} derives from the student's
 * id. A submit that fails, times out or is answered 503 is sent again, to the next node, with the
 * same key, until a 200 receipt or the deadline. Every receipt is written to {@code <out>.acks.csv}
 * (see {@link Ack}) as it arrives, every student without one to {@code <out>.unacked.csv}, and the
 * counts and latencies to {@code <out>.driver.json}. Exits 0 only when every student was
 * acknowledged and none refused.
 *
 * <pre>
 * java -cp loadtest/target/classes:gateway/target/huxin-gateway.jar \
 *     org.huxin.loadtest.chaos.ChaosDriver --feeder students.csv --from 0 --count 1000 \
 *     --bases http://127.0.0.1:19300,http://127.0.0.1:19301 --rate 50 --out /tmp/run/kill
 * </pre>
 */
public final class ChaosDriver {

  /** A feeder row: how a student signs in, and what the answers derive from. */
  record Student(
      String schoolCode, String studentNo, String accessCode, long id, int grade, char sex) {
    static Student parse(String line) {
      String[] f = line.split(",", -1);
      if (f.length != 6) {
        throw new IllegalArgumentException("a feeder row has 6 fields, got '" + line + "'");
      }
      return new Student(
          f[0], f[1], f[2], Long.parseLong(f[3]), Integer.parseInt(f[4]), f[5].charAt(0));
    }
  }

  /**
   * What a run does.
   *
   * @param rate students started per second; 0 starts them all at once (at most {@code concurrency}
   *     in progress)
   * @param deadline how long a student keeps trying, from the start of the run
   * @param timeout the most one request may take
   */
  record Settings(
      List<URI> bases,
      double rate,
      int concurrency,
      Duration deadline,
      Duration timeout,
      long seed) {
    Settings {
      bases = List.copyOf(bases);
      if (bases.isEmpty() || rate < 0 || concurrency < 1) {
        throw new IllegalArgumentException(
            "give at least one --bases URL, a --rate >= 0 and a --concurrency >= 1");
      }
    }
  }

  /** How one request went. */
  private record Reply(int status, String body, String retryAfter, long millis) {
    boolean ok() {
      return status == 200;
    }

    /** 5xx, or no answer at all (status 0): worth trying again elsewhere. */
    boolean retryable() {
      return status == 0 || status >= 500;
    }

    JsonObject json() {
      try {
        return body == null || body.isEmpty() ? new JsonObject() : new JsonObject(body);
      } catch (DecodeException e) {
        return new JsonObject();
      }
    }

    long waitMillis(long fallback, long cap) {
      if (retryAfter == null) {
        return fallback;
      }
      try {
        return Math.min(cap, Math.max(fallback, Long.parseLong(retryAfter.trim()) * 1000));
      } catch (NumberFormatException e) {
        return fallback;
      }
    }
  }

  private static final long WAIT_CAP_MS = 3000;
  private static final long ERROR_PAUSE_MS = 100;
  private static final int WARM_UP_ROUNDS = 4;

  private final Settings settings;
  private final StudentAnswers answers;
  private final HttpClient http;
  private final BufferedWriter acks;

  /** When the measured run began: after the warm-up, so the deadline and rate start there. */
  private long started = System.nanoTime();

  private final LongAdder loginRequests = new LongAdder();
  private final LongAdder loginQueued = new LongAdder();
  private final LongAdder draftRequests = new LongAdder();
  private final LongAdder draftFailed = new LongAdder();
  private final LongAdder submitRequests = new LongAdder();
  private final LongAdder submitBusy = new LongAdder();
  private final LongAdder submitErrors = new LongAdder();
  private final LongAdder acknowledged = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final ConcurrentLinkedQueue<Long> okMillis = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Long> loginMillis = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Long> draftMillis = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Long> submitRequestMillis = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Long> submitMillis = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Long> unacked = new ConcurrentLinkedQueue<>();

  /** Every answered request: when it started, what it was, how it ended, how long it took. */
  private final ConcurrentLinkedQueue<String> requestLines = new ConcurrentLinkedQueue<>();

  private final AtomicInteger refusedShown = new AtomicInteger();

  ChaosDriver(Settings settings, StudentAnswers answers, BufferedWriter acks) {
    this.settings = settings;
    this.answers = answers;
    this.acks = acks;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    Path feeder = null;
    Path out = null;
    int from = 0;
    int count = -1;
    List<URI> bases = new ArrayList<>();
    double rate = 0;
    int concurrency = 64;
    int deadlineS = 120;
    int timeoutMs = 10_000;
    long seed = Rehearsal.DEFAULT_SEED;
    if (args.length % 2 != 0) {
      usage("every flag takes a value");
    }
    for (int i = 0; i < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--feeder" -> feeder = Path.of(v);
        case "--out" -> out = Path.of(v);
        case "--from" -> from = Integer.parseInt(v);
        case "--count" -> count = Integer.parseInt(v);
        case "--bases" ->
            Arrays.stream(v.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .forEach(s -> bases.add(URI.create(s)));
        case "--rate" -> rate = Double.parseDouble(v);
        case "--concurrency" -> concurrency = Integer.parseInt(v);
        case "--deadline-s" -> deadlineS = Integer.parseInt(v);
        case "--timeout-ms" -> timeoutMs = Integer.parseInt(v);
        case "--seed" -> seed = Long.parseLong(v);
        default -> usage("unknown flag " + args[i]);
      }
    }
    if (feeder == null || out == null || count < 1 || from < 0) {
      usage("give --feeder, --out, --count N (>= 1) and --bases");
    }
    Settings settings =
        new Settings(
            bases,
            rate,
            concurrency,
            Duration.ofSeconds(deadlineS),
            Duration.ofMillis(timeoutMs),
            seed);
    List<Student> students = readFeeder(feeder, from, count);
    Path acksFile = Path.of(out + ".acks.csv");
    Path parent = acksFile.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    ChaosDriver driver;
    try (BufferedWriter acks = Files.newBufferedWriter(acksFile, StandardCharsets.UTF_8)) {
      driver =
          new ChaosDriver(settings, new StudentAnswers(ScaleLibrary.loadDefault(), seed), acks);
      driver.run(students);
    }
    Files.write(
        Path.of(out + ".unacked.csv"),
        driver.unacked.stream().map(String::valueOf).toList(),
        StandardCharsets.UTF_8);
    List<String> requests = new ArrayList<>(List.of("start_ms,kind,node,status,millis"));
    requests.addAll(driver.requestLines);
    Files.write(Path.of(out + ".requests.csv"), requests, StandardCharsets.UTF_8);
    JsonObject report = driver.report(students.size());
    Files.writeString(Path.of(out + ".driver.json"), report.encodePrettily());
    System.out.println("DRIVER " + report.encode());
    System.exit(driver.unacked.isEmpty() && driver.refused.sum() == 0 ? 0 : 1);
  }

  /** Rows {@code from} to {@code from + count} of the feeder (after its header). */
  static List<Student> readFeeder(Path feeder, int from, int count) throws IOException {
    try (var lines = Files.lines(feeder, StandardCharsets.UTF_8)) {
      List<Student> rows = lines.skip(1L + from).limit(count).map(Student::parse).toList();
      if (rows.size() < count) {
        throw new IllegalArgumentException(
            feeder
                + " has only "
                + rows.size()
                + " rows from row "
                + from
                + "; "
                + count
                + " asked");
      }
      return rows;
    }
  }

  /** Runs every student to a receipt or the deadline. */
  void run(List<Student> students) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(settings.concurrency());
    try {
      warmUp(pool, students);
      started = System.nanoTime();
      for (int i = 0; i < students.size(); i++) {
        if (settings.rate() > 0) {
          long due = started + (long) (i * 1e9 / settings.rate());
          long sleep = due - System.nanoTime();
          if (sleep > 0) {
            TimeUnit.NANOSECONDS.sleep(sleep);
          }
        }
        Student s = students.get(i);
        int firstNode = i % settings.bases().size();
        pool.execute(() -> student(s, firstNode));
      }
    } finally {
      pool.shutdown();
      pool.awaitTermination(settings.deadline().toSeconds() + 60, TimeUnit.SECONDS);
      pool.shutdownNow();
    }
  }

  /**
   * Warms this JVM and opens its connections before the clock starts. A cold driver measured
   * itself: in the first second of a run, while its HTTP client and JSON code were still being
   * compiled and its pool was connecting, a login the gateway answered in a few milliseconds took
   * 0.3 to 1.8 s here, and every slow request of an overload run fell in its first three seconds.
   * Every pool thread reads {@code /health/ready} on each node (a flag, no work behind it), and the
   * request bodies of the first students are built once and thrown away.
   */
  private void warmUp(ExecutorService pool, List<Student> students) throws InterruptedException {
    for (Student s : students.subList(0, Math.min(200, students.size()))) {
      answers.draftBody(s.id(), s.grade(), s.sex(), 0);
      answers.submitBody(s.id(), s.grade(), s.sex());
    }
    int threads = settings.concurrency();
    CountDownLatch done = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      int first = t;
      pool.execute(
          () -> {
            try {
              for (int k = 0; k < WARM_UP_ROUNDS * settings.bases().size(); k++) {
                HttpRequest get =
                    HttpRequest.newBuilder(
                            settings
                                .bases()
                                .get((first + k) % settings.bases().size())
                                .resolve("/health/ready"))
                        .timeout(settings.timeout())
                        .build();
                try {
                  http.send(get, HttpResponse.BodyHandlers.ofString());
                } catch (IOException unreachable) {
                  // A node that is down now is the scenario's business, not the warm-up's.
                }
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } finally {
              done.countDown();
            }
          });
    }
    if (!done.await(60, TimeUnit.SECONDS)) {
      System.err.println("driver: the warm-up did not finish in 60 s; starting anyway");
    }
  }

  private long deadlineNanos() {
    return started + settings.deadline().toNanos();
  }

  private boolean late() {
    return System.nanoTime() - deadlineNanos() > 0;
  }

  private void student(Student s, int firstNode) {
    try {
      int[] node = {firstNode};
      String token = login(s, node);
      if (token == null) {
        unacked.add(s.id());
        return;
      }
      draft(s, token, node);
      if (!submit(s, token, node)) {
        unacked.add(s.id());
      }
    } catch (InterruptedException e) {
      unacked.add(s.id());
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      unacked.add(s.id());
      System.err.println("driver: student " + s.id() + " stopped: " + e);
    }
  }

  /** The token, or null after a refusal or the deadline. */
  private String login(Student s, int[] node) throws InterruptedException {
    String ticket = null;
    while (!late()) {
      JsonObject body =
          new JsonObject()
              .put("schoolCode", s.schoolCode())
              .put("studentNo", s.studentNo())
              .put("accessCode", s.accessCode());
      if (ticket != null) {
        body.put("queueTicket", ticket);
      }
      loginRequests.increment();
      Reply r = send(node[0], "POST", "/api/student/login", null, body.encode());
      if (r.ok()) {
        return r.json().getString("token");
      }
      JsonObject error = r.json();
      if (r.status() == 503 && "queued".equals(error.getString("error"))) {
        loginQueued.increment();
        ticket = error.getString("ticket", ticket);
        Thread.sleep(r.waitMillis(1000, WAIT_CAP_MS));
      } else if (r.retryable()) {
        node[0] = next(node[0]);
        Thread.sleep(ERROR_PAUSE_MS);
      } else {
        refuse(s, "login", r);
        return null;
      }
    }
    return null;
  }

  /** Saves the first page; a draft that cannot be saved is counted, not fatal. */
  private void draft(Student s, String token, int[] node) throws InterruptedException {
    String body = answers.draftBody(s.id(), s.grade(), s.sex(), 0);
    for (int attempt = 0; attempt < 3 && !late(); attempt++) {
      draftRequests.increment();
      Reply r = send(node[0], "PUT", "/api/student/draft", token, body);
      if (r.ok()) {
        return;
      }
      node[0] = next(node[0]);
      Thread.sleep(ERROR_PAUSE_MS);
    }
    draftFailed.increment();
  }

  /** True once a receipt for this student's key came back. */
  private boolean submit(Student s, String token, int[] node) throws InterruptedException {
    String body = answers.submitBody(s.id(), s.grade(), s.sex());
    UUID key = StudentAnswers.idempotencyKey(s.id());
    long first = System.nanoTime();
    int attempts = 0;
    while (!late()) {
      attempts++;
      submitRequests.increment();
      Reply r = send(node[0], "POST", "/api/student/submit", token, body);
      if (r.ok()) {
        String receipt = r.json().getString("receipt");
        if (!key.toString().equals(receipt)) {
          refuse(s, "submit receipt " + receipt + " for key " + key, r);
          return false;
        }
        long millis = (System.nanoTime() - first) / 1_000_000;
        submitMillis.add(millis);
        record(new Ack(s.id(), key, node[0], attempts, millis));
        return true;
      }
      if (!r.retryable()) {
        refuse(s, "submit", r);
        return false;
      }
      if (r.status() == 503) {
        submitBusy.increment();
      } else {
        submitErrors.increment();
      }
      long pause = r.status() == 503 ? r.waitMillis(ERROR_PAUSE_MS, WAIT_CAP_MS) : ERROR_PAUSE_MS;
      node[0] = next(node[0]);
      Thread.sleep(pause);
    }
    return false;
  }

  private int next(int node) {
    return (node + 1) % settings.bases().size();
  }

  private void refuse(Student s, String what, Reply r) {
    refused.increment();
    if (refusedShown.incrementAndGet() <= 5) {
      // The error code only: bodies of the student API carry no names or answers, but stay terse.
      System.err.printf(
          "driver: %s of student %d refused with %d %s%n",
          what, s.id(), r.status(), r.json().getString("error", ""));
    }
  }

  private void record(Ack ack) {
    acknowledged.increment();
    synchronized (acks) {
      try {
        acks.write(ack.line());
        acks.newLine();
        acks.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the acks file", e);
      }
    }
  }

  private Reply send(int node, String method, String path, String token, String body)
      throws InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(settings.bases().get(node).resolve(path))
            .timeout(settings.timeout())
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    long t0 = System.nanoTime();
    try {
      HttpResponse<String> response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      long millis = (System.nanoTime() - t0) / 1_000_000;
      requestLines.add(
          (t0 - started) / 1_000_000
              + ","
              + path.substring(path.lastIndexOf('/') + 1)
              + ","
              + node
              + ","
              + response.statusCode()
              + ","
              + millis);
      if (response.statusCode() == 200) {
        okMillis.add(millis);
        (path.endsWith("login")
                ? loginMillis
                : path.endsWith("draft") ? draftMillis : submitRequestMillis)
            .add(millis);
      }
      return new Reply(
          response.statusCode(),
          response.body(),
          response.headers().firstValue("Retry-After").orElse(null),
          millis);
    } catch (IOException e) {
      return new Reply(0, null, null, (System.nanoTime() - t0) / 1_000_000);
    }
  }

  /** The counts and latencies of the run. */
  JsonObject report(int students) {
    return new JsonObject()
        .put("students", students)
        .put("requests", submitRequests.sum())
        .put("acknowledged", acknowledged.sum())
        .put("unacknowledged", unacked.size())
        .put("refused", refused.sum())
        .put("login_requests", loginRequests.sum())
        .put("login_queued", loginQueued.sum())
        .put("draft_requests", draftRequests.sum())
        .put("drafts_failed", draftFailed.sum())
        .put("submit_busy", submitBusy.sum())
        .put("submit_errors", submitErrors.sum())
        .put("ok_request_p50_ms", percentile(okMillis, 0.50))
        .put("ok_request_p99_ms", percentile(okMillis, 0.99))
        .put("ok_login_p99_ms", percentile(loginMillis, 0.99))
        .put("ok_draft_p99_ms", percentile(draftMillis, 0.99))
        .put("ok_submit_request_p99_ms", percentile(submitRequestMillis, 0.99))
        .put("submit_p99_ms", percentile(submitMillis, 0.99))
        .put("submit_max_ms", percentile(submitMillis, 1.0))
        .put("elapsed_ms", (System.nanoTime() - started) / 1_000_000);
  }

  /** The {@code q} quantile (nearest rank) of {@code values}, or 0 for none. */
  static long percentile(java.util.Collection<Long> values, double q) {
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
  }

  private static void usage(String problem) {
    System.err.println("chaos driver: " + problem);
    System.err.println(
        "usage: ChaosDriver --feeder <csv> --out <path prefix> --count N --bases URL,... [--from"
            + " I] [--rate R] [--concurrency C] [--deadline-s D] [--timeout-ms T] [--seed S]");
    System.exit(2);
  }
}
