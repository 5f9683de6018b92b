package org.huxin.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.huxin.engine.store.EmbeddedPostgresServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class TestTierTest {

  @Test
  void check_fastTierRefusesAndNamesTheClassAndItsTag() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> TestTier.check("fast", "PostgreSQL", TestTierTest.class, DatabaseTest.class));
    assertTrue(e.getMessage().contains(TestTierTest.class.getName()), e.getMessage());
    assertTrue(e.getMessage().contains("@DatabaseTest"), e.getMessage());
  }

  @Test
  void check_fullTierAllows() {
    TestTier.check(null, "PostgreSQL", TestTierTest.class, DatabaseTest.class);
    TestTier.check("", "Chromium", TestTierTest.class, BrowserTest.class);
  }

  @Test
  void runningTestClass_isTheClassJUnitCalled() {
    assertEquals(TestTierTest.class, TestTier.runningTestClass());
  }

  @Test
  void annotations_carryTheTagsTheFastProfileLeavesOut() {
    assertEquals(Set.of("db"), tags(DatabaseTest.class));
    assertEquals(Set.of("db", "browser"), tags(BrowserTest.class));
  }

  /** Only in {@code ./huxin test --fast}: an untagged class asking for a database fails by name. */
  @Test
  void create_inTheFastTier_failsNamingTheUntaggedClass() {
    assumeTrue(TestTier.fast(), "runs in the fast tier only");
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> TestDatabase.create(TestTierTest.class));
    assertTrue(e.getMessage().contains(TestTierTest.class.getName()), e.getMessage());
    e = assertThrows(IllegalStateException.class, TestDatabase::server);
    assertTrue(e.getMessage().contains(TestTierTest.class.getName()), e.getMessage());
  }

  /**
   * Only in the fast tier: the embedded PostgreSQL binaries are off the class path, so a test that
   * starts a server without {@link TestDatabase} fails too.
   */
  @Test
  void binaries_inTheFastTier_areNotOnTheClassPath() {
    assumeTrue(TestTier.fast(), "runs in the fast tier only");
    assertNull(
        EmbeddedPostgresServer.class.getClassLoader().getResource("postgres-linux-x86_64.txz"));
  }

  private static Set<String> tags(Class<?> annotation) {
    return Arrays.stream(annotation.getAnnotationsByType(Tag.class))
        .map(Tag::value)
        .collect(Collectors.toSet());
  }
}
