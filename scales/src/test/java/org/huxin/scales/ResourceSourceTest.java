package org.huxin.scales;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceSourceTest {

  private static void copy(String resource, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    try (InputStream in = ResourceSourceTest.class.getClassLoader().getResourceAsStream(resource)) {
      Files.copy(in, to);
    }
  }

  @Test
  void directory_loadsLibrary(@TempDir Path dir) throws IOException {
    for (String file :
        new String[] {
          "index.json", "instruments/mini.json", "batteries.json", "tier-rules/default.json"
        }) {
      copy("fixtures/base/" + file, dir.resolve(file));
    }
    ScaleLibrary library = ScaleLibrary.load(ResourceSource.directory(dir));
    assertEquals(Fixtures.base(), library);
  }

  @Test
  void directory_missingFile(@TempDir Path dir) throws IOException {
    assertTrue(ResourceSource.directory(dir).open("index.json").isEmpty());
  }

  @Test
  void directory_pathEscape(@TempDir Path dir) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ResourceSource.directory(dir).open("../index.json"));
    assertEquals(
        "path '../index.json' must be relative, stay inside the root and end in .json",
        e.getMessage());
  }

  @Test
  void classpath_absolutePath() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ResourceSource.classpath("scales").open("/etc/passwd.json"));
  }

  @Test
  void overlay_topWins() throws IOException {
    ResourceSource source =
        ResourceSource.overlay(
            ResourceSource.classpath("fixtures/broken/dup-scale"),
            ResourceSource.classpath("fixtures/base"));
    try (InputStream in = source.open("index.json").orElseThrow()) {
      assertTrue(new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("mini-copy.json"));
    }
    try (InputStream in = source.open("batteries.json").orElseThrow()) {
      assertTrue(in.readAllBytes().length > 0);
    }
  }
}
