package org.huxin.gateway.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code HUXIN_CLUSTER_*} and {@code HUXIN_EVENTBUS_PORT}: defaults and clear refusals. */
class ClusterSettingsTest {
  private static final String MEMBERS = "10.0.0.1:5701,10.0.0.2:5701";

  @Test
  void fromEnv_noMembers_isSingleNode() {
    assertNull(ClusterSettings.fromEnv(Map.of()));
  }

  @Test
  void fromEnv_eventBusPortDefaultsToClusterPortPlus100() {
    ClusterSettings s =
        ClusterSettings.fromEnv(
            Map.of(
                "HUXIN_CLUSTER_MEMBERS", MEMBERS,
                "HUXIN_CLUSTER_HOST", "10.0.0.1",
                "HUXIN_CLUSTER_PORT", "5702"));
    assertEquals("10.0.0.1", s.host());
    assertEquals(5702, s.port());
    assertEquals(5802, s.eventBusPort());
  }

  @Test
  void fromEnv_eventBusPortSet() {
    ClusterSettings s =
        ClusterSettings.fromEnv(
            Map.of("HUXIN_CLUSTER_MEMBERS", MEMBERS, "HUXIN_EVENTBUS_PORT", "15701"));
    assertEquals(15701, s.eventBusPort());
  }

  @Test
  void fromEnv_badEventBusPort_namesTheVariable() {
    for (String bad : new String[] {"x", "0", "70000", "5701"}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  ClusterSettings.fromEnv(
                      Map.of("HUXIN_CLUSTER_MEMBERS", MEMBERS, "HUXIN_EVENTBUS_PORT", bad)),
              bad);
      assertTrue(e.getMessage().contains("HUXIN_EVENTBUS_PORT"), e.getMessage());
    }
  }

  @Test
  void hazelcastConfig_bindsOnlyTheNamedInterface() {
    ClusterSettings s =
        new ClusterSettings("huxin", "10.0.0.1", 5701, 5801, java.util.List.of("10.0.0.1:5701"));
    com.hazelcast.config.Config config = Cluster.hazelcastConfig(s);
    assertEquals("false", config.getProperty("hazelcast.socket.bind.any"));
    assertEquals(
        java.util.List.of("10.0.0.1"),
        java.util.List.copyOf(config.getNetworkConfig().getInterfaces().getInterfaces()));
    assertTrue(
        config
            .getSerializationConfig()
            .getJavaSerializationFilterConfig()
            .getWhitelist()
            .isListed("org.huxin.gateway.drafts.HazelcastDraftStore$SaveIfNewer"));
  }
}
