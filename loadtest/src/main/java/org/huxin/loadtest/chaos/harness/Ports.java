package org.huxin.loadtest.chaos.harness;

import java.util.Map;

/**
 * The run's ports: node i serves HTTP on {@code http + i} and joins the cluster on {@code cluster +
 * i}; the delaying proxy listens on {@code postgres + 1}, its control port is {@code postgres + 2};
 * the webhook receiver listens on {@code http + 90}.
 */
public record Ports(int http, int cluster, int postgres) {

  /** From {@code PORT} (19300), {@code CLUSTER_PORT} (6801) and {@code HUXIN_PG_PORT} (56329). */
  public static Ports fromEnv(Map<String, String> env) {
    return new Ports(
        port(env, "PORT", 19300),
        port(env, "CLUSTER_PORT", 6801),
        port(env, "HUXIN_PG_PORT", 56329));
  }

  private static int port(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    return value == null || value.isEmpty() ? fallback : Integer.parseInt(value.trim());
  }

  public int node(int i) {
    return http + i;
  }

  public int clusterNode(int i) {
    return cluster + i;
  }

  public int proxy() {
    return postgres + 1;
  }

  public int proxyControl() {
    return postgres + 2;
  }

  public int webhook() {
    return http + 90;
  }
}
