package org.huxin.gateway.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells this node, by name ({@code HUXIN_NODE_NAME}), when another gateway node leaves the cluster:
 * killed, crashed, cut off or shut down. Each node puts its Hazelcast member id and its name in a
 * replicated map as it starts; when Hazelcast removes a member, the nodes left look its name up.
 * The alert notifier uses it to give back a departed node's leases at once ({@code
 * AlertNotifier.nodeLeft}) instead of waiting for them to lapse.
 */
public final class NodeDepartures implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeDepartures.class);

  /** The replicated map of member ids to node names. */
  public static final String NAMES = "huxin-node-names";

  private final HazelcastInstance hazelcast;
  private final UUID registration;

  private NodeDepartures(HazelcastInstance hazelcast, UUID registration) {
    this.hazelcast = hazelcast;
    this.registration = registration;
  }

  /**
   * Names this member {@code node} for the others and calls {@code left} with the name of every
   * member that leaves from now on, on a Hazelcast event thread: it must not block.
   */
  public static NodeDepartures watch(
      HazelcastInstance hazelcast, String node, Consumer<String> left) {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(left, "left");
    ReplicatedMap<UUID, String> names = hazelcast.getReplicatedMap(NAMES);
    names.put(hazelcast.getCluster().getLocalMember().getUuid(), node);
    UUID registration =
        hazelcast
            .getCluster()
            .addMembershipListener(
                new MembershipListener() {
                  @Override
                  public void memberAdded(MembershipEvent event) {}

                  @Override
                  public void memberRemoved(MembershipEvent event) {
                    UUID member = event.getMember().getUuid();
                    String name = names.get(member);
                    if (name == null) {
                      LOG.warn("cluster member {} left before its node name reached us", member);
                      return;
                    }
                    LOG.info("node {} left the cluster", name);
                    left.accept(name);
                    names.remove(member);
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
