package org.huxin.gateway.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.function.Function;

/**
 * Starts a clustered Vert.x on Hazelcast: TCP-IP join with the configured members, multicast and
 * auto-detection off, Hazelcast and the event bus listening only on the configured interface (not
 * on every address), the event bus on its fixed port, and Java deserialization limited to {@link
 * SerialFilter}'s packages. The shared maps keep one synchronous backup, so losing one node loses
 * no entry.
 */
public final class Cluster {
  /** Drafts of answers in progress, by window, student and form. */
  public static final String DRAFTS = "huxin-drafts";

  /**
   * Failed login attempts per student, per address and per both; every entry lives only until its
   * count is forgotten, and a member holds at most {@link #LOGIN_FAILURES_PER_MEMBER}.
   */
  public static final String LOGIN_FAILURES = "huxin-login-failures";

  /**
   * The waits those failures impose (a minute at most) and unlock marks, each with its time to
   * live, replicated to every member for local reads.
   */
  public static final String LOGIN_LOCKS = "huxin-login-locks";

  /** Login-failure entries one member holds at most; beyond, the least recently used go. */
  public static final int LOGIN_FAILURES_PER_MEMBER = 250_000;

  private Cluster() {}

  /** The Hazelcast configuration of a member. */
  public static Config hazelcastConfig(ClusterSettings settings) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(settings.name());
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(settings.port()).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).clear().addInterface(settings.host());
    network.getRestApiConfig().setEnabled(false);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(settings.members());
    config.setProperty("hazelcast.local.localAddress", settings.host());
    // Without this Hazelcast listens on 0.0.0.0 whatever interface is named.
    config.setProperty("hazelcast.socket.bind.any", "false");
    JavaSerializationFilterConfig filter = new JavaSerializationFilterConfig();
    for (String allowed : SerialFilter.ALLOWED) {
      if (allowed.endsWith(".**")) {
        filter.getWhitelist().addPrefixes(allowed.substring(0, allowed.length() - 2));
      } else {
        filter.getWhitelist().addPackages(allowed.substring(0, allowed.length() - 2));
      }
    }
    config.getSerializationConfig().setJavaSerializationFilterConfig(filter);
    config.addMapConfig(sharedMap(DRAFTS));
    MapConfig loginFailures = sharedMap(LOGIN_FAILURES);
    loginFailures
        .getEvictionConfig()
        .setEvictionPolicy(EvictionPolicy.LRU)
        .setMaxSizePolicy(MaxSizePolicy.PER_NODE)
        .setSize(LOGIN_FAILURES_PER_MEMBER);
    config.addMapConfig(loginFailures);
    return config;
  }

  private static MapConfig sharedMap(String name) {
    MapConfig map = new MapConfig(name).setBackupCount(1).setAsyncBackupCount(0);
    map.getEvictionConfig().setEvictionPolicy(EvictionPolicy.NONE);
    return map;
  }

  /**
   * A clustered node that joins as {@code nodeName} ({@link NodeDepartures}); the future completes
   * once it joined.
   */
  public static Future<Node> start(
      VertxOptions options, ClusterSettings settings, String nodeName) {
    return start(options, settings, nodeName, o -> Vertx.builder().with(o));
  }

  /**
   * A clustered node that joins as {@code nodeName}, whose Vert.x comes from {@code builder} (for
   * example one that reports metrics); the future completes once it joined.
   */
  public static Future<Node> start(
      VertxOptions options,
      ClusterSettings settings,
      String nodeName,
      Function<VertxOptions, VertxBuilder> builder) {
    Config config = hazelcastConfig(settings);
    NodeDepartures.name(config, nodeName);
    HazelcastClusterManager manager = new HazelcastClusterManager(config);
    options.setEventBusOptions(
        new EventBusOptions().setHost(settings.host()).setPort(settings.eventBusPort()));
    return builder
        .apply(options)
        .withClusterManager(manager)
        .buildClustered()
        .map(vertx -> new Node(vertx, manager.getHazelcastInstance()));
  }

  /** A started clustered Vert.x and the Hazelcast member under it. */
  public record Node(Vertx vertx, HazelcastInstance hazelcast) {}
}
