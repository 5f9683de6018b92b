package org.huxin.loadtest.chaos.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ScenariosTest {

  @Test
  void names_theSixScenariosInTheRunsOrder() {
    assertEquals(
        "kill-gateway,stop-postgres,relay-down,slow-database,overload,relay-node-killed",
        Scenarios.names());
  }

  @Test
  void named_unknown_isEmpty() {
    assertTrue(Scenarios.named("kill-everything").isEmpty());
    assertEquals("overload", Scenarios.named("overload").orElseThrow().name());
  }

  @Test
  void capacity_acknowledgedPerSecond_truncated_atLeastOne() {
    assertEquals(
        123, Overload.capacity(new JsonObject().put("acknowledged", 600).put("elapsed_ms", 4870)));
    assertEquals(
        1, Overload.capacity(new JsonObject().put("acknowledged", 0).put("elapsed_ms", 0)));
  }
}
