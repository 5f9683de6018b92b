package org.huxin.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
  private static final TrustedProxies NGINX = TrustedProxies.parse("10.0.0.0/8, 2001:db8::1");

  @Test
  void resolve_untrustedPeer_headerIgnored() {
    assertEquals("203.0.113.9", ClientAddress.resolve("203.0.113.9", List.of("1.2.3.4"), NGINX));
    assertEquals(
        "203.0.113.9",
        ClientAddress.resolve("203.0.113.9", List.of("1.2.3.4"), TrustedProxies.none()));
  }

  @Test
  void resolve_trustedPeer_rightmostUntrustedHopIsTheClient() {
    // The client wrote "6.6.6.6" itself; nginx appended the address it saw.
    assertEquals(
        "198.51.100.200",
        ClientAddress.resolve("10.1.2.3", List.of("6.6.6.6, 198.51.100.200"), NGINX));
    assertEquals(
        "198.51.100.200",
        ClientAddress.resolve("10.1.2.3", List.of("6.6.6.6", "198.51.100.200, 10.9.9.9"), NGINX));
  }

  @Test
  void resolve_garbageHop_stopsAtTheLastTrustedHop() {
    assertEquals(
        "10.2.2.2", ClientAddress.resolve("10.1.2.3", List.of("evil.example, 10.2.2.2"), NGINX));
    assertEquals("10.1.2.3", ClientAddress.resolve("10.1.2.3", List.of("not an address"), NGINX));
  }

  @Test
  void resolve_ipv6Proxy_andMappedAddresses() {
    String v6 = ClientAddress.resolve("2001:db8:0:0::1", List.of("2001:db8:5::77"), NGINX);
    assertEquals(ClientAddress.resolve("2001:db8:5:0::77", List.of(), NGINX), v6);
    assertEquals(
        "192.0.2.130", ClientAddress.resolve("::ffff:10.0.0.5", List.of("192.0.2.130"), NGINX));
  }

  @Test
  void resolve_hopsWithPorts_portDropped() {
    assertEquals(
        "198.51.100.7", ClientAddress.resolve("10.1.2.3", List.of("198.51.100.7:40123"), NGINX));
    assertEquals(
        ClientAddress.resolve("2001:db8:9::5", List.of(), NGINX),
        ClientAddress.resolve("10.1.2.3", List.of("[2001:db8:9::5]:443"), NGINX));
  }

  @Test
  void limitKey_ipv6CountsPerSlash64_ipv4PerAddress() {
    String key = ClientAddress.limitKey("2001:db8:1:2:aaaa::1");
    assertEquals(key, ClientAddress.limitKey("2001:db8:1:2:bbbb:cccc:dddd:eeee"));
    assertTrue(key.endsWith("/64"), key);
    assertNotEquals(
        ClientAddress.limitKey("2001:db8:1:3::1"), ClientAddress.limitKey("2001:db8:1:2::1"));
    assertEquals("192.0.2.200", ClientAddress.limitKey("192.0.2.200"));
    assertNotEquals("192.0.2.200", ClientAddress.limitKey("192.0.2.201"));
  }

  @Test
  void parse_rejectsNamesAndBadPrefixes() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse("proxy.local"))
            .getMessage()
            .contains("proxy.local"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse("10.0.0.0/33"))
            .getMessage()
            .contains("prefix"));
    assertTrue(TrustedProxies.parse("192.168.200.0/22").contains("192.168.203.254"));
    assertFalse(TrustedProxies.parse("192.168.200.0/22").contains("192.168.204.1"));
  }
}
