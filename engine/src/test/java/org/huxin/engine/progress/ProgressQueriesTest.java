package org.huxin.engine.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
import org.huxin.engine.windows.UnknownWindowException;
import org.huxin.engine.windows.Window;
import org.huxin.engine.windows.WindowProgress;
import org.huxin.engine.windows.WindowStore;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.TestDatabase;
import org.huxin.testsupport.TestRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@DatabaseTest
class ProgressQueriesTest {

  private static final Instant OPENS = Instant.parse("2025-09-01T00:00:00Z");
  private static final Instant CLOSES = Instant.parse("2025-10-31T00:00:00Z");

  private static TestDatabase db;
  private static List<RosterEntry> roster;
  private static WindowStore windows;
  private static ProgressQueries progress;

  @BeforeAll
  static void loadCity() {
    db = TestDatabase.create(ProgressQueriesTest.class);
    roster = TestRows.loadDemoCity(db.dataSource());
    windows = new WindowStore(db.dataSource());
    progress = new ProgressQueries(db.dataSource(), windows);
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @Test
  void progress_cityWideCountsScopeAndTiers() throws Exception {
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

    WindowProgress p = progress.progress(window.id(), null, null);

    assertEquals(inScope.size(), p.studentsInScope());
    assertEquals(inScope.stream().filter(s -> !s.consent()).count(), p.withoutConsent());
    assertEquals(3, p.studentsSubmitted());
    assertEquals(4, p.results());
    assertEquals(List.of(0L, 1L, 1L, 1L), p.studentsByTier());
    assertEquals(1, p.crisisStudents());

    WindowProgress school = progress.progress(window.id(), null, b.schoolId());
    long inSchool = inScope.stream().filter(s -> s.schoolId() == b.schoolId()).count();
    assertEquals(inSchool, school.studentsInScope());
    assertEquals(
        List.of(a, b, c).stream().filter(s -> s.schoolId() == b.schoolId()).count(),
        school.studentsSubmitted());
  }

  @Test
  void progress_scopedToOneDistrictAndOneSchool() {
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

    WindowProgress p = progress.progress(window.id(), null, null);

    long expected =
        roster.stream()
            .filter(s -> s.districtId() == firstDistrict || s.schoolId() == schoolElsewhere)
            .filter(s -> s.grade() <= 3 || s.grade() >= 10)
            .count();
    assertEquals(expected, p.studentsInScope());
    assertEquals(0, p.studentsSubmitted());
    assertEquals(List.of(0L, 0L, 0L, 0L), p.studentsByTier());
    WindowProgress district = progress.progress(window.id(), firstDistrict, null);
    assertEquals(
        roster.stream()
            .filter(s -> s.districtId() == firstDistrict)
            .filter(s -> s.grade() <= 3 || s.grade() >= 10)
            .count(),
        district.studentsInScope());
  }

  @Test
  void progress_unknownWindow() {
    assertThrows(UnknownWindowException.class, () -> progress.progress(424_242, null, null));
  }

  private static void write(ResultRow... rows) throws Exception {
    try (ResultWriter writer = new ResultWriter(db.dataSource(), new WriterConfig(100, 5, 100))) {
      CompletableFuture<?>[] futures = new CompletableFuture<?>[rows.length];
      for (int i = 0; i < rows.length; i++) {
        futures[i] = writer.submit(rows[i]);
      }
      CompletableFuture.allOf(futures).get(30, TimeUnit.SECONDS);
    }
  }
}
