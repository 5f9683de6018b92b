package org.huxin.gateway.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether this node should be sent traffic ({@code GET /health/ready}). It is not ready until every
 * component it was created with has reported ready (for example {@code store}: migrations ran;
 * {@code http}: verticles deployed; {@code cluster}: joined), and it is not ready again from the
 * moment shutdown begins, so a load balancer stops sending requests while the node drains. Safe to
 * use from any thread.
 */
public final class Readiness {
  /** The store is open and its migrations ran. */
  public static final String STORE = "store";

  /** The HTTP verticles are deployed and listening. */
  public static final String HTTP = "http";

  /** The node joined its cluster. */
  public static final String CLUSTER = "cluster";

  private final Set<String> required;
  private final Set<String> waiting;
  private volatile boolean draining;

  private Readiness(Set<String> required) {
    this.required = Set.copyOf(required);
    this.waiting = new LinkedHashSet<>(required);
  }

  /** Not ready until each of {@code components} was marked ready. */
  public static Readiness awaiting(String... components) {
    Set<String> required = new LinkedHashSet<>();
    for (String component : components) {
      if (component == null || component.isBlank() || !required.add(component)) {
        throw new IllegalArgumentException(
            "readiness components must be distinct names, got " + List.of(components));
      }
    }
    return new Readiness(required);
  }

  /** Records that {@code component} is up; marking it twice is harmless. */
  public void markReady(String component) {
    if (!required.contains(component)) {
      throw new IllegalArgumentException(
          "'" + component + "' is not a readiness component here; expected one of " + required);
    }
    synchronized (waiting) {
      waiting.remove(component);
    }
  }

  /** Answers {@code GET /health/ready}: 200 when ready, else 503; both with the reasons. */
  public void answer(RoutingContext ctx) {
    boolean ready = isReady();
    Responses.json(
        ctx,
        ready ? 200 : 503,
        new JsonObject().put("ready", ready).put("reasons", new JsonArray(reasons())));
  }

  /** Shutdown has begun: not ready from now on, whatever else holds. */
  public void markDraining() {
    draining = true;
  }

  public boolean isReady() {
    if (draining) {
      return false;
    }
    synchronized (waiting) {
      return waiting.isEmpty();
    }
  }

  /**
   * Why the node is not ready ({@code "waiting for cluster"}, {@code "draining"}); empty if it is.
   */
  public List<String> reasons() {
    List<String> reasons = new ArrayList<>();
    synchronized (waiting) {
      for (String component : waiting) {
        reasons.add("waiting for " + component);
      }
    }
    if (draining) {
      reasons.add("draining");
    }
    return reasons;
  }
}
