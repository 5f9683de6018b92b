package org.huxin.scales;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the loader reads data files from: a classpath folder, a directory on disk, or one source
 * laid over another (a district's folder over the shipped defaults). Paths are relative, with
 * {@code /} separators, and never leave the root.
 */
@FunctionalInterface
public interface ResourceSource {

  /**
   * Opens the file at {@code path}, or returns empty if there is none. The caller closes the
   * stream.
   */
  Optional<InputStream> open(String path) throws IOException;

  /** Files under {@code root} on the class path of this library, e.g. {@code scales}. */
  static ResourceSource classpath(String root) {
    Objects.requireNonNull(root, "root");
    ClassLoader loader = ResourceSource.class.getClassLoader();
    return path -> Optional.ofNullable(loader.getResourceAsStream(root + "/" + checked(path)));
  }

  /** Files under a directory on disk. */
  static ResourceSource directory(Path dir) {
    Path root = dir.toAbsolutePath().normalize();
    return path -> {
      Path file = root.resolve(checked(path)).normalize();
      if (!file.startsWith(root) || !Files.isRegularFile(file)) {
        return Optional.empty();
      }
      return Optional.of(Files.newInputStream(file));
    };
  }

  /** Files from {@code top} where it has them, otherwise from {@code base}. */
  static ResourceSource overlay(ResourceSource top, ResourceSource base) {
    Objects.requireNonNull(top, "top");
    Objects.requireNonNull(base, "base");
    return path -> {
      Optional<InputStream> in = top.open(path);
      return in.isPresent() ? in : base.open(path);
    };
  }

  private static String checked(String path) {
    if (!LibraryReader.isSafePath(path)) {
      throw new IllegalArgumentException(
          "path '" + path + "' must be relative, stay inside the root and end in .json");
    }
    return path;
  }
}
