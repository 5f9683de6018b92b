package org.huxin.gateway.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.staff.NewStaffAccount;
import org.huxin.engine.staff.StaffRole;
import org.huxin.engine.staff.StaffStore;
import org.huxin.engine.store.Store;
import org.huxin.engine.windows.NewWindow;
import org.huxin.engine.windows.Window;
import org.huxin.engine.windows.WindowStatus;
import org.huxin.engine.windows.WindowStore;
import org.huxin.gateway.auth.AccessCodes;
import org.huxin.gateway.auth.PasswordHasher;
import org.huxin.gateway.student.StudentPathTest;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.gateway.testing.Http;
import org.huxin.gateway.testing.TestCluster;
import org.huxin.gateway.testing.TestCluster.Member;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.MutableClock;
import org.huxin.testsupport.TestDatabase;
import org.huxin.testsupport.TestRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three gateway members in one JVM form a Hazelcast cluster over one database. Students log in,
 * save drafts and submit through the members in turn; one member is terminated abruptly in the
 * middle; every acknowledged draft is still readable and every acknowledged submit is stored.
 */
@DatabaseTest
class ClusterTest {
  private static final int MEMBERS = 3;
  private static final int STUDENTS = 30;

  private static TestDatabase db;
  private static Store store;
  private static Window window;
  private static List<RosterEntry> students;
  private static final MutableClock CLOCK = new MutableClock(GatewayFixture.START);
  private static TestCluster cluster;
  private static List<Member> members;

  @BeforeAll
  static void startCluster() throws Exception {
    db = TestDatabase.create(ClusterTest.class);
    store = db.openStore();
    List<RosterEntry> roster = TestRows.loadDemoCity(db.dataSource());
    Window created =
        new WindowStore(store.dataSource())
            .create(
                NewWindow.cityWide(
                    "cluster window",
                    4,
                    12,
                    GatewayFixture.BATTERIES,
                    GatewayFixture.START.minus(Duration.ofHours(1)),
                    GatewayFixture.START.plus(Duration.ofDays(7))));
    window = new WindowStore(store.dataSource()).setStatus(created.id(), WindowStatus.OPEN);
    new StaffStore(store.dataSource())
        .create(
            new NewStaffAccount(
                "city",
                PasswordHasher.hash(GatewayFixture.PASSWORD),
                StaffRole.CITY_ADMIN,
                null,
                null,
                null,
                "city"));
    students =
        roster.stream()
            .filter(e -> e.consent() && e.grade() >= 7 && e.grade() <= 9)
            .limit(STUDENTS + 1)
            .toList();
    cluster = TestCluster.start(db, store, CLOCK, MEMBERS, "huxin-cluster", false);
    members = cluster.members();
    assertEquals(MEMBERS, members.get(0).node().hazelcast().getCluster().getMembers().size());
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
    store.close();
    db.close();
  }

  @Test
  void killOneMember_losesNoAcknowledgedDraftOrSubmit() throws Exception {
    Map<Long, String> tokens = new HashMap<>();
    Map<Long, JsonObject> draftsAcked = new HashMap<>();
    Map<Long, String> submitsAcked = new HashMap<>();
    JsonObject questionnaire = null;
    for (int i = 0; i < STUDENTS; i++) {
      RosterEntry s = students.get(i);
      Http via = members.get(i % MEMBERS).http();
      HttpResponse<String> login =
          via.postJson(
              "/api/student/login",
              GatewayFixture.loginBody(
                  s.schoolCode(),
                  s.studentNo(),
                  AccessCodes.code(window.codeSecret(), window.id(), s.id())));
      assertEquals(200, login.statusCode(), login.body());
      JsonObject session = new JsonObject(login.body());
      tokens.put(s.id(), session.getString("token"));
      if (questionnaire == null) {
        questionnaire = new JsonObject(via.get(session.getString("questionnaire")).body());
      }
      JsonObject answers = StudentPathTest.answers(questionnaire, StudentPathTest.ROUTINE);
      JsonObject draft = new JsonObject().put("seq", 3).put("page", 2).put("answers", answers);
      Http saveVia = members.get((i + 1) % MEMBERS).http();
      HttpResponse<String> saved =
          saveVia.put("/api/student/draft", draft.encode(), bearer(tokens.get(s.id())));
      assertEquals(200, saved.statusCode(), saved.body());
      draftsAcked.put(s.id(), draft);
    }
    // A stale save (older sequence) through another member changes nothing.
    RosterEntry first = students.get(0);
    JsonObject stale =
        new JsonObject().put("seq", 1).put("page", 0).put("answers", new JsonObject());
    HttpResponse<String> staleSave =
        members
            .get(2)
            .http()
            .put("/api/student/draft", stale.encode(), bearer(tokens.get(first.id())));
    assertTrue(new JsonObject(staleSave.body()).getBoolean("stale"));

    // Half the students submit, through every member in turn.
    for (int i = 0; i < STUDENTS / 2; i++) {
      RosterEntry s = students.get(i);
      String receipt = submit(members.get(i % MEMBERS).http(), tokens.get(s.id()), questionnaire);
      submitsAcked.put(s.id(), receipt);
    }

    // Member 1 dies abruptly: no leave, no drain of its Hazelcast partitions.
    Member dead = members.get(1);
    dead.node().hazelcast().getLifecycleService().terminate();
    GatewayFixture.await(dead.app().close());

    List<Member> alive = List.of(members.get(0), members.get(2));
    for (int i = STUDENTS / 2; i < STUDENTS; i++) {
      RosterEntry s = students.get(i);
      Http via = alive.get(i % alive.size()).http();
      HttpResponse<String> draft = via.get("/api/student/draft", bearer(tokens.get(s.id())));
      assertEquals(200, draft.statusCode(), "draft of student " + s.id() + ": " + draft.body());
      JsonObject back = new JsonObject(draft.body());
      assertEquals(3, back.getInteger("seq"));
      assertEquals(2, back.getInteger("page"));
      assertEquals(draftsAcked.get(s.id()).getJsonObject("answers"), back.getJsonObject("answers"));
      submitsAcked.put(s.id(), submit(via, tokens.get(s.id()), questionnaire));
    }

    for (Map.Entry<Long, String> ack : submitsAcked.entrySet()) {
      assertEquals(ack.getValue(), receiptInDb(ack.getKey()), "submit of " + ack.getKey());
    }
    assertEquals(STUDENTS, submitsAcked.size());
  }

