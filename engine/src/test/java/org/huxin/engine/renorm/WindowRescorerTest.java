package org.huxin.engine.renorm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.store.Store;
import org.huxin.engine.windows.Window;
import org.huxin.engine.windows.WindowStatus;
import org.huxin.engine.windows.WindowStore;
import org.huxin.scales.ScaleLibrary;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.TestDatabase;
import org.huxin.testsupport.TestRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Re-scoring windows of 1,200 synthetic results (one district: a junior and a senior school, 600
 * students each) under local norms built from them.
 */
@DatabaseTest
class WindowRescorerTest {

  private static final ScaleLibrary LIBRARY = ScaleLibrary.loadDefault();
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-11-20T08:00:00Z"), ZoneOffset.UTC);
  private static final int RESULTS = 1_200;
  private static final String SHIPPED = "k10-cn-2023@2.0.0";
  private static final String POOLED = "k10-cn-2023@1.0.0";

  private static TestDatabase db;
  private static Store store;
  private static List<RosterEntry> roster;
  private static long seeds = 100;

  @BeforeAll
  static void seedCity() {
    db = TestDatabase.create(WindowRescorerTest.class);
    store = db.openStore();
    roster = SyntheticWindow.loadCity(store, TestRows.cipher(), RESULTS, 11L);
  }

  @AfterAll
  static void drop() {
    store.close();
    db.close();
  }

  /** A closed window of {@link #RESULTS} results and the label of local norms built from it. */
  private record Closed(long windowId, String label) {}

  private static Closed closedWindowWithLocalNorms() {
    Window window =
        SyntheticWindow.window(store, LIBRARY, roster, RESULTS, seeds++, CLOCK).window();
    String label =
        new LocalNorms(LIBRARY, store.dataSource(), CLOCK)
            .build(window.id(), 50)
            .saved()
            .orElseThrow()
            .label();
    return new Closed(window.id(), label);
  }

  @Test
  void rescore_tierCountsBeforeAndAfterCoverTheSameResults() throws SQLException {
    Closed w = closedWindowWithLocalNorms();
    List<RescoreProgress> progress = new ArrayList<>();

    RescoreReport report = rescorer(500).rescore(w.windowId(), w.label(), "test", progress::add);

    RescoreRun run = report.run();
    assertEquals(RESULTS, run.total());
    assertEquals(RESULTS, run.before().total());
    assertEquals(RESULTS, run.after().total());
    assertEquals(RESULTS, run.rescored());
    assertEquals(List.of(SHIPPED), run.fromNorms());
    assertEquals(3, progress.size(), "one progress report per batch of 500");
    assertEquals(RESULTS, progress.get(2).done());
    assertEquals(RESULTS, progress.get(2).total());
    assertTrue(progress.get(2).rowsPerSecond() > 0);
    assertEquals(
        RESULTS,
        count(
            "SELECT count(*) FROM result WHERE window_id = ? AND norm_version = '"
                + w.label()
                + "'",
            w.windowId()));
    assertEquals(
        RESULTS,
        count(
            "SELECT count(DISTINCT result_id) FROM result_history WHERE window_id = ?",
            w.windowId()));
    assertTrue(run.movedUp() > 0, "T ≥ 70 on a local norm lifts some results to key");
    long moved = 0;
    for (int tier = 0; tier < 4; tier++) {
      moved += Math.abs(run.after().of(tier) - run.before().of(tier));
    }
    assertTrue(moved <= 2 * (run.movedUp() + run.movedDown()));
    String table = report.table();
    assertTrue(table.contains("routine") && table.contains("危机") && table.contains("total"), table);
  }

