package org.huxin.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.store.Store;
import org.huxin.engine.windows.NewWindow;
import org.huxin.engine.windows.Window;
import org.huxin.engine.windows.WindowStatus;
import org.huxin.engine.windows.WindowStore;
import org.huxin.gateway.auth.AccessCodes;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.gateway.testing.Http;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.TestDatabase;
import org.huxin.testsupport.TestRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kills a real gateway process with SIGKILL while submits are in flight, restarts it, and checks
 * that every submit acknowledged before the kill is stored exactly once and answers a resubmit with
 * its original receipt.
 */
@DatabaseTest
class GatewayCrashTest {
  private static final int STUDENTS = 60;
  private static final int KILL_AFTER_ACKS = 20;

  private static TestDatabase db;
  private static Window window;
  private static List<RosterEntry> students;
  private static Path home;

  @BeforeAll
  static void seed() throws IOException {
    db = TestDatabase.create(GatewayCrashTest.class);
    List<RosterEntry> roster = TestRows.loadDemoCity(db.dataSource());
    try (Store store = db.openStore()) {
      Instant now = Instant.now();
      Window created =
          new WindowStore(store.dataSource())
              .create(
                  NewWindow.cityWide(
                      "crash window",
                      4,
                      12,
                      GatewayFixture.BATTERIES,
                      now.minus(Duration.ofHours(1)),
                      now.plus(Duration.ofDays(1))));
      window = new WindowStore(store.dataSource()).setStatus(created.id(), WindowStatus.OPEN);
    }
    students =
        roster.stream()
            .filter(e -> e.consent() && window.inScope(e.districtId(), e.schoolId(), e.grade()))
            .limit(STUDENTS)
            .toList();
    home = Files.createTempDirectory("huxin-crash");
  }

  @AfterAll
  static void drop() {
    db.close();
  }

  @Test
  void kill9_losesNoAcknowledgedSubmit() throws Exception {
    int port = GatewayFixture.freePort();
    Process gateway = startGateway(port, "first");
    Map<Long, String> acknowledged = new ConcurrentHashMap<>();
    Map<Long, String> tokens = new ConcurrentHashMap<>();
    Http http = new Http(port);
    JsonObject questionnaire = null;
    for (RosterEntry s : students) {
      HttpResponse<String> login = http.postJson("/api/student/login", loginBody(s));
      assertEquals(200, login.statusCode(), login.body());
      JsonObject body = new JsonObject(login.body());
      tokens.put(s.id(), body.getString("token"));
      if (questionnaire == null) {
        questionnaire = new JsonObject(http.get(body.getString("questionnaire")).body());
      }
    }
    String answers = answersAllOnes(questionnaire).encode();

    CountDownLatch enoughAcks = new CountDownLatch(KILL_AFTER_ACKS);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    for (RosterEntry s : students) {
      pool.submit(
          () -> {
            try {
              HttpResponse<String> r = submit(http, tokens.get(s.id()), UUID.randomUUID(), answers);
              if (r.statusCode() == 200) {
                acknowledged.put(s.id(), new JsonObject(r.body()).getString("receipt"));
                enoughAcks.countDown();
              }
            } catch (RuntimeException connectionLost) {
              // the kill cut this submit off: it was never acknowledged
            }
          });
    }
    assertTrue(enoughAcks.await(60, TimeUnit.SECONDS), "submits were acknowledged");
    gateway.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    Map<Long, String> ackedBeforeKill = Map.copyOf(acknowledged);
    pool.shutdown();
    assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
    // Acknowledgements that raced the kill count too: each was sent after a COMMIT.
    Map<Long, String> allAcked = Map.copyOf(acknowledged);
    assertTrue(ackedBeforeKill.size() >= KILL_AFTER_ACKS);

    for (Map.Entry<Long, String> ack : allAcked.entrySet()) {
      assertEquals(
          List.of(ack.getValue()),
          receiptsOf(ack.getKey()),
          "student " + ack.getKey() + " was acknowledged, so exactly its row must be stored");
    }

    Process restarted = startGateway(port, "second");
    try {
      for (Map.Entry<Long, String> ack : allAcked.entrySet()) {
        HttpResponse<String> again =
            submit(http, tokens.get(ack.getKey()), UUID.randomUUID(), answers);
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(ack.getValue(), new JsonObject(again.body()).getString("receipt"));
      }
      List<Long> retried = new ArrayList<>();
      for (RosterEntry s : students) {
        if (!allAcked.containsKey(s.id())) {
          HttpResponse<String> r = submit(http, tokens.get(s.id()), UUID.randomUUID(), answers);
          assertEquals(200, r.statusCode(), r.body());
          retried.add(s.id());
        }
      }
      for (RosterEntry s : students) {
        assertEquals(1, receiptsOf(s.id()).size(), "one row per student, never two");
      }
      assertEquals(STUDENTS, allAcked.size() + retried.size());
    } finally {
      restarted.destroy();
      restarted.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static Process startGateway(int port, String name) throws Exception {
    Path log = Path.of("target", "crash-gateway-" + name + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "serve")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.putAll(db.env());
    env.put("HUXIN_HOME", home.toString());
    env.put("HUXIN_HTTP_HOST", "127.0.0.1");
    env.put("HUXIN_HTTP_PORT", Integer.toString(port));
    env.put("HUXIN_EVENT_LOOPS", "2");
    env.put("HUXIN_TOKEN_SECRET", Base64.getEncoder().encodeToString(GatewayFixture.TOKEN_SECRET));
    Process p = pb.start();
    Http http = new Http(port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new AssertionError("gateway exited early; see " + log.toAbsolutePath());
      }
      try {
        if (http.get("/health/live").statusCode() == 200) {
          return p;
        }
      } catch (RuntimeException notYet) {
        // still starting
      }
      Thread.sleep(200);
    }
    p.destroyForcibly();
    throw new AssertionError("gateway did not start in 90 s; see " + log.toAbsolutePath());
  }

  private static String loginBody(RosterEntry s) {
    return GatewayFixture.loginBody(
        s.schoolCode(), s.studentNo(), AccessCodes.code(window.codeSecret(), window.id(), s.id()));
  }

  private static HttpResponse<String> submit(Http http, String token, UUID key, String answers) {
    String body =
        "{\"idempotencyKey\":\"" + key + "\",\"locale\":\"zh-CN\",\"answers\":" + answers + "}";
    return http.postJson("/api/student/submit", body, "Authorization", "Bearer " + token);
  }

  private static JsonObject answersAllOnes(JsonObject questionnaire) {
    JsonObject answers = new JsonObject();
    for (Object s : questionnaire.getJsonArray("scales")) {
      JsonObject scale = (JsonObject) s;
      JsonArray values = new JsonArray();
      scale.getJsonArray("items").forEach(i -> values.add(1));
      answers.put(scale.getString("id"), values);
    }
    return answers;
  }

  private static List<String> receiptsOf(long studentId) throws SQLException {
    List<String> receipts = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT idempotency_key::text FROM result WHERE window_id = ? AND student_id = ?")) {
      ps.setLong(1, window.id());
      ps.setLong(2, studentId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          receipts.add(rs.getString(1));
        }
      }
    }
    return receipts;
  }
}
