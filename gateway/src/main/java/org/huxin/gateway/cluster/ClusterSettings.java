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
 * @param members every member as {@code host:port}, this one included
 */
public record ClusterSettings(String name, String host, int port, List<String> members) {
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
    String port = env.getOrDefault("HUXIN_CLUSTER_PORT", "5701");
    try {
      return new ClusterSettings(
          env.getOrDefault("HUXIN_CLUSTER_NAME", "huxin"),
          env.getOrDefault("HUXIN_CLUSTER_HOST", "127.0.0.1"),
          Integer.parseInt(port.trim()),
          Arrays.stream(members.split(",")).map(String::trim).filter(m -> !m.isEmpty()).toList());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "HUXIN_CLUSTER_PORT must be a whole number, got '" + port + "'", e);
    }
  }
}
