package org.huxin.gateway.cluster;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How a node joins its cluster.
 *
 * @param name the cluster name; nodes of different names never merge
 * @param host the interface Hazelcast and the event bus bind (127.0.0.1 on one machine)
 * @param port this member's Hazelcast port
 * @param eventBusPort the port the event bus listens on, on {@code host} ({@code
 *     HUXIN_EVENTBUS_PORT}, default the Hazelcast port + 100); 0 takes any free port (tests)
 * @param members every member as {@code host:port}, this one included
 */
public record ClusterSettings(
    String name, String host, int port, int eventBusPort, List<String> members) {
  /** The event-bus port of a member on Hazelcast port {@code port} unless one is set. */
  public static final int EVENT_BUS_PORT_OFFSET = 100;

  public ClusterSettings {
    if (name == null || !name.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new IllegalArgumentException("HUXIN_CLUSTER_NAME must be letters, digits, - or _");
    }
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("HUXIN_CLUSTER_HOST must name an interface");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("HUXIN_CLUSTER_PORT must be 1..65535, got " + port);
    }
    if (eventBusPort < 0 || eventBusPort > 65535 || eventBusPort == port) {
      throw new IllegalArgumentException(
          "HUXIN_EVENTBUS_PORT must be 1..65535 and not the cluster port "
              + port
              + ", got "
              + eventBusPort);
    }
    members = List.copyOf(members);
    if (members.isEmpty()) {
      throw new IllegalArgumentException("HUXIN_CLUSTER_MEMBERS must list at least this member");
    }
    for (String m : members) {
      if (!m.matches("[^:\\s]+:\\d{1,5}")) {
        throw new IllegalArgumentException(
            "HUXIN_CLUSTER_MEMBERS entries must be host:port, got '" + m + "'");
      }
    }
  }

  /**
   * The cluster settings in {@code env}, or null when {@code HUXIN_CLUSTER_MEMBERS} is not set (a
   * single node that keeps its drafts and counters in memory).
   */
  public static ClusterSettings fromEnv(Map<String, String> env) {
    String members = env.get("HUXIN_CLUSTER_MEMBERS");
    if (members == null || members.isBlank()) {
      return null;
    }
    int port = whole(env, "HUXIN_CLUSTER_PORT", "5701");
    int eventBusPort =
        whole(env, "HUXIN_EVENTBUS_PORT", Integer.toString(port + EVENT_BUS_PORT_OFFSET));
    if (eventBusPort == 0) {
      throw new IllegalArgumentException(
          "HUXIN_EVENTBUS_PORT must be 1..65535: the other members' firewall rules name it");
    }
    return new ClusterSettings(
        env.getOrDefault("HUXIN_CLUSTER_NAME", "huxin"),
        env.getOrDefault("HUXIN_CLUSTER_HOST", "127.0.0.1"),
        port,
        eventBusPort,
        Arrays.stream(members.split(",")).map(String::trim).filter(m -> !m.isEmpty()).toList());
  }

  private static int whole(Map<String, String> env, String name, String fallback) {
    String value = env.getOrDefault(name, fallback);
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'", e);
    }
  }
}
