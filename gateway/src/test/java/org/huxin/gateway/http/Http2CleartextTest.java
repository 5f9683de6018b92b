package org.huxin.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.huxin.gateway.config.GatewayConfig;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.testsupport.DatabaseTest;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2 without TLS (h2c) is refused unless {@code HUXIN_HTTP2_CLEARTEXT=true}: a client asking to
 * upgrade gets HTTP/1.1 from a default gateway and HTTP/2 only from one configured for it.
 */
@DatabaseTest
class Http2CleartextTest {
  /** The protocol version a client that offers the h2c upgrade ends up with. */
  private static HttpClient.Version negotiated(GatewayFixture gw)
      throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.app.port() + "/health/live"))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertTrue(r.statusCode() < 500, "answered: " + r.statusCode());
    return r.version();
  }

  @Test
  void upgrade_byDefault_staysOnHttp11() throws Exception {
    try (GatewayFixture gw = GatewayFixture.start(Http2CleartextTest.class)) {
      assertEquals(HttpClient.Version.HTTP_1_1, negotiated(gw));
    }
  }

  @Test
  void upgrade_whenConfigured_speaksHttp2() throws Exception {
    try (GatewayFixture gw =
        GatewayFixture.start(Http2CleartextTest.class, Map.of("HUXIN_HTTP2_CLEARTEXT", "true"))) {
      assertEquals(HttpClient.Version.HTTP_2, negotiated(gw));
    }
  }

  @Test
  void config_badValue_namesTheVariable() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> GatewayConfig.fromEnv(Map.of("HUXIN_HTTP2_CLEARTEXT", "yes")));
    assertTrue(e.getMessage().contains("HUXIN_HTTP2_CLEARTEXT"), e.getMessage());
  }
}