  @Test
  void rescore_replacedVerdictsReproduceUnderTheirOldNorms() throws SQLException {
    Closed w = closedWindowWithLocalNorms();
    RescoreReport toLocal =
        rescorer(5_000).rescore(w.windowId(), w.label(), "test", RescoreListener.NONE);

    HistoryCheck.Outcome check = history().check(toLocal.run().id());
    assertEquals(RESULTS, check.checked());
    assertTrue(check.allReproduced(), check.mismatches().toString());

    RescoreReport back =
        rescorer(5_000).rescore(w.windowId(), SHIPPED, "test", RescoreListener.NONE);
    assertEquals(
        toLocal.run().before(),
        back.run().after(),
        "back under the shipped norms, the tiers are as first stored");
    assertEquals(List.of(w.label()), back.run().fromNorms());
    assertTrue(history().check(back.run().id()).allReproduced());

    exec(
        "UPDATE result SET answers = set_byte(answers, 8, 3) WHERE window_id = ? AND id = (SELECT min(id) FROM result WHERE window_id = ? AND get_byte(answers, 8) = 0)",
        w.windowId(),
        w.windowId());
    HistoryCheck.Outcome tampered = history().check(toLocal.run().id());
    assertEquals(RESULTS - 1, tampered.reproduced(), "the check notices a changed answer");
    assertEquals(1, tampered.mismatches().size());
  }

  @Test
  void rescore_fromThePooledK10NormToTheNormBySex() throws SQLException {
    Window window =
        SyntheticWindow.window(store, LIBRARY, roster, RESULTS, seeds++, CLOCK).window();
    long crises = count("SELECT count(*) FROM result WHERE window_id = ? AND crisis", window.id());
    // as if scored before 2.0.0 shipped: under the retired pooled norm
    RescoreReport toPooled =
        rescorer(5_000).rescore(window.id(), POOLED, "test", RescoreListener.NONE);
    assertEquals(List.of(SHIPPED), toPooled.run().fromNorms());

    RescoreReport bySex =
        rescorer(5_000).rescore(window.id(), SHIPPED, "test", RescoreListener.NONE);

    RescoreRun run = bySex.run();
    assertEquals(List.of(POOLED), run.fromNorms());
    assertEquals(RESULTS, run.rescored());
    assertEquals(crises, run.after().crisis(), "no crisis is lowered, none is made by a norm");
    assertEquals(run.before().crisis(), run.after().crisis());
    assertEquals(toPooled.run().before(), run.after(), "back to the tiers first stored");
    assertTrue(bySex.table().contains("moved up"), bySex.table());
    assertTrue(history().check(run.id()).allReproduced(), "1.0.0 verdicts reproduce");
    long secondary =
        count(
            "SELECT count(*) FROM result WHERE window_id = ? AND battery_id IN ('g7-9', 'g10-12')",
            window.id());
    assertTrue(secondary > 0);
    assertEquals(
        secondary,
        count(
            "SELECT count(*) FROM result WHERE window_id = ? AND scores::text LIKE '%全国常模%'",
            window.id()),
        "every K10 T carries the label of the norm that scored it");
  }

  @Test
  void rescore_neverLowersACrisis() throws SQLException {
    Closed w = closedWindowWithLocalNorms();
    long crisesBefore =
        count("SELECT count(*) FROM result WHERE window_id = ? AND crisis", w.windowId());
    assertTrue(crisesBefore > 0);

    RescoreReport report =
        rescorer(5_000).rescore(w.windowId(), w.label(), "test", RescoreListener.NONE);

    assertEquals(crisesBefore, report.run().after().crisis());
    assertEquals(
        0,
        count(
            "SELECT count(*) FROM result_history h JOIN result r ON r.window_id = h.window_id AND r.student_id = h.student_id AND r.form = h.form WHERE h.window_id = ? AND h.crisis AND NOT r.crisis",
            w.windowId()));
    assertEquals(
        crisesBefore,
        count(
            "SELECT count(*) FROM alert_outbox a JOIN result r ON r.id = a.result_id WHERE a.window_id = ? AND r.crisis",
            w.windowId()));
  }

  @Test
  void rescore_crisisThatWouldBeLowered_stopsAndWritesNothing() throws SQLException {
    Closed w = closedWindowWithLocalNorms();
    long tampered =
        count("SELECT min(id) FROM result WHERE window_id = ? AND tier = 0", w.windowId());
    exec(
        "UPDATE result SET tier = 3, crisis = true, crisis_level = 2, fired_rules = '{crisis_phq9_item9}' WHERE window_id = ? AND id = ?",
        w.windowId(),
        tampered);

    CrisisLoweredException e =
        assertThrows(
            CrisisLoweredException.class,
            () -> rescorer(5_000).rescore(w.windowId(), w.label(), "test", RescoreListener.NONE));

    assertEquals(tampered, e.resultId());
    assertTrue(e.getMessage().contains("Nothing of this batch was written"), e.getMessage());
    assertEquals(
        0,
        count(
            "SELECT count(*) FROM result WHERE window_id = ? AND norm_version <> '" + SHIPPED + "'",
            w.windowId()));
    assertEquals(0, count("SELECT count(*) FROM result_history WHERE window_id = ?", w.windowId()));
    assertEquals(
        1,
        count(
            "SELECT count(*) FROM result WHERE window_id = ? AND id = ? AND crisis",
            w.windowId(),
            tampered));
    RescoreRun run = new RescoreStore(store.dataSource()).runs(w.windowId()).get(0);
    assertFalse(run.finished());
    assertEquals(0, run.rescored());
  }

