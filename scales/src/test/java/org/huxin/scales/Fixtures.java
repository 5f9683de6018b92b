package org.huxin.scales;

import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Loads the small test library under {@code fixtures/}, optionally with one broken file laid over
 * it.
 */
final class Fixtures {

  private Fixtures() {}

  /** The valid base fixture: one three-item scale, one battery, two rules. */
  static ScaleLibrary base() {
    return ScaleLibrary.load(ResourceSource.classpath("fixtures/base"));
  }

  /** The base fixture with the files of {@code fixtures/broken/<name>} laid over it. */
  static ResourceSource broken(String name) {
    return ResourceSource.overlay(
        ResourceSource.classpath("fixtures/broken/" + name),
        ResourceSource.classpath("fixtures/base"));
  }

  /** Loads a broken fixture and returns the exception it must fail with. */
  static ScaleFileException failure(String name) {
    return assertThrows(ScaleFileException.class, () -> ScaleLibrary.load(broken(name)));
  }
}
