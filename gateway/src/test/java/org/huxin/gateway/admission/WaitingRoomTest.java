package org.huxin.gateway.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.gateway.student.StudentPathTest;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.testsupport.DatabaseTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A burst of students against a node whose waiting room engages at 4 requests in flight (with group
 * result inserts slowed by 40 ms with a trigger, so submits stay in flight): some logins are queued
 * with tickets, every student retries on their own, and every one of them finishes with a stored
 * result.
 */
@DatabaseTest
class WaitingRoomTest {
  private static final int STUDENTS = 120;
  private static GatewayFixture gw;

  @BeforeAll
  static void start() throws SQLException {
    gw =
        GatewayFixture.start(
            WaitingRoomTest.class,
            Map.of("HUXIN_ADMISSION_LIMIT", "4", "HUXIN_WRITER_BATCH", "500"));
    slowResultInserts(gw.db.dataSource());
  }

  /** Every INSERT into result takes 40 ms longer, as on a slow disk, so submits stay in flight. */
  private static void slowResultInserts(DataSource owner) throws SQLException {
    try (Connection c = owner.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE FUNCTION test_slow_insert() RETURNS trigger LANGUAGE plpgsql AS"
              + " $$ BEGIN PERFORM pg_sleep(0.04); RETURN NULL; END $$");
      s.execute(
          "CREATE TRIGGER test_slow_result_insert BEFORE INSERT ON result"
              + " FOR EACH STATEMENT EXECUTE FUNCTION test_slow_insert()");
    }
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void burst_queuesLoginsAndEveryStudentFinishes() throws Exception {
    List<RosterEntry> students =
        gw.roster.stream()
            .filter(e -> e.consent() && gw.window.inScope(e.districtId(), e.schoolId(), e.grade()))
            .limit(STUDENTS)
            .toList();
    assertEquals(STUDENTS, students.size());
    AtomicInteger queuedAnswers = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(48);
    List<Future<String>> done = new ArrayList<>();
    for (int i = 0; i < students.size(); i++) {
      RosterEntry s = students.get(i);
      // Staggered starts, so that some students log in while others' submits are in flight;
      // in lockstep every login could land when nothing is in flight and nobody would queue.
      long startAfterMillis = (i % 20) * 10L;
      done.add(
          pool.submit(
              () -> {
                Thread.sleep(startAfterMillis);
                return screen(s, queuedAnswers);
              }));
    }
    for (Future<String> f : done) {
      f.get(5, TimeUnit.MINUTES);
    }
    pool.shutdown();
    assertTrue(queuedAnswers.get() > 0, "the waiting room engaged");
    assertEquals(queuedAnswers.get(), gw.app.services().admission().queued());
    assertEquals(STUDENTS, storedResults(), "every queued student finished");
  }

  /** One student: log in (waiting in line when told to), fetch, submit. Returns the receipt. */
  private static String screen(RosterEntry s, AtomicInteger queued) throws Exception {
    String ticket = null;
    JsonObject session;
    while (true) {
      JsonObject body = new JsonObject(gw.loginBody(s));
      if (ticket != null) {
        body.put("queueTicket", ticket);
      }
      HttpResponse<String> login = gw.http.postJson("/api/student/login", body.encode());
      if (login.statusCode() == 503) {
        JsonObject wait = new JsonObject(login.body());
        assertEquals("queued", wait.getString("error"));
        assertTrue(login.headers().firstValue("retry-after").isPresent());
        queued.incrementAndGet();
        ticket = wait.getString("ticket");
        Thread.sleep(Math.min(1000, wait.getInteger("retryAfter") * 1000L));
        continue;
      }
      assertEquals(200, login.statusCode(), login.body());
      session = new JsonObject(login.body());
      break;
    }
    JsonObject questionnaire =
        new JsonObject(gw.http.get(session.getString("questionnaire")).body());
    JsonObject submit =
        new JsonObject()
            .put("idempotencyKey", UUID.randomUUID().toString())
            .put("answers", StudentPathTest.answers(questionnaire, StudentPathTest.ROUTINE));
    HttpResponse<String> r =
        gw.http.postJson(
            "/api/student/submit",
            submit.encode(),
            "Authorization",
            "Bearer " + session.getString("token"));
    assertEquals(200, r.statusCode(), "logged-in students are never queued: " + r.body());
    return new JsonObject(r.body()).getString("receipt");
  }

  private static int storedResults() throws Exception {
    try (Connection c = gw.db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM result WHERE window_id = ?")) {
      ps.setLong(1, gw.window.id());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
