package org.huxin.gateway.roster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.windows.WindowStatus;
import org.huxin.engine.windows.WindowStore;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.Eventually;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A window changed behind the gateways' back (as the retention command archives one, or an operator
 * fixes one in SQL) reaches no event bus; the node sees it at its next timed re-read.
 */
@DatabaseTest
class WindowRefreshTest {
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(WindowRefreshTest.class, Map.of("HUXIN_WINDOW_REFRESH_S", "1"));
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void aWindowChangedOutsideTheGateways_isSeenAtTheNextRefresh() throws InterruptedException {
    RosterEntry student = gw.studentA();
    assertEquals(200, login(student).statusCode());

    new WindowStore(gw.store.dataSource()).setStatus(gw.window.id(), WindowStatus.PAUSED);
    awaitStatus(WindowStatus.PAUSED);
    HttpResponse<String> refused = login(student);
    assertEquals(403, refused.statusCode(), refused.body());
    assertEquals("window_closed", new JsonObject(refused.body()).getString("error"));

    new WindowStore(gw.store.dataSource()).setStatus(gw.window.id(), WindowStatus.OPEN);
    awaitStatus(WindowStatus.OPEN);
    assertEquals(200, login(student).statusCode());
  }

  private static HttpResponse<String> login(RosterEntry student) {
    return gw.http.postJson("/api/student/login", gw.loginBody(student));
  }

  /** Waits up to 5 s (five refreshes) for the node's own view of the window. */
  private static void awaitStatus(WindowStatus status) {
    Eventually.await(
        "the node seeing the window " + status,
        Duration.ofSeconds(5),
        () -> gw.app.services().windows().find(gw.window.id()).orElseThrow().status() == status);
  }
}
