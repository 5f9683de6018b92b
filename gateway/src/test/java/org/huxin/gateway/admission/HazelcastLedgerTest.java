package org.huxin.gateway.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.core.EntryView;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.replicatedmap.ReplicatedMap;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.huxin.gateway.cluster.Cluster;
import org.huxin.gateway.cluster.ClusterSettings;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.testsupport.Eventually;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cluster ledger on a real Hazelcast member with the gateway's configuration: every failure
 * entry carries a time to live of its count's life, the map is bounded per member, and a wait
 * leaves the replicated map by itself when it ends. (Hazelcast expires by its own wall clock, so
 * the last check waits a second of real time.)
 */
class HazelcastLedgerTest {
  private static HazelcastInstance member;

  @BeforeAll
  static void start() {
    int port = GatewayFixture.freePort();
    member =
        Hazelcast.newHazelcastInstance(
            Cluster.hazelcastConfig(
                new ClusterSettings(
                    "ledger-test",
                    "127.0.0.1",
                    port,
                    GatewayFixture.freePort(),
                    List.of("127.0.0.1:" + port))));
  }

  @AfterAll
  static void stop() {
    member.shutdown();
  }

  @Test
  void loginFailures_boundedPerMember() {
    MapConfig config = member.getConfig().getMapConfig(Cluster.LOGIN_FAILURES);
    assertEquals(EvictionPolicy.LRU, config.getEvictionConfig().getEvictionPolicy());
    assertEquals(MaxSizePolicy.PER_NODE, config.getEvictionConfig().getMaxSizePolicy());
    assertEquals(Cluster.LOGIN_FAILURES_PER_MEMBER, config.getEvictionConfig().getSize());
  }

  @Test
  void fail_entryLivesOnlyUntilItsCountIsForgotten() {
    IMap<String, long[]> failures = member.getMap(Cluster.LOGIN_FAILURES);
    ReplicatedMap<String, Long> waits = member.getReplicatedMap(Cluster.LOGIN_LOCKS);
    HazelcastLedger ledger = new HazelcastLedger(failures, waits, Clock.systemUTC());
    for (int i = 0; i < 3; i++) {
      assertEquals(0L, ledger.fail("a:192.0.2.1", LoginGuard.ADDRESS).toCompletableFuture().join());
    }
    EntryView<String, long[]> address = failures.getEntryView("a:192.0.2.1");
    assertTrue(address.getTtl() > 0 && address.getTtl() <= 3_000, "three failures, three seconds");

    for (int i = 0; i < 5; i++) {
      ledger.fail("p:9#0@192.0.2.1", LoginGuard.STUDENT).toCompletableFuture().join();
    }
    long wait = ledger.fail("p:9#0@192.0.2.1", LoginGuard.STUDENT).toCompletableFuture().join();
    assertEquals(1_000, wait);
    EntryView<String, long[]> pair = failures.getEntryView("p:9#0@192.0.2.1");
    assertTrue(
        pair.getTtl() > 5 * 60_000 && pair.getTtl() <= 6 * 60_000,
        "six failures, one forgotten a minute: " + pair.getTtl());
    assertTrue(ledger.waitMillis("p:9#0@192.0.2.1") > 0);
    Eventually.await(
        "the one-second wait leaves the replicated map",
        Duration.ofSeconds(10),
        () -> !waits.containsKey("p:9#0@192.0.2.1"));
    assertEquals(0, ledger.waitMillis("p:9#0@192.0.2.1"));
    assertEquals(6, ledger.clear("p:9#0@192.0.2.1").toCompletableFuture().join());
  }
}
