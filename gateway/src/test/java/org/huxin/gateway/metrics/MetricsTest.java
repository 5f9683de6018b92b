package org.huxin.gateway.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.function.DoubleSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.gateway.student.StudentPathTest;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.gateway.testing.Http;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.Eventually;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} after real traffic: the counters moved, requests are timed by route
 * template, no student data is in any label, and only loopback or an ops session may read it.
 */
@DatabaseTest
class MetricsTest {
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(MetricsTest.class); // the fixture has the account "ops"
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void metrics_afterLoginAndSubmit_countersAboveZero() {
    RosterEntry student = gw.secondaryStudent(0);
    HttpResponse<String> login = gw.http.postJson("/api/student/login", gw.loginBody(student));
    assertEquals(200, login.statusCode(), login.body());
    String token = new JsonObject(login.body()).getString("token");
    String path = new JsonObject(login.body()).getString("questionnaire");
    JsonObject questionnaire = new JsonObject(gw.http.get(path).body());
    JsonObject body =
        new JsonObject()
            .put("idempotencyKey", UUID.randomUUID().toString())
            .put("answers", StudentPathTest.answers(questionnaire, StudentPathTest.ROUTINE));
    HttpResponse<String> submit =
        gw.http.postJson("/api/student/submit", body.encode(), "Authorization", "Bearer " + token);
    assertEquals(200, submit.statusCode(), submit.body());

    HttpResponse<String> scrape = gw.http.get("/metrics");
    assertEquals(200, scrape.statusCode(), scrape.body());
    assertTrue(scrape.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
    String text = scrape.body();
    assertTrue(value(text, "huxin_logins_total{kind=\"student\",outcome=\"ok\"}") >= 1, text);
    assertTrue(value(text, "huxin_submits_total{outcome=\"stored\"}") >= 1, text);
    assertTrue(value(text, "huxin_results_total{tier=\"routine\"}") >= 1, text);
    assertTrue(value(text, "huxin_writer_batches_total") >= 1, text);
    assertTrue(value(text, "huxin_writer_batch_rows_count") >= 1, text);
    assertTrue(value(text, "huxin_writer_batch_latency_seconds_count") >= 1, text);
    assertTrue(value(text, "huxin_scoring_seconds_count") >= 1, text);
    assertTrue(text.contains("huxin_writer_queue_depth_rows "), text);
    assertEquals(1, value(text, "huxin_ready"));
    assertTrue(text.contains("\nhuxin_drafts_held "), "drafts held: " + text);
    assertTrue(text.contains("\njvm_memory_used_bytes{area=\"heap\""), "heap: " + text);
    assertTrue(text.contains("\nprocess_cpu_usage "), "process CPU: " + text);
    // Requests are timed by route template, method and status, never by raw path.
    assertTrue(
        value(
                text,
                "huxin_http_server_requests_seconds_count{code=\"200\",method=\"POST\","
                    + "route=\"/api/student/login\"}")
            >= 1,
        "HTTP meters by route template: " + text);
    assertTrue(
        value(
                text,
                "huxin_http_server_requests_seconds_count{code=\"200\",method=\"GET\","
                    + "route=\"/api/questionnaires/:battery/:hash/:locale\"}")
            >= 1,
        "the questionnaire's template, not its path: " + text);
    assertTrue(
        value(
                text,
                "huxin_http_server_requests_seconds_bucket{code=\"200\",method=\"POST\","
                    + "route=\"/api/student/login\",le=\"1.0\"}")
            >= 1,
        "latency buckets: " + text);
    assertTrue(value(text, "huxin_http_server_connections") >= 1, "open connections: " + text);
    // The reactive PostgreSQL pools: the request paths' and the result writer's own.
    assertTrue(
        text.contains("vertx_pool_in_use{pool_name=\"huxin-pg\",pool_type=\"sql\"}"),
        "request pool: " + text);
    assertTrue(
        value(
                text,
                "vertx_pool_usage_seconds_count{pool_name=\"huxin-pg-writer\",pool_type=\"sql\"}")
            >= 1,
        "writer pool used: " + text);

    assertFalse(text.contains(token), "no token in metrics");
    assertFalse(text.contains("\"" + student.studentNo() + "\""), "no student number in a label");
    assertFalse(text.contains("\"" + student.id() + "\""), "no student id in a label");
    assertFalse(text.contains(path), "no questionnaire path (raw paths are never labels)");
  }

  @Test
  void metrics_viaProxy_needsAnOpsSession() {
    String[] proxied = {"X-Forwarded-For", "203.0.113.9"};
    Http anonymous = new Http(gw.app.port());
    HttpResponse<String> none = anonymous.get("/metrics", proxied);
    assertEquals(401, none.statusCode(), none.body());
    assertFalse(none.body().contains("huxin_"), "no metrics without a session");

    Http admin = gw.staffSession("city");
    HttpResponse<String> wrongRole = admin.get("/metrics", proxied);
    assertEquals(403, wrongRole.statusCode(), wrongRole.body());

    Http ops = gw.staffSession("ops");
    HttpResponse<String> allowed = ops.get("/metrics", proxied);
    assertEquals(200, allowed.statusCode(), allowed.body());
    assertTrue(allowed.body().contains("huxin_logins_total"));
  }

  @Test
  void metrics_loginOutcomes_countedByOutcome() {
    double failedBefore = loginCount("failed");
    double okBefore = loginCount("ok");
    RosterEntry student = gw.secondaryStudent(1);
    String right = gw.codeOf(student);
    String wrong = right.substring(0, 10) + (right.endsWith("Z") ? "Y" : "Z");
    HttpResponse<String> r =
        gw.http.postJson(
            "/api/student/login",
            GatewayFixture.loginBody(student.schoolCode(), student.studentNo(), wrong));
    assertEquals(401, r.statusCode());
    assertEquals(failedBefore + 1, loginCount("failed"));
    assertEquals(okBefore, loginCount("ok"));
  }

  /**
   * Open consoles hold live streams for hours; counted as requests in flight, a few hundred of them
   * filled the waiting room's door and every student login queued.
   */
  @Test
  void inFlight_openStreams_notCounted() throws Exception {
    Http console = gw.staffSession("city");
    long window = gw.window.id();
    java.util.concurrent.BlockingQueue<String> alerts = console.lines("/api/staff/alerts/stream");
    java.util.concurrent.BlockingQueue<String> progress =
        console.lines("/api/staff/windows/" + window + "/progress/stream");
    assertEquals(": huxin crisis feed", alerts.poll(20, java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(": huxin progress", progress.poll(20, java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(
        0, gw.app.services().admission().inFlight(), "two open streams, nothing in flight");
    assertEquals(0, value(gw.http.get("/metrics").body(), "huxin_requests_in_flight"));
  }

  @Test
  void httpMeters_failuresKeepTheirRoute_strangersCountAsNone() throws Exception {
    RosterEntry student = gw.secondaryStudent(2);
    String right = gw.codeOf(student);
    String wrong = right.substring(0, 10) + (right.endsWith("Z") ? "Y" : "Z");
    double refusedBefore = requests("/api/student/login", "POST", "401");
    HttpResponse<String> refused =
        gw.http.postJson(
            "/api/student/login",
            new JsonObject()
                .put("schoolCode", student.schoolCode())
                .put("studentNo", student.studentNo())
                .put("accessCode", wrong)
                .encode());
    assertEquals(401, refused.statusCode(), refused.body());
    awaitRequests(refusedBefore + 1, () -> requests("/api/student/login", "POST", "401"));

    // A GET of an unknown path is the static files' to answer (404); a POST is no route's (405).
    double strangersBefore = requests("none", "POST", "405");
    assertEquals(405, gw.http.postJson("/api/no/such/thing/" + student.id(), "{}").statusCode());
    awaitRequests(strangersBefore + 1, () -> requests("none", "POST", "405"));

    double oddBefore = requests("none", "other", "404") + requests("none", "other", "405");
    HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(gw.http.base() + "/api/brew"))
                .method("BREW", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.discarding());
    // An unknown method is labelled "other", so labels stay few.
    awaitRequests(
        oddBefore + 1, () -> requests("none", "other", "404") + requests("none", "other", "405"));
    assertTrue(
        gw.metrics.registry().find("huxin.http.server.requests").timers().stream()
            .noneMatch(t -> t.getId().getTag("route").contains(String.valueOf(student.id()))),
        "no raw path becomes a label");
  }

  /** A request is timed when its response has ended, which may be just after the client has it. */
  private static void awaitRequests(double expected, DoubleSupplier count) {
    Eventually.await(
        expected + " timed requests", Duration.ofSeconds(5), () -> count.getAsDouble() >= expected);
    assertEquals(expected, count.getAsDouble());
  }

  private static double requests(String route, String method, String code) {
    var timer =
        gw.metrics
            .registry()
            .find("huxin.http.server.requests")
            .tag("route", route)
            .tag("method", method)
            .tag("code", code)
            .timer();
    return timer == null ? 0 : timer.count();
  }

  @Test
  void requestShed_endpointsBeyondTheCap_countAsOther() {
    GatewayMetrics metrics = GatewayMetrics.create();
    for (int i = 0; i < 100; i++) {
      metrics.requestShed("/endpoint/" + i);
    }
    assertEquals(
        36.0, metrics.registry().get("huxin.shed").tag("endpoint", "other").counter().count());
    assertEquals(65, metrics.registry().find("huxin.shed").counters().size());
  }

  private static double loginCount(String outcome) {
    return gw.metrics
        .registry()
        .get("huxin.logins")
        .tag("kind", "student")
        .tag("outcome", outcome)
        .counter()
        .count();
  }

  /** The sample value of the series written exactly as {@code series}, or -1 when absent. */
  private static double value(String text, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }
}
