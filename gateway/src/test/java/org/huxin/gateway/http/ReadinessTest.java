package org.huxin.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.testsupport.DatabaseTest;
import org.junit.jupiter.api.Test;

/** Readiness: not before every component is up, never once draining; and as served. */
@DatabaseTest
class ReadinessTest {

  @Test
  void isReady_onlyAfterEveryComponent() {
    Readiness r = Readiness.awaiting(Readiness.STORE, Readiness.HTTP);
    assertFalse(r.isReady());
    assertEquals(List.of("waiting for store", "waiting for http"), r.reasons());
    r.markReady(Readiness.STORE);
    assertFalse(r.isReady());
    r.markReady(Readiness.HTTP);
    r.markReady(Readiness.HTTP);
    assertTrue(r.isReady());
    assertEquals(List.of(), r.reasons());
  }

  @Test
  void isReady_falseOnceDraining() {
    Readiness r = Readiness.awaiting(Readiness.STORE);
    r.markReady(Readiness.STORE);
    r.markDraining();
    assertFalse(r.isReady());
    assertEquals(List.of("draining"), r.reasons());
  }

  @Test
  void markReady_unknownComponent() {
    Readiness r = Readiness.awaiting(Readiness.STORE);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> r.markReady("clutser"));
    assertTrue(e.getMessage().contains("clutser"), e.getMessage());
  }

  @Test
  void awaiting_duplicateComponent() {
    assertThrows(
        IllegalArgumentException.class, () -> Readiness.awaiting(Readiness.STORE, "store"));
  }

  @Test
  void healthReady_503UntilReadyAnd503WhileDraining() {
    Readiness readiness = Readiness.awaiting(Readiness.STORE, Readiness.HTTP, Readiness.CLUSTER);
    GatewayFixture gw = GatewayFixture.start(ReadinessTest.class, Map.of(), readiness);
    try {
      HttpResponse<String> waiting = gw.http.get("/health/ready");
      assertEquals(503, waiting.statusCode(), waiting.body());
      assertEquals(
          new JsonObject()
              .put("ready", false)
              .put("reasons", new JsonArray().add("waiting for cluster")),
          new JsonObject(waiting.body()));
      assertEquals(200, gw.http.get("/health/live").statusCode(), "alive while not ready");

      readiness.markReady(Readiness.CLUSTER);
      HttpResponse<String> ready = gw.http.get("/health/ready");
      assertEquals(200, ready.statusCode(), ready.body());
      assertEquals(
          new JsonObject().put("ready", true).put("reasons", new JsonArray()),
          new JsonObject(ready.body()));
    } finally {
      gw.close();
    }
    assertFalse(readiness.isReady(), "closing the node marks it draining first");
    assertEquals(List.of("draining"), readiness.reasons());
  }

  @Test
  void healthReady_503WhileDrainingButStillServing() {
    Readiness readiness = Readiness.awaiting(Readiness.STORE, Readiness.HTTP);
    GatewayFixture gw = GatewayFixture.start(ReadinessTest.class, Map.of(), readiness);
    try {
      assertEquals(200, gw.http.get("/health/ready").statusCode());
      readiness.markDraining();
      HttpResponse<String> draining = gw.http.get("/health/ready");
      assertEquals(503, draining.statusCode(), draining.body());
      assertEquals(
          List.of("draining"), new JsonObject(draining.body()).getJsonArray("reasons").getList());
    } finally {
      gw.close();
    }
  }
}
