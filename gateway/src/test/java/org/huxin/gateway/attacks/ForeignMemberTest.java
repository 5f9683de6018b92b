package org.huxin.gateway.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.huxin.engine.alerts.Alert;
import org.huxin.engine.alerts.AlertOutboxStore;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.staff.NewStaffAccount;
import org.huxin.engine.staff.StaffRole;
import org.huxin.engine.staff.StaffStore;
import org.huxin.engine.store.Store;
import org.huxin.engine.windows.NewWindow;
import org.huxin.engine.windows.Window;
import org.huxin.engine.windows.WindowStatus;
import org.huxin.engine.windows.WindowStore;
import org.huxin.gateway.alerts.AlertFeed;
import org.huxin.gateway.auth.AccessCodes;
import org.huxin.gateway.auth.PasswordHasher;
import org.huxin.gateway.cluster.Cluster;
import org.huxin.gateway.cluster.ClusterSettings;
import org.huxin.gateway.roster.ChangeNotices;
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
 * Someone who reaches the cluster port and knows the cluster name. Hazelcast open source lets them
 * join; this test has a real two-node cluster hold drafts and a crisis alert, lets a foreign
 * Hazelcast member and a foreign Vert.x node join it, and checks what they get: the drafts map
 * holds only hashed keys and ciphertext, and events they publish (an "acknowledged" for a pending
 * crisis, a roster change, a message with a made-up tag) are dropped and counted on every node,
 * reaching no console. It also records what such a node still sees: the alert events published
 * while it listens (ids and levels, no names, no answers).
 */
@DatabaseTest
class ForeignMemberTest {
  private static final int MEMBERS = 2;
  private static final MutableClock CLOCK = new MutableClock(GatewayFixture.START);

  private static TestDatabase db;
  private static Store store;
  private static Window window;
  private static List<RosterEntry> students;
  private static TestCluster cluster;
  private static List<Member> members;

