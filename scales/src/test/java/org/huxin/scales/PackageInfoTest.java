package org.huxin.scales;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every main package of the scales has a package-info that says what lives there. The other modules
 * share org.huxin.testsupport.PackageDocs from the engine's test jar; the scales come before the
 * engine, so this is its own copy of the same check.
 */
class PackageInfoTest {
  private static final Path MAIN_SOURCES = Path.of("src/main/java");

  @TestFactory
  Stream<DynamicTest> mainPackages_eachHasPackageInfo() throws IOException {
    SortedSet<String> packages = new TreeSet<>();
    try (Stream<Path> files = Files.walk(MAIN_SOURCES)) {
      files
          .filter(f -> f.getFileName().toString().endsWith(".java"))
          .map(f -> MAIN_SOURCES.relativize(f.getParent()).toString().replace('/', '.'))
          .forEach(packages::add);
    }
    assertFalse(packages.isEmpty(), "no packages under " + MAIN_SOURCES.toAbsolutePath());
    return packages.stream()
        .map(
            p ->
                dynamicTest(
                    p,
                    () ->
                        assertTrue(
                            Files.isRegularFile(
                                MAIN_SOURCES
                                    .resolve(p.replace('.', '/'))
                                    .resolve("package-info.java")),
                            "package "
                                + p
                                + " has no package-info.java: say in one paragraph what lives"
                                + " there")));
  }
}
