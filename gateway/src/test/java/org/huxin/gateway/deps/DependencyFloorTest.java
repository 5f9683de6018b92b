package org.huxin.gateway.deps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/**
 * Fails the build when a library the gateway runs with is older than the minimum in {@code
 * deps/minimum-versions.properties}, which names the advisory behind each. Versions are read from
 * what is loaded, not from the pom: Netty's own {@code Version.identify()} for every Netty jar,
 * Jackson's and Hazelcast's version classes, the driver's {@code DriverInfo}, and the manifest of
 * the jar a Vert.x or logback class came from.
 */
class DependencyFloorTest {
  private static Properties minimums() throws IOException {
    Properties p = new Properties();
    try (InputStream in =
        DependencyFloorTest.class.getResourceAsStream("/deps/minimum-versions.properties")) {
      assertNotNull(in, "deps/minimum-versions.properties is on the test class path");
      p.load(in);
    }
    return p;
  }

  /** The numbers of a version, {@code 4.2.18.Final} as {@code [4, 2, 18]}. */
  static List<Integer> numbers(String version) {
    List<Integer> out = new ArrayList<>();
    for (String part : version.split("[^0-9]+")) {
      if (!part.isEmpty()) {
        out.add(Integer.parseInt(part));
      }
    }
    return out;
  }

  /** Whether {@code version} is {@code minimum} or later, comparing number by number. */
  static boolean atLeast(String version, String minimum) {
    List<Integer> v = numbers(version);
    List<Integer> m = numbers(minimum);
    for (int i = 0; i < Math.max(v.size(), m.size()); i++) {
      int a = i < v.size() ? v.get(i) : 0;
      int b = i < m.size() ? m.get(i) : 0;
      if (a != b) {
        return a > b;
      }
    }
    return true;
  }

  private static void assertFloor(String library, String loaded, String where) throws IOException {
    String minimum = minimums().getProperty(library);
    assertNotNull(minimum, library + " has a minimum");
    assertNotNull(loaded, library + " version readable from " + where);
    assertTrue(
        atLeast(loaded, minimum),
        library
            + " "
            + loaded
            + " ("
            + where
            + ") is below "
            + minimum
            + ": see deps/minimum-versions.properties for the advisory");
  }

  /** The {@code Implementation-Version} of the jar {@code type} was loaded from. */
  private static String manifestVersion(Class<?> type) throws IOException, URISyntaxException {
    Path jar = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      return manifest == null
          ? null
          : manifest.getMainAttributes().getValue("Implementation-Version");
    }
  }

  @Test
  void atLeast_comparesNumberByNumber() {
    assertTrue(atLeast("4.2.18.Final", "4.2.8.Final"));
    assertFalse(atLeast("4.2.7.Final", "4.2.8.Final"));
    assertTrue(atLeast("42.7.14", "42.7.7"));
    assertFalse(atLeast("2.18.6", "2.21.1"));
    assertTrue(atLeast("5.0.10", "5.0.10"));
    assertFalse(atLeast("1.5.18", "1.5.19"));
  }

  @Test
  void netty_everyJarAtOrAboveItsFloor() throws IOException {
    Map<String, io.netty.util.Version> jars = io.netty.util.Version.identify();
    assertFalse(jars.isEmpty(), "Netty's jars identify themselves");
    for (io.netty.util.Version v : jars.values()) {
      assertFloor("netty", v.artifactVersion(), v.artifactId());
    }
    assertTrue(jars.containsKey("netty-codec-http2"), "the HTTP/2 codec is among them");
  }

  @Test
  void vertx_atOrAboveItsFloor() throws Exception {
    assertFloor("vertx", manifestVersion(io.vertx.core.Vertx.class), "vertx-core");
    assertFloor("vertx", manifestVersion(io.vertx.ext.web.Router.class), "vertx-web");
    assertFloor(
        "vertx",
        manifestVersion(io.vertx.spi.cluster.hazelcast.HazelcastClusterManager.class),
        "vertx-hazelcast");
  }

  @Test
  void jackson_atOrAboveItsFloor() throws IOException {
    assertFloor(
        "jackson",
        com.fasterxml.jackson.core.json.PackageVersion.VERSION.toString(),
        "jackson-core");
    assertFloor(
        "jackson",
        com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString(),
        "jackson-databind");
  }

  @Test
  void logback_atOrAboveItsFloor() throws Exception {
    assertFloor(
        "logback", manifestVersion(ch.qos.logback.classic.LoggerContext.class), "logback-classic");
    assertFloor("logback", manifestVersion(ch.qos.logback.core.Appender.class), "logback-core");
  }

  @Test
  void postgresql_atOrAboveItsFloor() throws IOException {
    assertFloor("postgresql", org.postgresql.util.DriverInfo.DRIVER_VERSION, "DriverInfo");
  }

  @Test
  void hazelcast_atOrAboveItsFloor() throws IOException {
    String version = com.hazelcast.instance.BuildInfoProvider.getBuildInfo().getVersion();
    assertFloor("hazelcast", version, "BuildInfo");
    assertEquals(5, numbers(version).get(0), "Hazelcast 5, as vertx-hazelcast 5.0 needs");
  }
}