  @Test
  void rescore_resultThatBecomesCrisis_getsItsAlertInTheSameBatch() throws SQLException {
    Closed w = closedWindowWithLocalNorms();
    long crisis = count("SELECT min(id) FROM result WHERE window_id = ? AND crisis", w.windowId());
    exec("DELETE FROM alert_outbox WHERE window_id = ? AND result_id = ?", w.windowId(), crisis);
    exec(
        "UPDATE result SET tier = 2, crisis = false, crisis_level = 0, fired_rules = '{close_phq9_item9}' WHERE window_id = ? AND id = ?",
        w.windowId(),
        crisis);

    RescoreReport report =
        rescorer(5_000).rescore(w.windowId(), w.label(), "test", RescoreListener.NONE);

    assertEquals(1, report.run().newCrises());
    assertEquals(
        1,
        count(
            "SELECT count(*) FROM result WHERE window_id = ? AND id = ? AND crisis AND tier = 3",
            w.windowId(),
            crisis));
    assertEquals(
        1,
        count(
            "SELECT count(*) FROM alert_outbox WHERE window_id = ? AND result_id = ? AND level = 3",
            w.windowId(),
            crisis));
  }

  @Test
  void rescore_interrupted_resumesWhereItStopped() throws SQLException {
    Closed w = closedWindowWithLocalNorms();
    RuntimeException stop = new RuntimeException("stopped after the first batch");

    RuntimeException thrown =
        assertThrows(
            RuntimeException.class,
            () ->
                rescorer(300)
                    .rescore(
                        w.windowId(),
                        w.label(),
                        "test",
                        p -> {
                          throw stop;
                        }));
    assertSame(stop, thrown);
    RescoreRun stopped = new RescoreStore(store.dataSource()).runs(w.windowId()).get(0);
    assertFalse(stopped.finished());
    assertEquals(300, stopped.rescored());
    assertEquals(
        300,
        count(
            "SELECT count(*) FROM result WHERE window_id = ? AND norm_version = '"
                + w.label()
                + "'",
            w.windowId()));

    RescoreConflictException other =
        assertThrows(
            RescoreConflictException.class,
            () -> rescorer(300).rescore(w.windowId(), SHIPPED, "test", RescoreListener.NONE));
    assertTrue(
        other.getMessage().contains("unfinished re-scoring (run " + stopped.id() + ")"),
        other.getMessage());

    List<RescoreProgress> progress = new ArrayList<>();
    RescoreReport resumed = rescorer(300).rescore(w.windowId(), w.label(), "test", progress::add);

    assertEquals(stopped.id(), resumed.run().id());
    assertTrue(resumed.resumed());
    assertEquals(RESULTS - 300, resumed.rescoredNow());
    assertEquals(RESULTS, resumed.run().rescored());
    assertEquals(600, progress.get(0).done(), "progress counts the batch done before the stop");
    assertEquals(RESULTS, progress.get(0).total());
    assertEquals(
        RESULTS,
        count(
            "SELECT count(*) FROM result_history WHERE window_id = ? AND rescoring_id = ?",
            w.windowId(),
            stopped.id()));
    assertEquals(
        RESULTS,
        count(
            "SELECT count(DISTINCT result_id) FROM result_history WHERE window_id = ?",
            w.windowId()));
    assertEquals(resumed.run().before().total(), resumed.run().after().total());
    assertTrue(history().check(stopped.id()).allReproduced());
  }

