package org.huxin.gateway.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells this node, by name ({@code HUXIN_NODE_NAME}), when another gateway node leaves the cluster:
 * killed, crashed, cut off or shut down. The name is a Hazelcast member attribute set before the
 * member joins, so it travels with the membership itself: every member that saw a node join knows
 * its name when it leaves. (A replicated map of names, tried first, had not reached the other
 * member 10 s after the join in one CI run.) The alert notifier uses it to give back a departed
 * node's leases at once ({@code AlertNotifier.nodeLeft}) instead of waiting for them to lapse.
 */
public final class NodeDepartures implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeDepartures.class);

  /** The member attribute that carries the node's name. */
  public static final String NODE_NAME = "huxin.node";

  private final HazelcastInstance hazelcast;
  private final UUID registration;

  private NodeDepartures(HazelcastInstance hazelcast, UUID registration) {
    this.hazelcast = hazelcast;
    this.registration = registration;
  }

  /** Names the member that {@code config} starts {@code node}. */
  static void name(Config config, String node) {
    if (node == null || node.isBlank()) {
      throw new IllegalArgumentException("a cluster member needs its node name");
    }
    config.getMemberAttributeConfig().setAttribute(NODE_NAME, node);
  }

  /** The node name {@code member} joined with, or null when it gave none. */
  public static String nameOf(Member member) {
    return member.getAttribute(NODE_NAME);
  }

  /**
   * Calls {@code left} with the name of every member that leaves from now on, on a Hazelcast event
   * thread: it must not block. Fails when this member joined under another name than {@code node}:
   * the others would then give back the wrong node's leases.
   */
  public static NodeDepartures watch(
      HazelcastInstance hazelcast, String node, Consumer<String> left) {
    Objects.requireNonNull(left, "left");
    String joinedAs = nameOf(hazelcast.getCluster().getLocalMember());
    if (!Objects.equals(node, joinedAs)) {
      throw new IllegalStateException(
          "this node is named '" + node + "' but joined the cluster as '" + joinedAs + "'");
    }
    UUID registration =
        hazelcast
            .getCluster()
            .addMembershipListener(
                new MembershipListener() {
                  @Override
                  public void memberAdded(MembershipEvent event) {}

                  @Override
                  public void memberRemoved(MembershipEvent event) {
                    String name = nameOf(event.getMember());
                    if (name == null) {
                      LOG.warn("cluster member {} left with no node name", event.getMember());
                      return;
                    }
                    LOG.info("node {} left the cluster", name);
                    left.accept(name);
                  }
                });
    return new NodeDepartures(hazelcast, registration);
  }

  /** Stops listening; the others learn of this node's leaving from Hazelcast. */
  @Override
  public void close() {
    try {
      hazelcast.getCluster().removeMembershipListener(registration);
    } catch (RuntimeException alreadyStopped) {
      // Hazelcast is shutting down: nothing left to stop
    }
  }
}
