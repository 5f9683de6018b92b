package org.huxin.gateway.testing;

import io.vertx.core.Future;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.huxin.engine.store.Store;
import org.huxin.gateway.GatewayApp;
import org.huxin.gateway.cluster.Cluster;
import org.huxin.gateway.cluster.ClusterSettings;
import org.huxin.gateway.config.GatewayConfig;
import org.huxin.gateway.http.Readiness;
import org.huxin.gateway.metrics.GatewayMetrics;
import org.huxin.testsupport.TestDatabase;

/**
 * Gateway members in one JVM that form a Hazelcast cluster over one test database, each with one
 * event loop, a pool of two connections, its own metrics and its own home (with the test data key),
 * as the cluster tests need them. {@link #close()} stops every member, tolerating one a test has
 * already terminated.
 */
public final class TestCluster implements AutoCloseable {

  /** One member: its clustered Vert.x and Hazelcast, the gateway on it and a client for it. */
  public record Member(
      Cluster.Node node, GatewayApp app, GatewayMetrics metrics, Http http, int eventBusPort) {}

  private final String name;
  private final List<String> addresses;
  private final List<Member> members;

  private TestCluster(String name, List<String> addresses, List<Member> members) {
    this.name = name;
    this.addresses = List.copyOf(addresses);
    this.members = List.copyOf(members);
  }

  /**
   * Starts {@code size} members named {@code huxin-test-<database>}; with {@code fixedBusPorts}
   * each member's event bus listens on a port chosen here (a test that connects to it needs it),
   * else on any free port.
   */
  public static TestCluster start(
      TestDatabase db, Store store, Clock clock, int size, String home, boolean fixedBusPorts)
      throws Exception {
    String name = "huxin-test-" + db.name();
    int[] ports = new int[size];
    int[] busPorts = new int[size];
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      ports[i] = GatewayFixture.freePort();
      busPorts[i] = fixedBusPorts ? GatewayFixture.freePort() : 0;
      addresses.add("127.0.0.1:" + ports[i]);
    }
    List<Future<Cluster.Node>> starting = new ArrayList<>();
    List<GatewayMetrics> metrics = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      GatewayMetrics m = GatewayMetrics.create();
      metrics.add(m);
      starting.add(
          Cluster.start(
              new VertxOptions().setEventLoopPoolSize(1),
              new ClusterSettings(name, "127.0.0.1", ports[i], busPorts[i], addresses),
              nodeName(home, i),
              m::vertxBuilder));
    }
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      Cluster.Node node = GatewayFixture.await(starting.get(i));
      int httpPort = GatewayFixture.freePort();
      Path memberHome = GatewayFixture.homeWithTestDataKey(home + "-" + i);
      Map<String, String> env = GatewayFixture.env(db, memberHome, httpPort);
      env.put("HUXIN_EVENT_LOOPS", "1");
      env.put("HUXIN_PG_POOL", "2");
      env.put("HUXIN_NODE_NAME", nodeName(home, i));
      GatewayApp app =
          GatewayFixture.await(
              GatewayApp.start(
                  node.vertx(),
                  GatewayConfig.fromEnv(env),
                  store,
                  clock,
                  node.hazelcast(),
                  metrics.get(i),
                  Readiness.awaiting(Readiness.STORE, Readiness.HTTP)));
      members.add(new Member(node, app, metrics.get(i), new Http(httpPort), busPorts[i]));
    }
    return new TestCluster(name, addresses, members);
  }

  /** The node name ({@code HUXIN_NODE_NAME}) of member {@code index}. */
  public static String nodeName(String home, int index) {
    return home + "-" + index;
  }

  /** The cluster's name, as an intruder who knows it would use it. */
  public String name() {
    return name;
  }

  /** The members' Hazelcast addresses, {@code 127.0.0.1:port} each. */
  public List<String> addresses() {
    return addresses;
  }

  public List<Member> members() {
    return members;
  }

  public Member member(int index) {
    return members.get(index);
  }

  @Override
  public void close() {
    for (Member m : members) {
      try {
        GatewayFixture.await(m.app().close());
        GatewayFixture.await(m.node().vertx().close());
      } catch (RuntimeException alreadyGone) {
        // a member the test terminated
      }
    }
  }
}