  @Test
  void rescore_keepsTheStoredSpeedFlag() throws SQLException {
    Closed w = closedWindowWithLocalNorms();
    String hurried = "scores -> 'validityFlags' @> '[{\"check\": \"speed\"}]'";
    long flagged =
        count("SELECT count(*) FROM result WHERE window_id = ? AND " + hurried, w.windowId());
    assertTrue(flagged > 0, "the synthetic window has hurried students");
    Map<Long, Long> validity = validities(w.windowId());

    rescorer(5_000).rescore(w.windowId(), w.label(), "test", RescoreListener.NONE);

    assertEquals(
        flagged,
        count(
            "SELECT count(*) FROM result WHERE window_id = ? AND " + hurried + " AND validity >= 1",
            w.windowId()));
    assertEquals(validity, validities(w.windowId()), "norms never change validity");
  }

  @Test
  void rescore_refusesOpenWindowsUnknownNormsAndASecondProcess() {
    Closed w = closedWindowWithLocalNorms();
    WindowRescorer rescorer = rescorer(5_000);

    RenormException unknown =
        assertThrows(
            RenormException.class,
            () -> rescorer.rescore(w.windowId(), "local-w999@1.0.0", "test", RescoreListener.NONE));
    assertTrue(unknown.getMessage().contains("no norm set local-w999@1.0.0"), unknown.getMessage());

    try (RescoreStore.Lease held = new RescoreStore(store.dataSource()).lock(w.windowId())) {
      assertEquals(w.windowId(), held.windowId());
      RescoreConflictException busy =
          assertThrows(
              RescoreConflictException.class,
              () -> rescorer.rescore(w.windowId(), w.label(), "test", RescoreListener.NONE));
      assertTrue(busy.getMessage().contains("another process"), busy.getMessage());
    }

    new WindowStore(store.dataSource()).setStatus(w.windowId(), WindowStatus.OPEN);
    WindowNotFinishedException open =
        assertThrows(
            WindowNotFinishedException.class,
            () -> rescorer.rescore(w.windowId(), w.label(), "test", RescoreListener.NONE));
    assertTrue(open.getMessage().contains("is open"), open.getMessage());
    new WindowStore(store.dataSource()).setStatus(w.windowId(), WindowStatus.CLOSED);
    assertTrue(new RescoreStore(store.dataSource()).runs(w.windowId()).isEmpty(), "nothing ran");
  }

  @Test
  void rescore_windowReopenedMidRun_stopsAndResumesOnceClosed() throws SQLException {
    Closed w = closedWindowWithLocalNorms();
    AtomicLong batches = new AtomicLong();

    RescoreConflictException reopened =
        assertThrows(
            RescoreConflictException.class,
            () ->
                rescorer(400)
                    .rescore(
                        w.windowId(),
                        w.label(),
                        "test",
                        p -> {
                          if (batches.incrementAndGet() == 1) {
                            new WindowStore(store.dataSource())
                                .setStatus(w.windowId(), WindowStatus.OPEN);
                          }
                        }));
    assertTrue(
        reopened.getMessage().contains("open again after 400 results"), reopened.getMessage());

    new WindowStore(store.dataSource()).setStatus(w.windowId(), WindowStatus.CLOSED);
    RescoreReport report =
        rescorer(400).rescore(w.windowId(), w.label(), "test", RescoreListener.NONE);
    assertEquals(RESULTS, report.run().rescored());
    assertEquals(RESULTS, report.run().after().total());
  }

  private static WindowRescorer rescorer(int batch) {
    return new WindowRescorer(LIBRARY, store.dataSource(), normSets(), batch);
  }

  private static HistoryCheck history() {
    return new HistoryCheck(LIBRARY, store.dataSource(), normSets());
  }

  private static NormSets normSets() {
    return new NormSets(LIBRARY, new NormSetStore(store.dataSource()));
  }

  private static Map<Long, Long> validities(long windowId) throws SQLException {
    Map<Long, Long> out = new HashMap<>();
    try (Connection c = store.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT id, validity FROM result WHERE window_id = ?")) {
      ps.setLong(1, windowId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getLong(1), rs.getLong(2));
        }
      }
    }
    return out;
  }

  private static long count(String sql, Object... params) throws SQLException {
    try (Connection c = store.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static void exec(String sql, Object... params) throws SQLException {
    try (Connection c = store.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      assertEquals(1, ps.executeUpdate(), sql);
    }
  }
}
