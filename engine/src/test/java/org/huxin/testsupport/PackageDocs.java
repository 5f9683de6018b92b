package org.huxin.testsupport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Every main package says what lives there in a {@code package-info.java} (STYLE.md, first
 * example). Each module's {@code PackageInfoTest} lists its packages from the sources, one dynamic
 * test per package.
 */
public final class PackageDocs {
  /** A module's main sources, relative to the module folder Surefire runs in. */
  public static final Path MAIN_SOURCES = Path.of("src/main/java");

  private PackageDocs() {}

  /** The packages under {@code sourceRoot}: every folder that holds a {@code .java} file. */
  public static SortedSet<String> packages(Path sourceRoot) {
    SortedSet<String> packages = new TreeSet<>();
    try (Stream<Path> files = Files.walk(sourceRoot)) {
      files
          .filter(f -> f.getFileName().toString().endsWith(".java"))
          .map(f -> sourceRoot.relativize(f.getParent()).toString().replace('/', '.'))
          .forEach(packages::add);
    } catch (IOException e) {
      throw new UncheckedIOException("listing the packages under " + sourceRoot, e);
    }
    return packages;
  }

  /** One test per package under {@code sourceRoot}: it has a {@code package-info.java}. */
  public static Stream<DynamicTest> eachHasPackageInfo(Path sourceRoot) {
    assertTrue(Files.isDirectory(sourceRoot), sourceRoot.toAbsolutePath() + " is not a folder");
    SortedSet<String> packages = packages(sourceRoot);
    assertFalse(packages.isEmpty(), "no packages under " + sourceRoot.toAbsolutePath());
    return packages.stream()
        .map(
            p ->
                dynamicTest(
                    p,
                    () ->
                        assertTrue(
                            Files.isRegularFile(
                                sourceRoot
                                    .resolve(p.replace('.', '/'))
                                    .resolve("package-info.java")),
                            "package "
                                + p
                                + " has no package-info.java: say in one paragraph what lives"
                                + " there")));
  }
}
