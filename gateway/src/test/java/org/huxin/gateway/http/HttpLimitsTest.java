package org.huxin.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code HUXIN_HTTP_*} limits: defaults, bad values named, body deadlines. */
class HttpLimitsTest {
  @Test
  void fromEnv_defaults() {
    assertEquals(HttpLimits.defaults(), HttpLimits.fromEnv(Map.of()));
    assertEquals(30_000, HttpLimits.defaults().bodyDeadlineMillis(-1));
  }

  @Test
  void fromEnv_badValueNamesTheVariable() {
    IllegalArgumentException notANumber =
        assertThrows(
            IllegalArgumentException.class,
            () -> HttpLimits.fromEnv(Map.of("HUXIN_HTTP_BODY_TIMEOUT_S", "30s")));
    assertTrue(notANumber.getMessage().contains("HUXIN_HTTP_BODY_TIMEOUT_S"));
    IllegalArgumentException zero =
        assertThrows(
            IllegalArgumentException.class,
            () -> HttpLimits.fromEnv(Map.of("HUXIN_HTTP_CONNECTIONS_PER_ADDRESS", "0")));
    assertTrue(zero.getMessage().contains("HUXIN_HTTP_CONNECTIONS_PER_ADDRESS"));
    assertThrows(
        IllegalArgumentException.class,
        () -> HttpLimits.fromEnv(Map.of("HUXIN_HTTP_HEADER_TIMEOUT_S", "0")));
  }

  @Test
  void bodyDeadline_aSecondPer64KiBUpToTheLargestUpload() {
    HttpLimits limits = HttpLimits.defaults();
    assertEquals(30_000 + 10_000, limits.bodyDeadlineMillis(10 * 64 * 1024));
    assertEquals(
        limits.bodyDeadlineMillis(HttpLimits.LARGEST_UPLOAD),
        limits.bodyDeadlineMillis(Long.MAX_VALUE / 2),
        "a declared length earns no more than the largest upload");
  }
}
