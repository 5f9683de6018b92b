package org.huxin.gateway.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.huxin.engine.store.NameCipher;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

/**
 * The event-bus seal on its own: what one node's seal stamps, another node's seal with the same
 * data key accepts, and nothing else: another key, another address or body, a stale or future
 * timestamp, no tag at all. Through a real (local) event bus, sends, publishes and replies all
 * pass.
 */
class BusSealTest {
  private static final String ADDRESS = "huxin.alerts";
  private final MutableClock clock = new MutableClock(Instant.parse("2026-10-12T08:00:00Z"));
  private final AtomicInteger dropped = new AtomicInteger();

  private BusSeal seal(NameCipher keys) {
    return new BusSeal(keys, clock, r -> dropped.incrementAndGet());
  }

  private static NameCipher key(int seed) {
    byte[] key = new byte[32];
    java.util.Arrays.fill(key, (byte) seed);
    return new NameCipher(key);
  }

  /** The headers {@code seal} stamps on a message of {@code body} to {@code address}. */
  private static MultiMap stamped(BusSeal seal, String address, Object body) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    seal.stamp(headers, address, body);
    return headers;
  }

  @Test
  void check_sameDataKey_accepts() {
    JsonObject body = new JsonObject().put("kind", "acknowledged").put("alertId", 300L);
    assertNull(seal(key(7)).check(ADDRESS, stamped(seal(key(7)), ADDRESS, body), body));
    assertNull(seal(key(7)).check(ADDRESS, stamped(seal(key(7)), ADDRESS, "windows"), "windows"));
  }

  @Test
  void check_otherDataKey_refuses() {
    JsonObject body = new JsonObject().put("kind", "acknowledged").put("alertId", 300L);
    assertEquals(
        BusSeal.Rejection.FORGED,
        seal(key(7)).check(ADDRESS, stamped(seal(key(8)), ADDRESS, body), body));
  }

  @Test
  void check_noTag_refuses() {
    assertEquals(
        BusSeal.Rejection.UNTAGGED,
        seal(key(7)).check(ADDRESS, MultiMap.caseInsensitiveMultiMap(), "windows"));
  }

  @Test
  void check_otherAddressOrBody_refuses() {
    BusSeal seal = seal(key(7));
    JsonObject body = new JsonObject().put("kind", "delivery").put("alertId", 300L);
    MultiMap headers = stamped(seal, ADDRESS, body);
    assertEquals(BusSeal.Rejection.FORGED, seal.check("huxin.changes", headers, body));
    assertEquals(
        BusSeal.Rejection.FORGED,
        seal.check(ADDRESS, headers, body.copy().put("kind", "acknowledged")));
  }

  @Test
  void check_staleOrFutureTimestamp_refuses() {
    BusSeal seal = seal(key(7));
    MultiMap headers = stamped(seal, ADDRESS, "windows");
    clock.advance(Duration.ofSeconds(60));
    assertNull(seal.check(ADDRESS, headers, "windows"), "a minute late still counts");
    clock.advance(Duration.ofSeconds(2));
    assertEquals(BusSeal.Rejection.STALE, seal.check(ADDRESS, headers, "windows"), "61 s late");
    clock.set(Instant.parse("2026-10-12T08:00:00Z").minus(Duration.ofSeconds(62)));
    assertEquals(
        BusSeal.Rejection.STALE, seal.check(ADDRESS, headers, "windows"), "a minute ahead");
    assertEquals(
        BusSeal.Rejection.FORGED,
        seal.check(ADDRESS, headers, "roster"),
        "a forged message is forged, whatever its time");
  }

  @Test
  void check_retiredKeyDuringRotation_accepts() {
    NameCipher rotating = key(9).alsoReading(key(7));
    JsonObject body = new JsonObject().put("alertId", 301L);
    // A node still on the old key hears a rotated node, and the other way round.
    assertNull(seal(rotating).check(ADDRESS, stamped(seal(key(7)), ADDRESS, body), body));
    assertNull(seal(key(7)).check(ADDRESS, stamped(seal(rotating), ADDRESS, body), body));
    assertEquals(
        BusSeal.Rejection.FORGED,
        seal(key(8)).check(ADDRESS, stamped(seal(rotating), ADDRESS, body), body));
  }

  @Test
  void install_sendPublishAndReplyPassOnTheBus() {
    Vertx vertx = Vertx.vertx();
    try {
      seal(key(7)).install(vertx.eventBus());
      vertx.eventBus().<JsonObject>consumer(ADDRESS, m -> m.reply(m.body().getLong("alertId") + 1));
      Object reply =
          GatewayFixture.await(
                  vertx.eventBus().request(ADDRESS, new JsonObject().put("alertId", 400L)))
              .body();
      assertEquals(401L, ((Number) reply).longValue());
      assertEquals(0, dropped.get());
    } finally {
      GatewayFixture.await(vertx.close());
    }
  }

  @Test
  void install_twoClusteredNodes_hearEachOtherAndDropNothing() throws Exception {
    int portA = GatewayFixture.freePort();
    int portB = GatewayFixture.freePort();
    java.util.List<String> members = java.util.List.of("127.0.0.1:" + portA, "127.0.0.1:" + portB);
    String name = "huxin-seal-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    io.vertx.core.Future<Cluster.Node> startingA =
        Cluster.start(
            new io.vertx.core.VertxOptions().setEventLoopPoolSize(1),
            new ClusterSettings(name, "127.0.0.1", portA, 0, members),
            "bus-a");
    io.vertx.core.Future<Cluster.Node> startingB =
        Cluster.start(
            new io.vertx.core.VertxOptions().setEventLoopPoolSize(1),
            new ClusterSettings(name, "127.0.0.1", portB, 0, members),
            "bus-b");
    Cluster.Node a = GatewayFixture.await(startingA);
    Cluster.Node b = GatewayFixture.await(startingB);
    try {
      // The real wall clock: the two nodes stamp and check with it, as in production.
      new BusSeal(key(7), java.time.Clock.systemUTC(), r -> dropped.incrementAndGet())
          .install(a.vertx().eventBus());
      new BusSeal(key(7), java.time.Clock.systemUTC(), r -> dropped.incrementAndGet())
          .install(b.vertx().eventBus());
      java.util.concurrent.BlockingQueue<Object> atA =
          new java.util.concurrent.LinkedBlockingQueue<>();
      java.util.concurrent.BlockingQueue<Object> atB =
          new java.util.concurrent.LinkedBlockingQueue<>();
      GatewayFixture.await(
          a.vertx().eventBus().consumer(ADDRESS, m -> atA.add(m.body())).completion());
      GatewayFixture.await(
          b.vertx().eventBus().consumer(ADDRESS, m -> atB.add(m.body())).completion());
      JsonObject alert =
          new JsonObject()
              .put("alertId", 4000L)
              .put("kind", "delivery")
              .put("crisisLevel", "serious")
              .put("createdAt", "2026-10-12T08:00:00Z");
      Object fromA = null;
      Object fromB = null;
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
      while ((fromA == null || fromB == null) && System.nanoTime() < deadline) {
        // Until each node's view of the other's subscription arrived (real time: Hazelcast's).
        a.vertx().eventBus().publish(ADDRESS, alert);
        b.vertx().eventBus().publish(ADDRESS, "roster");
        Object heardAtB;
        while ((heardAtB = atB.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) {
          fromA = heardAtB instanceof JsonObject ? heardAtB : fromA;
        }
        for (Object heardAtA; (heardAtA = atA.poll()) != null; ) {
          fromB = "roster".equals(heardAtA) ? heardAtA : fromB;
        }
      }
      assertEquals(alert, fromA, "node B heard node A's alert");
      assertEquals("roster", fromB, "node A heard node B's string");
      assertEquals(0, dropped.get(), "no genuine message dropped, local or remote");
    } finally {
      GatewayFixture.await(a.vertx().close());
      GatewayFixture.await(b.vertx().close());
    }
  }
}
