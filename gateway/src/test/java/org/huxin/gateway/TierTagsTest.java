package org.huxin.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.huxin.testsupport.TestTier;
import org.junit.jupiter.api.Test;

/**
 * A test that starts PostgreSQL or Chromium itself, not through a fixture that refuses to in the
 * fast tier, carries the tag that keeps it out of `./huxin test --fast`.
 */
class TierTagsTest {

  @Test
  void startsPostgres_onlyInDatabaseTests() {
    assertEquals(
        Set.of(),
        TestTier.untaggedPostgresStarts(),
        "these start PostgreSQL: annotate them @DatabaseTest");
  }

  @Test
  void startsChromium_onlyInBrowserTests() {
    assertEquals(
        Set.of(),
        TestTier.untaggedChromiumStarts("Chromium.java"),
        "these start Chromium: annotate them @BrowserTest");
  }
}
