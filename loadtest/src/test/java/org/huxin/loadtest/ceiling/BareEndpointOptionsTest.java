package org.huxin.loadtest.ceiling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The bare endpoint's options, and the login-sized answer it can give for experiments. */
class BareEndpointOptionsTest {
  @Test
  void parse_portAlone_isTheCeiling() {
    assertEquals(
        new BareEndpoint.Options(18399, false, 0),
        BareEndpoint.Options.parse(new String[] {"--port", "18399"}));
  }

  @Test
  void parse_experimentOptions() {
    assertEquals(
        new BareEndpoint.Options(18398, true, 20),
        BareEndpoint.Options.parse(
            new String[] {"--port", "18398", "--login-sized", "--spin-us", "20"}));
  }

  @Test
  void parse_badArguments_sayWhy() {
    for (String[] bad :
        new String[][] {
          {},
          {"--port"},
          {"--port", "x"},
          {"--port", "0"},
          {"--port", "70000"},
          {"--port", "1", "--spin-us", "-1"},
          {"--port", "1", "--fast"}
        }) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> BareEndpoint.Options.parse(bad));
      assertTrue(e.getMessage().contains("--"), e.getMessage());
    }
  }

  @Test
  void loginSizedBody_isALoginAnswersSize() {
    JsonObject body = new JsonObject(BareEndpoint.LOGIN_SIZED_BODY);
    assertEquals(382, BareEndpoint.LOGIN_SIZED_BODY.length());
    assertTrue(body.containsKey("token") && body.containsKey("window"));
  }
}
