package org.huxin.engine.renorm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.huxin.engine.norms.LocalNormBuilder.RefusedCell;
import org.huxin.engine.results.WindowResultQueries;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.scoring.CompiledBattery;
import org.huxin.engine.scoring.Respondent;
import org.huxin.engine.scoring.ScoredResult;
import org.huxin.engine.scoring.ScoringEngine;
import org.huxin.engine.store.Store;
import org.huxin.engine.windows.NewWindow;
import org.huxin.engine.windows.Window;
import org.huxin.engine.windows.WindowStatus;
import org.huxin.engine.windows.WindowStore;
import org.huxin.scales.NormCell;
import org.huxin.scales.NormSet;
import org.huxin.scales.ScaleLibrary;
import org.huxin.scales.SchoolBand;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.TestDatabase;
import org.huxin.testsupport.TestRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Norms from a small synthetic window: 300 results are the city's 240 junior-school students
 * (grades 7–9, about 60 per sex and grade) and 60 of grade 10, so with a minimum n of 50 the 7–9
 * cells are accepted and the 10–12 cells (about 30 per sex) refused.
 */
@DatabaseTest
class LocalNormsTest {

  private static final ScaleLibrary LIBRARY = ScaleLibrary.loadDefault();
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-11-20T08:00:00Z"), ZoneOffset.UTC);

  private static TestDatabase db;
  private static Store store;
  private static List<RosterEntry> roster;
  private static Window window;

  @BeforeAll
  static void seed() {
    db = TestDatabase.create(LocalNormsTest.class);
    store = db.openStore();
    roster = SyntheticWindow.loadCity(store, TestRows.cipher(), 300, 7L);
    window = SyntheticWindow.window(store, LIBRARY, roster, 300, 7L, CLOCK).window();
  }

  @AfterAll
  static void drop() {
    store.close();
    db.close();
  }

  @Test
  void build_refusesCellsBelowTheMinimumN() {
    LocalNorms.Outcome outcome = norms().build(window.id(), 50, "local-refuse");

    NormSet set = outcome.saved().orElseThrow().set();
    assertFalse(outcome.refused().isEmpty());
    for (RefusedCell cell : outcome.refused()) {
      assertEquals(SchoolBand.G10_12, cell.band(), cell.toString());
      assertTrue(cell.n() < 50, cell.toString());
      assertTrue(cell.reason().contains("below the minimum 50"), cell.reason());
    }
    for (NormCell cell : set.cells()) {
      assertEquals(SchoolBand.G7_9, cell.band(), cell.key());
      assertTrue(cell.n() >= 50, cell.key());
    }
    for (String target : List.of("phq9", "gad7", "who5", "k10", "rses")) {
      for (char sex : new char[] {'F', 'M'}) {
        assertTrue(
            set.cells().stream().anyMatch(c -> c.target().equals(target) && c.sex() == sex),
            target + " " + sex);
        assertTrue(
            outcome.refused().stream().anyMatch(c -> c.target().equals(target) && c.sex() == sex),
            target + " " + sex);
      }
    }
  }

  @Test
  void build_leavesOutCrisisScreensAndInvalidResults() {
    LocalNorms.Outcome outcome = norms().build(window.id(), 2, "local-all");

    NormSet set = outcome.saved().orElseThrow().set();
    assertEquals(300, outcome.results());
    assertEquals(outcome.results(), outcome.used() + outcome.invalid());
    assertTrue(outcome.invalid() > 0, "the synthetic straight-liners are invalid");
    assertFalse(set.targets().contains("asq"));
    long phq9 =
        set.cells().stream().filter(c -> c.target().equals("phq9")).mapToLong(NormCell::n).sum();
    assertEquals(outcome.used(), phq9, "every used result counts once for PHQ-9");
  }

  @Test
  void build_cellFiguresAreTheWindowsOwn() throws Exception {
    LocalNorms.Outcome outcome = norms().build(window.id(), 50, "local-figures");
    NormCell cell =
        outcome.saved().orElseThrow().set().cells().stream()
            .filter(c -> c.key().equals("k10 7-9 F"))
            .findFirst()
            .orElseThrow();

    ScoringEngine engine = ScoringEngine.compile(LIBRARY);
    Map<String, Double> sums = new HashMap<>();
    new WindowResultQueries(store.dataSource())
        .forEach(
            window.id(),
            row -> {
              if (row.validity() == 2 || row.sex() != 'F' || row.grade() > 9) {
                return;
              }
              CompiledBattery battery = engine.battery(row.batteryId());
              try {
                ScoredResult r =
                    battery.score(
                        battery.expandAnswers(row.answers()),
                        new Respondent(row.grade(), row.sex()));
                double raw = r.scale("k10").raw();
                sums.merge("n", 1.0, Double::sum);
                sums.merge("sum", raw, Double::sum);
                sums.merge("squares", raw * raw, Double::sum);
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            });
    double n = sums.get("n");
    double mean = sums.get("sum") / n;
    double sd = Math.sqrt((sums.get("squares") - n * mean * mean) / (n - 1));
    assertEquals((int) n, cell.n());
    assertEquals(mean, cell.mean(), 1e-9);
    assertEquals(sd, cell.sd(), 1e-9);
    assertEquals(10, cell.table().from());
    assertEquals(50, cell.table().to());
  }

  @Test
  void build_again_savesANewVersionAndKeepsTheFirst() {
    NormSet first = norms().build(window.id(), 50).saved().orElseThrow().set();
    NormSet second = norms().build(window.id(), 40).saved().orElseThrow().set();

    assertEquals("local-w" + window.id() + "@1.0.0", first.label());
    assertEquals("local-w" + window.id() + "@1.1.0", second.label());
    assertEquals("本地常模（" + window.name() + "）", first.shortLabel().get("zh-CN"));
    assertEquals("Local norm (" + window.name() + ")", first.shortLabel().get("en"));
    NormSetStore.Saved kept =
        new NormSetStore(store.dataSource()).find(first.label()).orElseThrow();
    assertEquals(first, kept.set());
    assertEquals(50, kept.provenance().minimumN());
    assertEquals(window.id(), kept.provenance().windowId());
    assertTrue(first.citation().contains("2025-11-20"), first.citation());
  }

  @Test
  void build_openWindow_isRefused() {
    Window open =
        new WindowStore(store.dataSource())
            .create(
                NewWindow.cityWide(
                    "still open",
                    7,
                    12,
                    Map.of("7-9", "g7-9", "10-12", "g10-12"),
                    Instant.parse("2025-09-01T00:00:00Z"),
                    Instant.parse("2025-09-30T00:00:00Z")));
    new WindowStore(store.dataSource()).setStatus(open.id(), WindowStatus.OPEN);

    WindowNotFinishedException e =
        assertThrows(WindowNotFinishedException.class, () -> norms().build(open.id(), 50));
    assertTrue(e.getMessage().contains("is open"), e.getMessage());
    assertTrue(
        new NormSetStore(store.dataSource()).find("local-w" + open.id() + "@1.0.0").isEmpty());
  }

  @Test
  void build_tooFewResultsForAnyCell_savesNothing() {
    LocalNorms.Outcome outcome = norms().build(window.id(), 5_000, "local-none");

    assertTrue(outcome.saved().isEmpty());
    assertTrue(outcome.refused().stream().allMatch(c -> c.n() < 5_000));
    assertTrue(new NormSetStore(store.dataSource()).find("local-none@1.0.0").isEmpty());
  }

  private static LocalNorms norms() {
    return new LocalNorms(LIBRARY, store.dataSource(), CLOCK);
  }
}
