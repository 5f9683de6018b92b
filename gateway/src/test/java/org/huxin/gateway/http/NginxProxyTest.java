package org.huxin.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.parsetools.RecordParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.gateway.admission.LoginGuard;
import org.huxin.gateway.auth.StaffAuth;
import org.huxin.gateway.student.StudentPathTest;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.gateway.testing.Nginx;
import org.huxin.testsupport.DatabaseTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end through Debian's real nginx running the shipped site file over HTTPS (a self-signed
 * certificate the clients trust), in front of a gateway started with {@code
 * HUXIN_TRUSTED_PROXIES=127.0.0.1} and {@code
 * HUXIN_PUBLIC_URL=https://huxin.example.edu.cn:<port>}. Clients bind their sockets to different
 * loopback addresses (127.0.x.y), so nginx sees many client addresses and appends each to {@code
 * X-Forwarded-For}; the gateway sees only nginx.
 *
 * <ul>
 *   <li>Hundreds of students sign in from 64 addresses, all at once.
 *   <li>One address's typos ({@link LoginGuard#ADDRESS_FAILURES} wrong codes) get that address
 *       refused, and nobody else: were the gateway counting nginx's address, every student of the
 *       city would now be refused.
 *   <li>The console's POSTs, with the Origin a browser on the public URL sends, pass the Origin
 *       check though nginx rewrites Host; another origin is refused.
 *   <li>The crisis feed streams through the proxy: an ASQ-positive submit reaches the open feed
 *       within seconds.
 * </ul>
 */
@DatabaseTest
class NginxProxyTest {
  private static final int STUDENTS = 400;
  private static final int ADDRESSES = 64;
  private static final Duration LIVE_WITHIN = Duration.ofSeconds(5);

  private static final int HTTPS_PORT = GatewayFixture.freePort();
  private static final String PUBLIC = "https://" + Nginx.SERVER_NAME + ":" + HTTPS_PORT;

  private static GatewayFixture gw;
  private static Nginx nginx;
  private static final Map<String, HttpClientAgent> clients = new ConcurrentHashMap<>();

  /** Every client is driven from this one context ({@link GatewayFixture#onContext}). */
  private static Context context;

  private static List<RosterEntry> students;

  @BeforeAll
  static void start() {
    gw =
        GatewayFixture.start(
            NginxProxyTest.class,
            Map.of(
                "HUXIN_TRUSTED_PROXIES", "127.0.0.1",
                "HUXIN_PUBLIC_URL", PUBLIC,
                "HUXIN_ADMISSION_MAX_LAG_MS", "600000",
                "HUXIN_ADMISSION_TARGET_MS", "600000"));
    nginx = Nginx.start(HTTPS_PORT, List.of(gw.app.port()));
    context = gw.vertx.getOrCreateContext();
    long crisisStudent = gw.studentA().id();
    students =
        gw.roster.stream()
            .filter(e -> e.consent() && e.grade() >= 4 && e.id() != crisisStudent)
            .toList();
    assertTrue(students.size() >= STUDENTS + 100, "roster: " + students.size());
  }

  @AfterAll
  static void stop() {
    try {
      clients.values().forEach(c -> GatewayFixture.await(c.close()));
      if (nginx != null) {
        nginx.close();
      }
    } finally {
      gw.close();
    }
  }

  @Test
  void students_manyAddresses_allSignIn() {
    List<Future<Answer>> logins = new ArrayList<>();
    for (int i = 0; i < STUDENTS; i++) {
      String from = "127.0.1." + (1 + i % ADDRESSES);
      logins.add(call(from, HttpMethod.POST, "/api/student/login", gw.loginBody(students.get(i))));
    }
    long started = System.nanoTime();
    List<Answer> answers = GatewayFixture.await(Future.all(logins)).list();
    long millis = (System.nanoTime() - started) / 1_000_000;
    List<String> refused = new ArrayList<>();
    for (Answer a : answers) {
      if (a.status() != 200) {
        refused.add(a.status() + " " + a.body());
      }
    }
    assertEquals(List.of(), refused, "students refused through the proxy");
    System.out.printf(
        "nginx e2e: %d students from %d addresses signed in through TLS in %d ms%n",
        STUDENTS, ADDRESSES, millis);

    Set<String> seen = new HashSet<>();
    for (String line : nginx.accessLog()) {
      if (line.contains("POST /api/student/login ")) {
        seen.add(line.substring(0, line.indexOf(' ')));
      }
      assertFalse(line.contains("code"), "the access log holds no code: " + line);
    }
    assertTrue(seen.size() >= ADDRESSES, "client addresses nginx logged: " + seen.size());
  }

  @Test
  void typosFromOneAddress_lockNobodyElse() {
    // 300 wrong codes from one address: the first student gets one more than the free wrong codes
    // of one student from one address (so that address now waits for that student), the others
    // fewer. Counted under the proxy's address instead of the real one, the first student would
    // then wait at every address.
    String typist = "127.0.9.9";
    int failures = 300;
    int first = LoginGuard.STUDENT.free() + 1;
    int perStudent = LoginGuard.STUDENT.free() - 1;
    List<RosterEntry> typod =
        students.subList(STUDENTS, STUDENTS + 2 + (failures - first) / perStudent);
    long started = System.nanoTime();
    for (int i = 0; i < failures; i++) {
      RosterEntry s = i < first ? typod.get(0) : typod.get(1 + (i - first) / perStudent);
      Answer a = send(typist, HttpMethod.POST, "/api/student/login", wrongCode(s));
      assertEquals(401, a.status(), "typo " + i + ": " + a.body());
    }
    long floodMillis = (System.nanoTime() - started) / 1_000_000;

    Answer waits = send(typist, HttpMethod.POST, "/api/student/login", gw.loginBody(typod.get(0)));
    assertEquals(429, waits.status(), "the typing address, for that student: " + waits.body());
    assertEquals("too_many_attempts", waits.json().getString("error"), waits.body());
    RosterEntry sameRoom = typod.get(typod.size() - 1);
    Answer sameAddress =
        send(typist, HttpMethod.POST, "/api/student/login", gw.loginBody(sameRoom));
    assertEquals(
        200, sameAddress.status(), "a classmate at the typing address: " + sameAddress.body());

    List<Future<Answer>> others = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      RosterEntry s = i == 0 ? typod.get(0) : students.get(STUDENTS + typod.size() + 2 + i);
      others.add(
          call("127.0.2." + (1 + i), HttpMethod.POST, "/api/student/login", gw.loginBody(s)));
    }
    long afterFlood = System.nanoTime();
    for (Answer a : GatewayFixture.await(Future.all(others)).<Answer>list()) {
      assertEquals(200, a.status(), "a student at another address: " + a.body());
    }
    long othersMillis = (System.nanoTime() - afterFlood) / 1_000_000;
    System.out.printf(
        "nginx e2e: %d wrong codes from %s in %d ms; then 20 students at 20 other addresses"
            + " (one of them typo'd %d times from %s) signed in within %d ms%n",
        failures, typist, floodMillis, first, typist, othersMillis);
  }

  @Test
  void console_postsPassTheOriginCheck_crisisFeedStreams() throws Exception {
    String staff = "127.0.3.1";
    Answer cross =
        send(
            staff,
            HttpMethod.POST,
            "/api/staff/login",
            staffLogin(),
            "Origin",
            "https://evil.example");
    assertEquals(403, cross.status(), cross.body());
    Answer login = send(staff, HttpMethod.POST, "/api/staff/login", staffLogin(), "Origin", PUBLIC);
    assertEquals(200, login.status(), login.body());
    String setCookie =
        login.headers().getAll("set-cookie").stream()
            .filter(c -> c.startsWith(StaffAuth.COOKIE + "="))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no session cookie: " + login.headers()));
    assertTrue(setCookie.toLowerCase(Locale.ROOT).contains("; secure"), setCookie);
    String cookie = setCookie.split(";", 2)[0];
    assertEquals(
        List.of("max-age=31536000; includeSubDomains"),
        login.headers().getAll("strict-transport-security"),
        "one HSTS header");

    BlockingQueue<String> feed = stream(staff, "/api/staff/alerts/stream", cookie);
    assertEquals("status 200", feed.poll(10, TimeUnit.SECONDS), "stream opened");
    assertEquals(": huxin crisis feed", feed.poll(10, TimeUnit.SECONDS), "stream greeted");

    RosterEntry student = gw.studentA();
    long submitted = submitCrisis("127.0.3.2", student);
    JsonObject delivery = awaitDelivery(feed, student, submitted + LIVE_WITHIN.toNanos());
    long millis = (System.nanoTime() - submitted) / 1_000_000;
    System.out.printf(
        "nginx e2e: the crisis reached the feed through nginx %d ms after submit%n", millis);

    String ack = "/api/staff/alerts/" + delivery.getLong("alertId") + "/ack";
    Answer forged =
        send(staff, HttpMethod.POST, ack, "{}", "Cookie", cookie, "Origin", "https://evil.example");
    assertEquals(403, forged.status(), forged.body());
    assertEquals("cross_origin", forged.json().getString("error"));
    Answer taken = send(staff, HttpMethod.POST, ack, "{}", "Cookie", cookie, "Origin", PUBLIC);
    assertEquals(200, taken.status(), taken.body());
    assertTrue(taken.json().getBoolean("acknowledged"), taken.body());
  }

  @Test
  void staticFilesGzipped_apiNot_plainHttpRedirects() {
    String from = "127.0.4.1";
    Answer script = send(from, HttpMethod.GET, "/student/flow.js", null, "Accept-Encoding", "gzip");
    assertEquals(200, script.status());
    assertEquals("gzip", script.headers().get("content-encoding"), "static files are gzipped");
    Answer api = send(from, HttpMethod.GET, "/api/staff/me", null, "Accept-Encoding", "gzip");
    assertEquals(401, api.status());
    assertNotEquals("gzip", api.headers().get("content-encoding"), "API answers are not");
    assertEquals(404, send(from, HttpMethod.GET, "/metrics", null).status());

    HttpClientAgent plain = gw.vertx.createHttpClient(new HttpClientOptions());
    try {
      int[] status = {0};
      String location =
          GatewayFixture.await(
              plain
                  .request(HttpMethod.GET, nginx.httpPort(), "127.0.0.1", "/?school=S1")
                  .compose(HttpClientRequest::send)
                  .map(
                      r -> {
                        status[0] = r.statusCode();
                        return r.getHeader("location");
                      }));
      assertEquals(301, status[0]);
      assertTrue(location.startsWith("https://"), location);
    } finally {
      GatewayFixture.await(plain.close());
    }
  }

  /** Signs {@code student} in from {@code from} and submits a crisis answer; the submit's time. */
  private static long submitCrisis(String from, RosterEntry student) {
    Answer login = send(from, HttpMethod.POST, "/api/student/login", gw.loginBody(student));
    assertEquals(200, login.status(), login.body());
    JsonObject session = login.json();
    Answer questionnaire = send(from, HttpMethod.GET, session.getString("questionnaire"), null);
    assertEquals(200, questionnaire.status(), questionnaire.body());
    JsonObject submit =
        new JsonObject()
            .put("idempotencyKey", UUID.randomUUID().toString())
            .put(
                "answers",
                StudentPathTest.answers(
                    questionnaire.json(),
                    (scale, item) -> scale.equals("phq9") && item == 9 ? 3 : 0));
    Answer stored =
        send(
            from,
            HttpMethod.POST,
            "/api/student/submit",
            submit.encode(),
            "Authorization",
            "Bearer " + session.getString("token"));
    assertEquals(200, stored.status(), stored.body());
    return System.nanoTime();
  }

  private static JsonObject awaitDelivery(
      BlockingQueue<String> lines, RosterEntry student, long deadline) throws InterruptedException {
    for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
      String line = lines.poll(left, TimeUnit.NANOSECONDS);
      if (line != null && line.startsWith("data: ")) {
        JsonObject event = new JsonObject(line.substring(6));
        if ("delivery".equals(event.getString("kind"))
            && Long.valueOf(student.id()).equals(event.getLong("studentId"))) {
          return event;
        }
      }
    }
    return fail("no crisis on the feed through nginx within " + LIVE_WITHIN);
  }

  private static String staffLogin() {
    return new JsonObject()
        .put("username", "psy")
        .put("password", GatewayFixture.PASSWORD)
        .encode();
  }

  private static String wrongCode(RosterEntry s) {
    String wrong = gw.codeOf(s).endsWith("Z") ? "AAAAA-AAAAY" : "AAAAA-AAAAZ";
    return GatewayFixture.loginBody(s.schoolCode(), s.studentNo(), wrong);
  }

  /** One client per source address, trusting the test certificate and checking the host name. */
  private static HttpClientAgent client(String from) {
    return clients.computeIfAbsent(
        from,
        a ->
            gw.vertx.createHttpClient(
                new HttpClientOptions()
                    .setSsl(true)
                    .setTrustOptions(
                        new PemTrustOptions().addCertPath(nginx.certificate().toString()))
                    .setVerifyHost(true)
                    .setLocalAddress(a),
                new PoolOptions().setHttp1MaxSize(4)));
  }

  private static RequestOptions options(HttpMethod method, String path, String... headers) {
    RequestOptions o =
        new RequestOptions()
            .setMethod(method)
            .setServer(SocketAddress.inetSocketAddress(HTTPS_PORT, "127.0.0.1"))
            .setHost(Nginx.SERVER_NAME)
            .setPort(HTTPS_PORT)
            .setSsl(true)
            .setURI(path);
    for (int i = 0; i < headers.length; i += 2) {
      o.addHeader(headers[i], headers[i + 1]);
    }
    return o;
  }

  private static Future<Answer> call(
      String from, HttpMethod method, String path, String body, String... headers) {
    RequestOptions o = options(method, path, headers);
    if (body != null) {
      o.addHeader("Content-Type", "application/json");
    }
    return GatewayFixture.onContext(
        context,
        () ->
            client(from)
                .request(o)
                .compose(req -> body == null ? req.send() : req.send(body))
                .compose(
                    res ->
                        res.body()
                            .map(b -> new Answer(res.statusCode(), res.headers(), b.toString()))));
  }

  private static Answer send(
      String from, HttpMethod method, String path, String body, String... headers) {
    return GatewayFixture.await(call(from, method, path, body, headers));
  }

  /** Opens an event stream; its queue gets "status N" and then every line as it arrives. */
  private static BlockingQueue<String> stream(String from, String path, String cookie) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    context.runOnContext(
        v ->
            client(from)
                .request(options(HttpMethod.GET, path, "Cookie", cookie))
                .compose(HttpClientRequest::send)
                .onSuccess(
                    res -> {
                      lines.add("status " + res.statusCode());
                      res.handler(
                          RecordParser.newDelimited("\n", line -> lines.add(line.toString())));
                    })
                .onFailure(e -> lines.add("failed " + e)));
    return lines;
  }

  private record Answer(int status, MultiMap headers, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }
}
