package org.huxin.gateway.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.huxin.gateway.config.ManagementSettings;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.gateway.testing.Http;
import org.huxin.testsupport.DatabaseTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A central Prometheus reads a node's metrics on the management listener, bound to the interface
 * named (127.0.0.2 here, so not 127.0.0.1), with no session; that listener serves the metrics and
 * the health checks and nothing else. Through the proxy, the bearer token opens {@code /metrics}
 * and a wrong one does not.
 */
@DatabaseTest
class ManagementListenerTest {
  private static final String INTERFACE = "127.0.0.2";
  private static final String TOKEN = "ops-scraper-7f3c9a1e5b2d4f6a8c0e1b3d5f7a9c2e";
  private static final String[] PROXIED = {"X-Forwarded-For", "203.0.113.9"};

  private static GatewayFixture gw;
  private static int managementPort;
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws IOException {
    managementPort = GatewayFixture.freePort();
    gw =
        GatewayFixture.start(
            ManagementListenerTest.class,
            Map.of(
                "HUXIN_MANAGEMENT_HOST", INTERFACE,
                "HUXIN_MANAGEMENT_PORT", String.valueOf(managementPort),
                "HUXIN_METRICS_TOKEN", TOKEN));
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void managementListener_metricsAndHealthWithoutASession_nothingElse() throws Exception {
    HttpResponse<String> metrics = get(INTERFACE, "/metrics");
    assertEquals(200, metrics.statusCode(), metrics.body());
    assertTrue(metrics.body().contains("\nhuxin_ready 1"), metrics.body());
    assertTrue(metrics.body().contains("vertx_pool_in_use{pool_name=\"huxin-pg\""), "pool use");

    assertEquals(200, get(INTERFACE, "/health/live").statusCode());
    HttpResponse<String> ready = get(INTERFACE, "/health/ready");
    assertEquals(200, ready.statusCode(), ready.body());
    assertTrue(ready.body().contains("\"ready\":true"), ready.body());

    assertEquals(404, get(INTERFACE, "/api/staff/me").statusCode(), "no API here");
    assertEquals(404, get(INTERFACE, "/").statusCode(), "no pages here");
    assertThrows(
        ConnectException.class,
        () -> get("127.0.0.1", "/metrics"),
        "bound to the interface named, not every one");
  }

  @Test
  void publicListener_bearerTokenOpensMetrics_aWrongOneDoesNot() {
    Http outside = new Http(gw.app.port());
    HttpResponse<String> withToken =
        outside.get("/metrics", PROXIED[0], PROXIED[1], "Authorization", "Bearer " + TOKEN);
    assertEquals(200, withToken.statusCode(), withToken.body());
    assertTrue(withToken.body().contains("huxin_logins_total"));

    for (String wrong :
        new String[] {"Bearer " + TOKEN.substring(1), "Bearer " + TOKEN + "x", "Basic " + TOKEN}) {
      HttpResponse<String> refused =
          outside.get("/metrics", PROXIED[0], PROXIED[1], "Authorization", wrong);
      assertEquals(401, refused.statusCode(), wrong);
      assertFalse(refused.body().contains("huxin_"), "no metrics with " + wrong);
    }
    assertEquals(401, outside.get("/metrics", PROXIED).statusCode(), "no token, no session");
  }

  @Test
  void settings_badValuesRefusedWithTheVariableNamed() {
    IllegalArgumentException shortToken =
        assertThrows(
            IllegalArgumentException.class,
            () -> ManagementSettings.fromEnv(Map.of("HUXIN_METRICS_TOKEN", "too-short")));
    assertTrue(shortToken.getMessage().contains("HUXIN_METRICS_TOKEN"), shortToken.getMessage());
    IllegalArgumentException notANumber =
        assertThrows(
            IllegalArgumentException.class,
            () -> ManagementSettings.fromEnv(Map.of("HUXIN_MANAGEMENT_PORT", "metrics")));
    assertTrue(notANumber.getMessage().contains("HUXIN_MANAGEMENT_PORT"));
    assertThrows(
        IllegalArgumentException.class,
        () -> ManagementSettings.fromEnv(Map.of("HUXIN_MANAGEMENT_PORT", "0")));
    assertThrows(
        IllegalArgumentException.class,
        () -> ManagementSettings.fromEnv(Map.of("HUXIN_MANAGEMENT_PORT", "70000")));
    assertFalse(ManagementSettings.fromEnv(Map.of()).listens(), "off unless a port is set");
  }

  private static HttpResponse<String> get(String host, String path) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create("http://" + host + ":" + managementPort + path))
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
