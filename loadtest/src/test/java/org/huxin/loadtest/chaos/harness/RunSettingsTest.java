package org.huxin.loadtest.chaos.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RunSettingsTest {

  @Test
  void of_short_holdsTheShortRunsFigures() {
    RunSettings s = RunSettings.of(true);

    assertEquals(new RunSettings(600, 60, 10, 20, 15, 3000), s);
    assertEquals(6 * 600 + 3000 + 14 * 20 + 2300, s.students());
    assertEquals(10, s.runSeconds());
  }

  @Test
  void of_full_holdsTheFullRunsFigures() {
    RunSettings s = RunSettings.of(false);

    assertEquals(new RunSettings(3000, 80, 30, 60, 60, 20000), s);
    assertEquals(6 * 3000 + 20000 + 14 * 20 + 2300, s.students());
    assertEquals(37, s.runSeconds());
  }

  @Test
  void ports_fromEnv_defaultsAndDerivedPorts() {
    Ports p = Ports.fromEnv(Map.of("CLUSTER_PORT", ""));

    assertEquals(new Ports(19300, 6801, 56329), p);
    assertEquals(19302, p.node(2));
    assertEquals(6803, p.clusterNode(2));
    assertEquals(56330, p.proxy());
    assertEquals(56331, p.proxyControl());
    assertEquals(19390, p.webhook());
  }

  @Test
  void ports_fromEnv_takesTheGivenPorts() {
    assertEquals(
        new Ports(29300, 7801, 57329),
        Ports.fromEnv(Map.of("PORT", "29300", "CLUSTER_PORT", "7801", "HUXIN_PG_PORT", "57329")));
  }
}