  @Test
  void crisisSubmitOnOneMember_reachesAStreamOnAnotherOnce() throws Exception {
    Http console = members.get(2).http();
    HttpResponse<String> staffLogin =
        console.postJson(
            "/api/staff/login",
            new JsonObject()
                .put("username", "city")
                .put("password", GatewayFixture.PASSWORD)
                .encode());
    assertEquals(200, staffLogin.statusCode(), staffLogin.body());
    BlockingQueue<String> stream = console.lines("/api/staff/alerts/stream");
    assertEquals(": huxin crisis feed", stream.poll(30, TimeUnit.SECONDS), "the stream opened");

    RosterEntry s = students.get(STUDENTS); // one the other test never uses
    Http node = members.get(0).http();
    HttpResponse<String> login =
        node.postJson(
            "/api/student/login",
            GatewayFixture.loginBody(
                s.schoolCode(),
                s.studentNo(),
                AccessCodes.code(window.codeSecret(), window.id(), s.id())));
    if (login.statusCode() != 200) {
      throw new AssertionError(login.body());
    }
    JsonObject session = new JsonObject(login.body());
    JsonObject questionnaire = new JsonObject(node.get(session.getString("questionnaire")).body());
    JsonObject crisis =
        StudentPathTest.answers(
            questionnaire,
            (scale, item) ->
                scale.equals("phq9") && item == 9 ? 3 : StudentPathTest.ROUTINE.apply(scale, item));
    JsonObject body =
        new JsonObject().put("idempotencyKey", UUID.randomUUID().toString()).put("answers", crisis);
    HttpResponse<String> submitted =
        node.postJson("/api/student/submit", body.encode(), bearer(session.getString("token")));
    assertEquals(200, submitted.statusCode(), submitted.body());

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    List<JsonObject> deliveries = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      String line = stream.poll(200, TimeUnit.MILLISECONDS);
      if (line != null && line.startsWith("data: ")) {
        JsonObject event = new JsonObject(line.substring(6));
        if (Long.valueOf(s.id()).equals(event.getLong("studentId"))) {
          deliveries.add(event);
        }
      }
      if (!deliveries.isEmpty() && deadline - System.nanoTime() > TimeUnit.SECONDS.toNanos(2)) {
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2); // watch for duplicates
      }
    }
    assertEquals(1, deliveries.size(), "exactly one event for the alert: " + deliveries);
    assertEquals(3, deliveries.get(0).getInteger("level"));
    assertEquals(s.schoolId(), deliveries.get(0).getLong("schoolId"));
    for (Member m : members) {
      assertEquals(
          0.0,
          m
              .app()
              .services()
              .metrics()
              .registry()
              .get("huxin.cluster.messages.rejected")
              .counters()
              .stream()
              .mapToDouble(io.micrometer.core.instrument.Counter::count)
              .sum(),
          "the event-bus seal dropped no genuine message");
    }
  }

  private static String submit(Http via, String token, JsonObject questionnaire) {
    JsonObject body =
        new JsonObject()
            .put("idempotencyKey", UUID.randomUUID().toString())
            .put("answers", StudentPathTest.answers(questionnaire, StudentPathTest.ROUTINE));
    HttpResponse<String> r = via.postJson("/api/student/submit", body.encode(), bearer(token));
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body()).getString("receipt");
  }

  private static String[] bearer(String token) {
    return new String[] {"Authorization", "Bearer " + token};
  }

  private static String receiptInDb(long studentId) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT idempotency_key::text FROM result WHERE window_id = ? AND student_id = ?")) {
      ps.setLong(1, window.id());
      ps.setLong(2, studentId);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), "no stored result for student " + studentId);
        return rs.getString(1);
      }
    }
  }
}
