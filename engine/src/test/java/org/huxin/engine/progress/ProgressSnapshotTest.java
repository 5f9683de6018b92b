package org.huxin.engine.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressSnapshotTest {
  private static final ProgressSnapshot SNAPSHOT =
      new ProgressSnapshot(
          7,
          1,
          Instant.EPOCH,
          List.of(
              leaf(1, 10, 7, 100, "7(2)班", counts(30, 2, 10, 12, 7, 2, 1, 0, 0)),
              leaf(1, 10, 7, 101, "7(1)班", counts(28, 0, 28, 30, 20, 5, 2, 1, 1)),
              leaf(1, 10, 8, 102, "8(1)班", counts(31, 1, 0, 0, 0, 0, 0, 0, 0)),
              leaf(1, 11, 9, 103, "9(1)班", counts(40, 0, 40, 40, 40, 0, 0, 0, 0)),
              leaf(2, 20, 7, 200, "7(1)班", counts(25, 5, 5, 6, 4, 1, 0, 0, 0))));

  @Test
  void tree_sumsEveryLevel() {
    ProgressNode city = SNAPSHOT.tree(c -> true);
    assertEquals(ProgressLevel.CITY, city.level());
    assertEquals(counts(154, 8, 83, 88, 71, 8, 3, 1, 1), city.counts());
    ProgressNode d1 = city.children().get(0);
    assertEquals(ProgressLevel.DISTRICT, d1.level());
    assertEquals("区1", d1.name());
    assertEquals(129, d1.counts().inScope());
    ProgressNode s10 = d1.children().get(0);
    assertEquals("校10", s10.name());
    assertEquals(List.of(7L, 8L), s10.children().stream().map(ProgressNode::id).toList());
    ProgressNode g7 = s10.children().get(0);
    assertEquals("7年级", g7.name());
    assertEquals(38, g7.counts().submitted());
    assertEquals(
        List.of("7(1)班", "7(2)班"), g7.children().stream().map(ProgressNode::name).toList());
    assertTrue(g7.children().get(0).children().isEmpty());
  }

  @Test
  void tree_visibleOnlyKeepsOnePath() {
    ProgressNode city = SNAPSHOT.tree(c -> c.classId() == 102);
    assertEquals(1, city.children().size());
    ProgressNode cls = city.children().get(0).children().get(0).children().get(0).children().get(0);
    assertEquals(ProgressLevel.CLASS, cls.level());
    assertEquals(102L, cls.id());
    assertEquals(31, city.counts().inScope());
  }

  @Test
  void tree_nothingVisible() {
    ProgressNode city = SNAPSHOT.tree(c -> false);
    assertTrue(city.children().isEmpty());
    assertEquals(ProgressCounts.ZERO, city.counts());
  }

  @Test
  void within_wholeWindowIsTheTreeRoot() {
    assertEquals(SNAPSHOT.tree(c -> true).counts(), SNAPSHOT.within(null, null));
  }

  @Test
  void within_oneDistrict() {
    assertEquals(counts(129, 3, 78, 82, 67, 7, 3, 1, 1), SNAPSHOT.within(1L, null));
    assertEquals(counts(25, 5, 5, 6, 4, 1, 0, 0, 0), SNAPSHOT.within(2L, null));
  }

  @Test
  void within_oneSchool() {
    assertEquals(counts(89, 3, 38, 42, 27, 7, 3, 1, 1), SNAPSHOT.within(null, 10L));
    assertEquals(SNAPSHOT.within(null, 10L), SNAPSHOT.within(1L, 10L));
  }

  @Test
  void within_schoolOutsideTheDistrictIsEmpty() {
    assertEquals(ProgressCounts.ZERO, SNAPSHOT.within(1L, 20L));
    assertEquals(ProgressCounts.ZERO, SNAPSHOT.within(null, 99L));
  }

  @Test
  void counts_tiersMustSumToSubmitted() {
    assertThrows(IllegalArgumentException.class, () -> counts(10, 0, 5, 5, 1, 1, 1, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> counts(10, 0, 11, 11, 11, 0, 0, 0, 0));
  }

  @Test
  void counts_resultsAtLeastOnePerSubmittedStudent() {
    assertThrows(IllegalArgumentException.class, () -> counts(10, 0, 5, 4, 5, 0, 0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> counts(10, 0, 0, 1, 0, 0, 0, 0, 0));
    assertEquals(9, counts(10, 0, 5, 9, 5, 0, 0, 0, 0).results());
  }

  @Test
  void counts_crisisStudentsWithinSubmitted() {
    assertThrows(IllegalArgumentException.class, () -> counts(10, 0, 2, 2, 0, 0, 0, 2, 3));
    assertThrows(IllegalArgumentException.class, () -> counts(10, 0, 2, 2, 0, 0, 0, 2, -1));
  }

  static ProgressCounts counts(
      long in,
      long noConsent,
      long sub,
      long results,
      long t0,
      long t1,
      long t2,
      long t3,
      long crisis) {
    return new ProgressCounts(in, noConsent, sub, results, t0, t1, t2, t3, crisis);
  }

  static ClassProgress leaf(
      long district, long school, int grade, long cls, String name, ProgressCounts counts) {
    return new ClassProgress(
        district, "区" + district, school, "校" + school, grade, cls, name, counts);
  }
}