  @BeforeAll
  static void startCluster() throws Exception {
    db = TestDatabase.create(ForeignMemberTest.class);
    store = db.openStore();
    List<RosterEntry> roster = TestRows.loadDemoCity(db.dataSource());
    Window created =
        new WindowStore(store.dataSource())
            .create(
                NewWindow.cityWide(
                    "foreign member window",
                    4,
                    12,
                    GatewayFixture.BATTERIES,
                    GatewayFixture.START.minus(Duration.ofHours(1)),
                    GatewayFixture.START.plus(Duration.ofDays(7))));
    window = new WindowStore(store.dataSource()).setStatus(created.id(), WindowStatus.OPEN);
    RosterEntry first =
        roster.stream()
            .filter(e -> e.consent() && e.grade() >= 7 && e.grade() <= 9)
            .findFirst()
            .orElseThrow();
    students =
        roster.stream()
            .filter(e -> e.consent() && e.grade() >= 7 && e.grade() <= 9)
            .filter(e -> e.schoolId() == first.schoolId())
            .limit(6)
            .toList();
    assertEquals(6, students.size(), "six students of one school");
    new StaffStore(store.dataSource())
        .create(
            new NewStaffAccount(
                "psy",
                PasswordHasher.hash(GatewayFixture.PASSWORD),
                StaffRole.SCHOOL_PSYCHOLOGIST,
                first.districtId(),
                first.schoolId(),
                null,
                "psy"));
    cluster = TestCluster.start(db, store, CLOCK, MEMBERS, "huxin-foreign", true);
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
  void foreignMember_readsOnlyHashedKeysAndCiphertextInTheDraftsMap() throws Exception {
    List<String> sessions = new ArrayList<>();
    List<JsonObject> drafts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      RosterEntry s = students.get(i);
      JsonObject session = login(members.get(i % MEMBERS).http(), s);
      JsonObject questionnaire =
          new JsonObject(members.get(0).http().get(session.getString("questionnaire")).body());
      JsonObject draft =
          new JsonObject()
              .put("seq", 4)
              .put("page", 1)
              .put("answers", StudentPathTest.answers(questionnaire, (scale, item) -> 2));
      HttpResponse<String> saved =
          members
              .get(i % MEMBERS)
              .http()
              .put("/api/student/draft", draft.encode(), bearer(session.getString("token")));
      assertEquals(200, saved.statusCode(), saved.body());
      sessions.add(session.getString("token"));
      drafts.add(draft);
    }

    HazelcastInstance foreign = Hazelcast.newHazelcastInstance(foreignConfig());
    try {
      assertEquals(MEMBERS + 1, foreign.getCluster().getMembers().size(), "the foreign member in");
      IMap<Object, Object> map = foreign.getMap(Cluster.DRAFTS);
      // Every draft entry, and the submitted markers of the crisis test if it ran first.
      assertTrue(map.size() >= 3, "the foreign member sees every draft entry: " + map.size());
      for (Map.Entry<Object, Object> e : map.entrySet()) {
        String key = (String) e.getKey();
        assertTrue(
            key.matches("[A-Za-z0-9_-]{43}"), "a hashed key, not window:student:form: " + key);
        String value = new String((byte[]) e.getValue(), StandardCharsets.ISO_8859_1);
        for (String clear : new String[] {"answers", "phq9", "gad7", "\"page\"", "[2,2,2"}) {
          assertFalse(value.contains(clear), "'" + clear + "' in clear in a draft");
        }
        for (RosterEntry s : students) {
          assertFalse(key.contains(":" + s.id()), "a student id in a key");
        }
      }
      // The members still read their drafts, with the foreign member holding partitions.
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> back =
            members
                .get((i + 1) % MEMBERS)
                .http()
                .get("/api/student/draft", bearer(sessions.get(i)));
        assertEquals(200, back.statusCode(), back.body());
        assertEquals(
            drafts.get(i).getJsonObject("answers"),
            new JsonObject(back.body()).getJsonObject("answers"));
      }
    } finally {
      foreign.shutdown();
    }
  }

  @Test
  void foreignNode_injectedAcknowledgedAndOtherEvents_changeNoConsoleAndAreCounted()
      throws Exception {
    Http console = members.get(1).http();
    HttpResponse<String> staffLogin =
        console.postJson(
            "/api/staff/login",
            new JsonObject()
                .put("username", "psy")
                .put("password", GatewayFixture.PASSWORD)
                .encode());
    assertEquals(200, staffLogin.statusCode(), staffLogin.body());
    BlockingQueue<String> stream = console.lines("/api/staff/alerts/stream");
    assertEquals(": huxin crisis feed", stream.poll(30, TimeUnit.SECONDS), "the stream opened");

    RosterEntry first = students.get(3);
    submitCrisis(members.get(0).http(), first);
    JsonObject delivered = awaitEvent(stream, first, "delivery");
    long alertId = delivered.getLong("alertId");
    assertEquals(0, rejected(members.get(0)), "member 0 dropped no genuine message");
    assertEquals(0, rejected(members.get(1)), "member 1 dropped no genuine message");

    Cluster.Node foreign =
        GatewayFixture.await(
            Cluster.start(
                new VertxOptions().setEventLoopPoolSize(1), foreignSettings(), "foreign"));
    try {
      BlockingQueue<JsonObject> overheard = new LinkedBlockingQueue<>();
      GatewayFixture.await(
          foreign
              .vertx()
              .eventBus()
              .<JsonObject>consumer(AlertFeed.ADDRESS, m -> overheard.add(m.body()))
              .completion());
      JsonObject acknowledged =
          new JsonObject()
              .put("alertId", alertId)
              .put("kind", "acknowledged")
              .put("schoolId", first.schoolId())
              .put("districtId", first.districtId())
              .put("level", delivered.getValue("level"))
              .put("crisisLevel", delivered.getValue("crisisLevel"))
              .put("studentId", first.id())
              .put("acknowledgedBy", 1L)
              .put("acknowledgedAt", GatewayFixture.START.toString());
      DeliveryOptions forgedTag =
          new DeliveryOptions()
              .addHeader("huxin-ts", Long.toString(System.currentTimeMillis()))
              .addHeader("huxin-tag", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
      // The foreign node learns the subscriptions as it joins: publish until every member counted.
      long before0 = rejected(members.get(0));
      long before1 = rejected(members.get(1));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while ((rejected(members.get(0)) < before0 + 3 || rejected(members.get(1)) < before1 + 3)
          && System.nanoTime() < deadline) {
        foreign.vertx().eventBus().publish(AlertFeed.ADDRESS, acknowledged);
        foreign.vertx().eventBus().publish(AlertFeed.ADDRESS, acknowledged, forgedTag);
        foreign.vertx().eventBus().publish(ChangeNotices.ADDRESS, "roster");
        Thread.sleep(100); // real time: the foreign node's subscription view is Hazelcast's
      }
      assertTrue(rejected(members.get(0)) >= before0 + 3, "member 0 counted the forged events");
      assertTrue(rejected(members.get(1)) >= before1 + 3, "member 1 counted the forged events");
      for (Member m : members) {
        assertTrue(rejected(m, "untagged") >= 1, "counted as untagged");
        assertTrue(rejected(m, "forged") >= 1, "the made-up tag counted as forged");
        assertEquals(0, rejected(m, "stale"), "no genuine message was late");
      }

      // A genuine event after the forged ones were dropped: the console's next event is it.
      RosterEntry second = students.get(4);
      submitCrisis(members.get(0).http(), second);
      long secondDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      JsonObject next = null;
      while (next == null && System.nanoTime() < secondDeadline) {
        String line = stream.poll(200, TimeUnit.MILLISECONDS);
        if (line != null && line.startsWith("data: ")) {
          JsonObject event = new JsonObject(line.substring(6));
          assertFalse(
              event.getString("kind").equals("acknowledged"),
              "a forged acknowledgement reached the console: " + event);
          if (Long.valueOf(second.id()).equals(event.getLong("studentId"))) {
            next = event;
          }
        }
      }
      assertNotNull(next, "the genuine crisis after the forged events reached the console");
      assertEquals("delivery", next.getString("kind"));

      boolean stillPending = false;
      for (Alert a : new AlertOutboxStore(store.dataSource()).pending(null, first.schoolId(), 50)) {
        stillPending |= a.id() == alertId && a.acknowledgedAt() == null;
      }
      assertTrue(stillPending, "alert " + alertId + " is still unacknowledged");
      String scrape = members.get(1).http().get("/metrics").body();
      assertTrue(scrape.contains("huxin_cluster_messages_rejected_total"), "the drop is exported");

      // What a foreign node still sees: alert events published while it listens, without names.
      JsonObject heard = null;
      long hearBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (heard == null && System.nanoTime() < hearBy) {
        JsonObject e = overheard.poll(200, TimeUnit.MILLISECONDS);
        if (e != null && Long.valueOf(second.id()).equals(e.getLong("studentId"))) {
          heard = e; // its own forged events are about the first student
        }
      }
      assertNotNull(heard, "a listening foreign node hears alert events (the bus is not secret)");
      assertFalse(heard.encode().contains("name"), "no name in an alert event: " + heard);
    } finally {
      GatewayFixture.await(foreign.vertx().close());
    }
  }

  @Test
  void members_listenOnlyOnTheConfiguredInterface() throws IOException {
    for (Member m : members) {
      int hazelcast = m.node().hazelcast().getCluster().getLocalMember().getAddress().getPort();
      for (int port : new int[] {hazelcast, m.eventBusPort()}) {
        try (Socket ok = new Socket()) {
          ok.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        }
        // 127.0.0.2 is this host too: a socket on 0.0.0.0 would answer it.
        assertThrows(
            ConnectException.class,
            () -> {
              try (Socket other = new Socket()) {
                other.connect(new InetSocketAddress("127.0.0.2", port), 2_000);
              }
            },
            "port " + port + " listens beyond 127.0.0.1");
      }
    }
  }

  private static long rejected(Member m, String reason) {
    return (long)
        m.metrics()
            .registry()
            .get("huxin.cluster.messages.rejected")
            .tag("reason", reason)
            .counter()
            .count();
  }

  private static long rejected(Member m) {
    return (long)
        m.metrics().registry().get("huxin.cluster.messages.rejected").counters().stream()
            .mapToDouble(io.micrometer.core.instrument.Counter::count)
            .sum();
  }

  /** A plain Hazelcast member with the cluster's name and member list, as an intruder writes. */
  private static Config foreignConfig() {
    Config config = new Config();
    config.setClusterName(cluster.name());
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.getNetworkConfig().setPort(GatewayFixture.freePort()).setPortAutoIncrement(false);
    config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(cluster.addresses());
    return config;
  }

  /** A Vert.x node joining with the cluster's name and members, without the gateway's data key. */
  private static ClusterSettings foreignSettings() {
    return new ClusterSettings(
        cluster.name(),
        "127.0.0.1",
        GatewayFixture.freePort(),
        GatewayFixture.freePort(),
        cluster.addresses());
  }

  private static JsonObject login(Http via, RosterEntry s) {
    HttpResponse<String> login =
        via.postJson(
            "/api/student/login",
            GatewayFixture.loginBody(
                s.schoolCode(),
                s.studentNo(),
                AccessCodes.code(window.codeSecret(), window.id(), s.id())));
    assertEquals(200, login.statusCode(), login.body());
    return new JsonObject(login.body());
  }

  private static void submitCrisis(Http via, RosterEntry s) {
    JsonObject session = login(via, s);
    JsonObject questionnaire = new JsonObject(via.get(session.getString("questionnaire")).body());
    JsonObject crisis =
        StudentPathTest.answers(
            questionnaire,
            (scale, item) ->
                scale.equals("phq9") && item == 9 ? 3 : StudentPathTest.ROUTINE.apply(scale, item));
    JsonObject body =
        new JsonObject().put("idempotencyKey", UUID.randomUUID().toString()).put("answers", crisis);
    HttpResponse<String> submitted =
        via.postJson("/api/student/submit", body.encode(), bearer(session.getString("token")));
    assertEquals(200, submitted.statusCode(), submitted.body());
  }

  private static JsonObject awaitEvent(BlockingQueue<String> stream, RosterEntry s, String kind)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      String line = stream.poll(200, TimeUnit.MILLISECONDS);
      if (line != null && line.startsWith("data: ")) {
        JsonObject event = new JsonObject(line.substring(6));
        if (Long.valueOf(s.id()).equals(event.getLong("studentId"))
            && event.getString("kind").equals(kind)) {
          return event;
        }
      }
    }
    throw new AssertionError("no " + kind + " for student " + s.id() + " within 15 s");
  }

  private static String[] bearer(String token) {
    return new String[] {"Authorization", "Bearer " + token};
  }
}
