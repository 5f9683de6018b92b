package org.huxin.gateway.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.testsupport.DatabaseTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every file the gateway serves from {@code webroot}, found by walking the folder (so a new page is
 * checked the day it is added), arrives with a CSP that forbids inline script and style and
 * framing, and with {@code nosniff}; no page holds the inline script or style that such a CSP would
 * block.
 */
@DatabaseTest
class PageHeadersTest {
  private static final Path WEBROOT = Path.of("src/main/resources/webroot");

  /**
   * Inline script or style in a page: a script element without src, a style element or attribute, a
   * handler.
   */
  private static final Pattern INLINE =
      Pattern.compile(
          "<script(?![^>]*\\bsrc=)[^>]*>|<style\\b|\\sstyle\\s*=|\\son[a-z]+\\s*=|javascript:",
          Pattern.CASE_INSENSITIVE);

  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = Gateways.start(PageHeadersTest.class);
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void everyWebrootFile_carriesTheSecurityHeaders() throws IOException {
    List<String> paths = new ArrayList<>(List.of("/", "/console/"));
    try (Stream<Path> files = Files.walk(WEBROOT)) {
      files
          .filter(Files::isRegularFile)
          .map(f -> "/" + WEBROOT.relativize(f).toString().replace('\\', '/'))
          .sorted()
          .forEach(paths::add);
    }
    assertTrue(paths.size() >= 20, "webroot files found: " + paths);
    assertTrue(paths.contains("/console/index.html"), paths.toString());
    List<String> failures = new ArrayList<>();
    for (String path : paths) {
      HttpResponse<String> r = Raw.send(gw.app.port(), "GET", path, null);
      if (r.statusCode() != 200) {
        failures.add(path + " answered " + r.statusCode());
        continue;
      }
      List<String> csps = r.headers().allValues("content-security-policy");
      String csp = csps.isEmpty() ? "" : csps.get(0);
      if (csps.size() != 1) {
        failures.add(path + " has " + csps.size() + " CSP headers");
      }
      if (csp.contains("unsafe-inline") || csp.contains("unsafe-eval")) {
        failures.add(path + " allows unsafe script or style: " + csp);
      }
      if (!csp.contains("frame-ancestors 'none'")) {
        failures.add(path + " may be framed: " + csp);
      }
      if (!csp.contains("script-src 'self'") && !csp.startsWith("default-src 'none'")) {
        failures.add(path + " has no script-src 'self': " + csp);
      }
      if (!"nosniff".equals(r.headers().firstValue("x-content-type-options").orElse(null))) {
        failures.add(path + " lacks X-Content-Type-Options: nosniff");
      }
    }
    try (Stream<Path> files = Files.walk(WEBROOT)) {
      for (Path page : files.filter(f -> f.toString().endsWith(".html")).toList()) {
        var inline = INLINE.matcher(Files.readString(page));
        if (inline.find()) {
          failures.add(page + " holds inline code the CSP blocks: " + inline.group());
        }
      }
    }
    assertEquals(List.of(), failures, "of " + paths.size() + " files");
  }
}
