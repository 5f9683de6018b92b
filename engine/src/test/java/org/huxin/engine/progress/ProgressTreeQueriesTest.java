package org.huxin.engine.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.huxin.engine.results.ResultRow;
import org.huxin.engine.results.ResultWriter;
import org.huxin.engine.results.WriterConfig;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.windows.NewWindow;
import org.huxin.engine.windows.Window;
import org.huxin.engine.windows.WindowStore;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.TestDatabase;
import org.huxin.testsupport.TestRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A window's progress as the one aggregate query reads it, summed whole and for one district or
 * school as {@code GET /api/staff/windows/:id/progress} serves it.
 */
@DatabaseTest
class ProgressTreeQueriesTest {

  private static final Instant OPENS = Instant.parse("2025-09-01T00:00:00Z");
  private static final Instant CLOSES = Instant.parse("2025-10-31T00:00:00Z");

  private static TestDatabase db;
  private static List<RosterEntry> roster;
  private static WindowStore windows;
  private static ProgressTreeQueries queries;

  @BeforeAll
  static void loadCity() {
    db = TestDatabase.create(ProgressTreeQueriesTest.class);
    roster = TestRows.loadDemoCity(db.dataSource());
    windows = new WindowStore(db.dataSource());
    queries = new ProgressTreeQueries();
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @Test
  void perClass_cityWideCountsScopeAndTiers() throws Exception {
    Window window =
        windows.create(
            NewWindow.cityWide("全市", 4, 9, Map.of("4-6", "g4-6", "7-9", "g7-9"), OPENS, CLOSES));
    List<RosterEntry> inScope =
        roster.stream().filter(s -> s.grade() >= 4 && s.grade() <= 9).toList();
    RosterEntry a = inScope.get(0);
    RosterEntry b = inScope.get(1);
    RosterEntry c = inScope.get(2);
    write(
        TestRows.row(window.id(), a, "self", 1, false, UUID.randomUUID()),
        TestRows.row(window.id(), b, "self", 3, true, UUID.randomUUID()),
        TestRows.row(window.id(), c, "self", 0, false, UUID.randomUUID()),
        TestRows.row(window.id(), c, "parent", 2, false, UUID.randomUUID()));

    ProgressCounts p = within(window, null, null);

    assertEquals(inScope.size(), p.inScope());
    assertEquals(inScope.stream().filter(s -> !s.consent()).count(), p.withoutConsent());
    assertEquals(3, p.submitted());
    assertEquals(4, p.results());
    assertEquals(List.of(0L, 1L, 1L, 1L), p.tiers());
    assertEquals(1, p.crisisStudents());

    ProgressCounts school = within(window, null, b.schoolId());
    List<RosterEntry> inSchool =
        inScope.stream().filter(s -> s.schoolId() == b.schoolId()).toList();
    assertEquals(inSchool.size(), school.inScope());
    assertEquals(inSchool.stream().filter(s -> !s.consent()).count(), school.withoutConsent());
    assertEquals(
        List.of(a, b, c).stream().filter(s -> s.schoolId() == b.schoolId()).count(),
        school.submitted());
    assertEquals(
        (a.schoolId() == b.schoolId() ? 1 : 0) + 1 + (c.schoolId() == b.schoolId() ? 2 : 0),
        school.results());
    assertEquals(1, school.crisisStudents(), "b's crisis counts in b's school");

    ProgressCounts district = within(window, a.districtId(), null);
    assertEquals(
        inScope.stream().filter(s -> s.districtId() == a.districtId()).count(), district.inScope());
    assertEquals(
        List.of(a, b, c).stream().filter(s -> s.districtId() == a.districtId()).count(),
        district.submitted());
  }

  @Test
  void perClass_scopedToOneDistrictAndOneSchool() {
    long firstDistrict = roster.get(0).districtId();
    long schoolElsewhere =
        roster.stream()
            .filter(s -> s.districtId() != firstDistrict)
            .findFirst()
            .orElseThrow()
            .schoolId();
    Window window =
        windows.create(
            new NewWindow(
                "区级",
                List.of(firstDistrict),
                List.of(schoolElsewhere),
                1,
                12,
                Map.of("1-3", "g1-3", "10-12", "g10-12"),
                OPENS,
                CLOSES,
                null,
                4,
                NewWindow.DEFAULT_RULE_SET));

    ProgressCounts p = within(window, null, null);

    long expected =
        roster.stream()
            .filter(s -> s.districtId() == firstDistrict || s.schoolId() == schoolElsewhere)
            .filter(s -> s.grade() <= 3 || s.grade() >= 10)
            .count();
    assertEquals(expected, p.inScope());
    assertEquals(0, p.submitted());
    assertEquals(0, p.results());
    assertEquals(List.of(0L, 0L, 0L, 0L), p.tiers());
    assertEquals(0, p.crisisStudents());
    ProgressCounts district = within(window, firstDistrict, null);
    assertEquals(
        roster.stream()
            .filter(s -> s.districtId() == firstDistrict)
            .filter(s -> s.grade() <= 3 || s.grade() >= 10)
            .count(),
        district.inScope());
  }

  /** The window's counts in {@code districtId} and {@code schoolId} (null for any). */
  private static ProgressCounts within(Window window, Long districtId, Long schoolId) {
    return new ProgressSnapshot(
            window.id(), 1, Instant.EPOCH, queries.perClass(db.pool(), window).await())
        .within(districtId, schoolId);
  }

  private static void write(ResultRow... rows) throws Exception {
    try (ResultWriter writer = new ResultWriter(db.pool(), new WriterConfig(100, 100))) {
      CompletableFuture<?>[] futures = new CompletableFuture<?>[rows.length];
      for (int i = 0; i < rows.length; i++) {
        futures[i] = writer.submit(rows[i]);
      }
      CompletableFuture.allOf(futures).get(30, TimeUnit.SECONDS);
    }
  }
}
