package org.huxin.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PublicOriginTest {
  private static final PublicOrigin CITY = PublicOrigin.parse("https://huxin.example.edu.cn");

  @Test
  void parse_canonicalSpelling() {
    assertEquals("https://huxin.example.edu.cn", CITY.origin());
    assertTrue(CITY.https());
    assertEquals(
        "https://huxin.example.edu.cn",
        PublicOrigin.parse("HTTPS://Huxin.Example.EDU.cn:443/").origin());
    assertEquals("http://127.0.0.1:8080", PublicOrigin.parse("http://127.0.0.1:8080").origin());
    assertEquals("http://localhost", PublicOrigin.parse("http://localhost:80").origin());
    assertFalse(PublicOrigin.parse("http://localhost:8080").https());
    assertEquals("http://[::1]:8080", PublicOrigin.parse("http://[::1]:8080").origin());
  }

  @Test
  void parse_refusesWhatIsNotAnOrigin() {
    for (String bad :
        List.of(
            "",
            "huxin.example.edu.cn",
            "ftp://huxin.example.edu.cn",
            "https://",
            "https://admin:pw@huxin.example.edu.cn",
            "https://huxin.example.edu.cn/huxin",
            "https://huxin.example.edu.cn/?x=1",
            "https://huxin.example.edu.cn/#top",
            "https://huxin example")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> PublicOrigin.parse(bad), bad);
      assertTrue(e.getMessage().startsWith("HUXIN_PUBLIC_URL "), e.getMessage());
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
    }
  }

  @Test
  void matches_sameOriginInAnySpelling() {
    for (String same :
        List.of(
            "https://huxin.example.edu.cn",
            "https://HUXIN.example.edu.cn",
            "https://huxin.example.edu.cn:443",
            "https://huxin.example.edu.cn/console/",
            "https://huxin.example.edu.cn/console/?tab=alerts#x")) {
      assertTrue(CITY.matches(same), same);
    }
  }

  @Test
  void matches_refusesAnyOtherOrigin() {
    for (String other :
        java.util.Arrays.asList(
            null,
            "null",
            "",
            "http://huxin.example.edu.cn",
            "https://huxin.example.edu.cn:8443",
            "https://huxin.example.edu.cn.evil.example",
            "https://evil.example/https://huxin.example.edu.cn",
            "https://huxin.example.edu.cn@evil.example/",
            "https://evil.example@huxin.example.edu.cn/",
            "//huxin.example.edu.cn/",
            "not a url at all",
            "127.0.0.1:8080")) {
      assertFalse(CITY.matches(other), String.valueOf(other));
    }
  }
}
