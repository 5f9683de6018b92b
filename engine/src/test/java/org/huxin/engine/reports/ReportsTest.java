package org.huxin.engine.reports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.huxin.engine.results.ResultRow;
import org.huxin.engine.results.ResultWriter;
import org.huxin.engine.results.WriterConfig;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.windows.NewWindow;
import org.huxin.engine.windows.Window;
import org.huxin.engine.windows.WindowStatus;
import org.huxin.engine.windows.WindowStore;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.TestDatabase;
import org.huxin.testsupport.TestRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reports over the demo city: the counts equal an independent count of the rows written, and the
 * published report withholds every small cell and shows every other one as counted.
 */
@DatabaseTest
class ReportsTest {

  private static final Map<String, String> BANDS =
      Map.of("1-3", "g1-3", "4-6", "g4-6", "7-9", "g7-9");

  private static TestDatabase db;
  private static List<RosterEntry> roster;
  private static WindowStore windows;
  private static Reports reports;
  private static ReportQueries queries;
  private static Window earlier;
  private static Window current;
  private static final List<ResultRow> currentRows = new ArrayList<>();
  private static final List<ResultRow> earlierRows = new ArrayList<>();

  @BeforeAll
  static void loadCity() throws Exception {
    db = TestDatabase.create(ReportsTest.class);
    roster = TestRows.loadDemoCity(db.dataSource());
    windows = new WindowStore(db.dataSource());
    reports = new Reports(windows);
    queries = new ReportQueries();
    earlier =
        windows.create(
            NewWindow.cityWide(
                "2025年秋季筛查",
                1,
                9,
                BANDS,
                Instant.parse("2025-09-01T00:00:00Z"),
                Instant.parse("2025-10-31T00:00:00Z")));
    windows.setStatus(earlier.id(), WindowStatus.OPEN);
    current =
        windows.create(
            NewWindow.cityWide(
                "2026年秋季筛查",
                1,
                9,
                BANDS,
                Instant.parse("2026-09-01T00:00:00Z"),
                Instant.parse("2026-10-31T00:00:00Z")));
    windows.create(
        NewWindow.cityWide(
            "未开放的草稿",
            1,
            9,
            BANDS,
            Instant.parse("2024-09-01T00:00:00Z"),
            Instant.parse("2024-10-31T00:00:00Z")));
    SplittableRandom random = new SplittableRandom(7);
    for (RosterEntry s : roster) {
      if (s.grade() > 9 || random.nextInt(10) < 2) {
        continue;
      }
      if (s.grade() <= 3) {
        currentRows.add(row(current, s, "teacher", random.nextInt(4)));
        if (random.nextBoolean()) {
          currentRows.add(row(current, s, "parent", random.nextInt(4)));
        }
      } else {
        currentRows.add(row(current, s, "self", tier(random)));
      }
      if (random.nextInt(3) == 0) {
        earlierRows.add(row(earlier, s, s.grade() <= 3 ? "teacher" : "self", tier(random)));
      }
    }
    write(currentRows);
    write(earlierRows);
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @Test
  void counts_equalAnIndependentCountOfTheRows() {
    RosterEntry any = roster.get(roster.size() / 2);
    List<ReportUnit> units =
        List.of(
            ReportUnit.city("全市"),
            new ReportUnit(ReportLevel.DISTRICT, any.districtId(), null, "区"),
            new ReportUnit(ReportLevel.SCHOOL, any.districtId(), any.schoolId(), "校"));
    for (ReportUnit unit : units) {
      UnitCounts expected = expected(current, unit, currentRows);
      UnitCounts actual = queries.counts(db.pool(), current, unit).await();
      for (int g = 1; g <= 12; g++) {
        assertEquals(expected.inScope(g), actual.inScope(g), unit + " grade " + g + " in scope");
        assertEquals(expected.withoutConsent(g), actual.withoutConsent(g), unit + " consent");
        for (int sex = 0; sex < 2; sex++) {
          for (int t = 0; t < 4; t++) {
            assertEquals(
                expected.students(g, sex, t),
                actual.students(g, sex, t),
                unit + " grade " + g + " sex " + sex + " tier " + t);
          }
        }
      }
    }
  }

  @Test
  void report_showsEveryCountedCellOrWithholdsIt() {
    RosterEntry any = roster.get(0);
    ReportUnit school = new ReportUnit(ReportLevel.SCHOOL, any.districtId(), any.schoolId(), "校");
    UnitCounts expected = expected(current, school, currentRows);

    Report report = reports.report(db.pool(), current, school).await();

    ReportTable t = report.tiers();
    List<Integer> grades =
        roster.stream()
            .filter(s -> s.schoolId() == any.schoolId() && s.grade() <= 9)
            .map(RosterEntry::grade)
            .distinct()
            .sorted()
            .toList();
    assertEquals(grades, report.grades(), "the window's grades this school has");
    int withheld = 0;
    for (int i = 0; i < t.rowKeys().size(); i++) {
      int g = Integer.parseInt(t.rowKeys().get(i));
      for (int c = 0; c < 8; c++) {
        long n = expected.students(g, c / 4, c % 4);
        ReportCell cell = t.cell(i, c);
        if (n > 0 && n < 10) {
          assertTrue(cell.suppressed(), "grade " + g + " column " + c + " holds " + n);
        }
        if (cell.suppressed()) {
          withheld++;
          assertNull(cell.count());
        } else {
          assertEquals(n, cell.count());
        }
      }
      CompletionRow completion = report.completion().get(i);
      assertEquals(g, completion.grade());
      assertEquals(expected.inScope(g), completion.inScope());
      assertEquals(t.rowTotals().get(i), completion.screened());
    }
    assertTrue(withheld > 0, "the random school has small cells");
    CompletionRow total = report.completion().get(report.completion().size() - 1);
    assertNull(total.grade());
    long inScope = 0;
    for (int g : grades) {
      inScope += expected.inScope(g);
    }
    assertEquals(inScope, total.inScope());
  }

  @Test
  void report_gradeOneToThreeStudentCountedOnceAtHighestTier() {
    RosterEntry child =
        roster.stream()
            .filter(s -> s.grade() == 2)
            .filter(s -> currentRows.stream().noneMatch(r -> r.studentId() == s.id()))
            .findFirst()
            .orElseThrow();
    Window w =
        windows.create(
            NewWindow.cityWide(
                "低年级",
                1,
                3,
                Map.of("1-3", "g1-3"),
                Instant.parse("2026-03-01T00:00:00Z"),
                Instant.parse("2026-03-31T00:00:00Z")));
    write(List.of(row(w, child, "teacher", 1), row(w, child, "parent", 3)));

    UnitCounts counts =
        queries
            .counts(
                db.pool(),
                w,
                new ReportUnit(ReportLevel.SCHOOL, child.districtId(), child.schoolId(), "校"))
            .await();

    int sex = UnitCounts.sexIndex(child.sex());
    assertArrayEquals(
        new long[] {0, 0, 0, 1},
        new long[] {
          counts.students(2, sex, 0),
          counts.students(2, sex, 1),
          counts.students(2, sex, 2),
          counts.students(2, sex, 3)
        });
    assertEquals(1, counts.screened(2));
  }

  @Test
  void report_yearOverYear_earlierWindowFirstDraftsLeftOut() {
    Report report = reports.report(db.pool(), current, ReportUnit.city("全市")).await();

    List<YearPoint> series = report.yearOverYear();
    assertEquals(2, series.size(), series.toString());
    assertEquals(earlier.id(), series.get(0).windowId());
    assertFalse(series.get(0).current());
    assertEquals((long) earlierRows.size(), series.get(0).screened().count());
    assertEquals(current.id(), series.get(1).windowId());
    assertTrue(series.get(1).current());
    assertEquals(
        ReportBuilder.point(earlier, expected(earlier, ReportUnit.city("全市"), earlierRows)),
        series.get(0));
  }

  private static int tier(SplittableRandom random) {
    int r = random.nextInt(100);
    return r < 70 ? 0 : r < 88 ? 1 : r < 97 ? 2 : 3;
  }

  private static ResultRow row(Window w, RosterEntry s, String form, int tier) {
    return TestRows.row(w.id(), s, form, tier, tier == 3, UUID.randomUUID());
  }

  /** Counts {@code rows} of {@code unit} in plain Java: one student once, at their highest tier. */
  static UnitCounts expected(Window w, ReportUnit unit, List<ResultRow> rows) {
    UnitCounts counts = UnitCounts.empty();
    for (int g = 1; g <= 12; g++) {
      final int grade = g;
      List<RosterEntry> in =
          roster.stream()
              .filter(s -> s.grade() == grade && w.inScope(s.districtId(), s.schoolId(), grade))
              .filter(s -> inUnit(unit, s.districtId(), s.schoolId()))
              .toList();
      counts = counts.withRoster(g, in.size(), in.stream().filter(s -> !s.consent()).count());
    }
    Map<Long, List<ResultRow>> byStudent =
        rows.stream()
            .filter(r -> r.windowId() == w.id())
            .filter(r -> inUnit(unit, r.districtId(), r.schoolId()))
            .collect(java.util.stream.Collectors.groupingBy(ResultRow::studentId));
    for (List<ResultRow> forms : byStudent.values()) {
      ResultRow first = forms.get(0);
      int top = forms.stream().mapToInt(ResultRow::tier).max().orElseThrow();
      counts = counts.plusStudents(first.grade(), first.sex(), top, 1);
    }
    return counts;
  }

  private static boolean inUnit(ReportUnit unit, long districtId, long schoolId) {
    return switch (unit.level()) {
      case CITY -> true;
      case DISTRICT -> unit.districtId() == districtId;
      case SCHOOL -> unit.schoolId() == schoolId;
    };
  }

  private static void write(List<ResultRow> rows) {
    try (ResultWriter writer = new ResultWriter(db.pool(), new WriterConfig(500, 5000))) {
      CompletableFuture<?>[] futures =
          rows.stream().map(writer::submit).toArray(CompletableFuture<?>[]::new);
      CompletableFuture.allOf(futures).get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
