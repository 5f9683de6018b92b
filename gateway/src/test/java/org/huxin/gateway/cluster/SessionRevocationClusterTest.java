package org.huxin.gateway.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.huxin.engine.staff.NewStaffAccount;
import org.huxin.engine.staff.StaffRole;
import org.huxin.engine.staff.StaffStore;
import org.huxin.engine.store.Store;
import org.huxin.gateway.auth.PasswordHasher;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.gateway.testing.Http;
import org.huxin.gateway.testing.TestCluster;
import org.huxin.gateway.testing.TestCluster.Member;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.MutableClock;
import org.huxin.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A session revoked on one node of a two-node cluster is refused by the other within seconds, and
 * the crisis feed it holds open on the other node ends.
 */
@DatabaseTest
class SessionRevocationClusterTest {
  /** How soon the other node must have ended the stream: the event-bus notice, not the re-read. */
  private static final long WITHIN_SECONDS = 3;

  private static TestDatabase db;
  private static Store store;
  private static final MutableClock CLOCK = new MutableClock(GatewayFixture.START);
  private static TestCluster cluster;
  private static List<Member> members;

  @BeforeAll
  static void startCluster() throws Exception {
    db = TestDatabase.create(SessionRevocationClusterTest.class);
    store = db.openStore();
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
    cluster = TestCluster.start(db, store, CLOCK, 2, "huxin-revoke", false);
    members = cluster.members();
    assertEquals(2, members.get(0).node().hazelcast().getCluster().getMembers().size());
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
    store.close();
    db.close();
  }

  @Test
  void logoutOnOneNode_otherNodeEndsItsStreamAndRefusesTheCookie() throws Exception {
    Http first = new Http(members.get(0).app().port());
    HttpResponse<String> login =
        first.postJson(
            "/api/staff/login",
            "{\"username\":\"city\",\"password\":\"" + GatewayFixture.PASSWORD + "\"}");
    assertEquals(200, login.statusCode(), login.body());
    int secondPort = members.get(1).app().port();
    Http second = new Http(secondPort);
    HttpResponse<String> seen = second.get("/api/staff/me", "Cookie", first.cookieHeader());
    assertEquals(200, seen.statusCode(), "the other node accepts the session: " + seen.body());
    Http.Stream feed = streamOn(secondPort, first.cookieHeader());
    assertEquals(": huxin crisis feed", feed.lines().poll(30, TimeUnit.SECONDS));
    String cookie = first.cookieHeader();

    long start = System.nanoTime();
    assertEquals(204, first.postJson("/api/staff/logout", "{}").statusCode());

    assertEquals(200, feed.ended().get(WITHIN_SECONDS, TimeUnit.SECONDS));
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(401, second.get("/api/staff/me", "Cookie", cookie).statusCode());
    System.out.printf("the other node ended the revoked session's feed in %d ms%n", tookMillis);
  }

  /** An SSE stream on {@code port} with {@code cookie}, as a console on another node holds it. */
  private static Http.Stream streamOn(int port, String cookie) {
    Http client = new Http(port);
    String[] pair = cookie.split("=", 2);
    return client.withCookie(pair[0], pair[1]).stream("/api/staff/alerts/stream");
  }
}
