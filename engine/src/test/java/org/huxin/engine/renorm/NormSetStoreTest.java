package org.huxin.engine.renorm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.huxin.engine.norms.LocalNormBuilder.RefusedCell;
import org.huxin.engine.store.DuplicateKeyException;
import org.huxin.engine.store.StoreException;
import org.huxin.engine.windows.NewWindow;
import org.huxin.engine.windows.WindowStore;
import org.huxin.scales.LocalizedText;
import org.huxin.scales.NormCell;
import org.huxin.scales.NormSet;
import org.huxin.scales.PercentileTable;
import org.huxin.scales.ScaleLibrary;
import org.huxin.scales.SchoolBand;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@DatabaseTest
class NormSetStoreTest {

  private static TestDatabase db;
  private static NormSetStore store;
  private static long windowId;

  @BeforeAll
  static void createDatabase() {
    db = TestDatabase.create(NormSetStoreTest.class);
    store = new NormSetStore(db.dataSource());
    windowId =
        new WindowStore(db.dataSource())
            .create(
                NewWindow.cityWide(
                    "w",
                    7,
                    9,
                    Map.of("7-9", "g7-9"),
                    Instant.parse("2025-09-01T00:00:00Z"),
                    Instant.parse("2025-09-30T00:00:00Z")))
            .id();
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @Test
  void save_readsBackSetAndProvenance() {
    NormSet set = local("local-a", "1.0.0", 6.25);
    List<RefusedCell> refused =
        List.of(
            new RefusedCell("gad7", SchoolBand.G10_12, 'M', 12, "n 12 is below the minimum 50"));

    NormSetStore.Saved saved =
        store.save(set, NormSetStore.Provenance.window(windowId, 50, refused));

    NormSetStore.Saved found = store.find("local-a@1.0.0").orElseThrow();
    assertEquals(set, found.set());
    assertEquals(saved.createdAt(), found.createdAt());
    assertEquals("window " + windowId, found.provenance().source());
    assertEquals(windowId, found.provenance().windowId());
    assertEquals(50, found.provenance().minimumN());
    assertEquals(refused, found.provenance().refused());
  }

  @Test
  void save_sameVersionTwice_isRefusedAndTheFirstStays() {
    NormSet first = local("local-b", "1.0.0", 5.0);
    store.save(first, NormSetStore.Provenance.window(windowId, 50, List.of()));

    DuplicateKeyException e =
        assertThrows(
            DuplicateKeyException.class,
            () ->
                store.save(
                    local("local-b", "1.0.0", 9.0),
                    NormSetStore.Provenance.window(windowId, 50, List.of())));

    assertTrue(e.getMessage().contains("local-b@1.0.0 is already saved"), e.getMessage());
    assertEquals(first, store.find("local-b", "1.0.0").orElseThrow().set());
  }

  @Test
  void savedVersion_databaseRefusesUpdateAndDelete() throws SQLException {
    store.save(local("local-c", "1.0.0", 5.0), NormSetStore.Provenance.shipped());
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      SQLException update =
          assertThrows(
              SQLException.class,
              () ->
                  s.executeUpdate(
                      "UPDATE norm_set SET norm_table = '{}' WHERE scale_id = 'local-c'"));
      assertTrue(update.getMessage().contains("immutable"), update.getMessage());
      SQLException delete =
          assertThrows(
              SQLException.class,
              () -> s.executeUpdate("DELETE FROM norm_set WHERE scale_id = 'local-c'"));
      assertTrue(delete.getMessage().contains("immutable"), delete.getMessage());
    }
    assertEquals(local("local-c", "1.0.0", 5.0), store.find("local-c@1.0.0").orElseThrow().set());
  }

  @Test
  void nextVersion_bumpsTheMinorNumberNumerically() {
    assertEquals("1.0.0", store.nextVersion("local-d"));
    for (String version : List.of("1.0.0", "1.1.0", "1.9.0", "1.10.0")) {
      store.save(local("local-d", version, 5.0), NormSetStore.Provenance.shipped());
    }
    assertEquals("1.11.0", store.nextVersion("local-d"));
    List<String> listed = new ArrayList<>();
    for (NormSetStore.Saved saved : store.list()) {
      if (saved.set().id().equals("local-d")) {
        listed.add(saved.set().version());
      }
    }
    assertEquals(List.of("1.0.0", "1.1.0", "1.9.0", "1.10.0"), listed);
  }

  @Test
  void saveIfAbsent_sameSetIsKept_otherFiguresRefused() {
    NormSet shipped = ScaleLibrary.loadDefault().normSet("k10-cn-2023");
    NormSetStore.Saved first = store.saveIfAbsent(shipped, NormSetStore.Provenance.shipped());
    NormSetStore.Saved again = store.saveIfAbsent(shipped, NormSetStore.Provenance.shipped());

    assertEquals(first.createdAt(), again.createdAt());
    assertEquals(shipped, again.set());
    assertNull(again.provenance().windowId());
    NormSet changed =
        new NormSet(
            shipped.id(),
            shipped.version(),
            shipped.title(),
            shipped.citation(),
            shipped.note(),
            List.of(new NormCell("k10", SchoolBand.G7_9, 'F', 100, 22, 9, true, null)));
    StoreException e =
        assertThrows(
            StoreException.class,
            () -> store.saveIfAbsent(changed, NormSetStore.Provenance.shipped()));
    assertTrue(e.getMessage().contains("needs a new version"), e.getMessage());
  }

  @Test
  void find_badLabel_saysTheForm() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> store.find("local-a"));
    assertTrue(e.getMessage().contains("id@version"), e.getMessage());
  }

  private static NormSet local(String id, String version, double mean) {
    List<Double> table = new ArrayList<>();
    for (int raw = 0; raw <= 27; raw++) {
      table.add(Math.min(100, raw * 3.7));
    }
    return new NormSet(
        id,
        version,
        LocalizedText.of("本地常模", "Local norms"),
        "window test",
        "",
        List.of(
            new NormCell(
                "phq9", SchoolBand.G7_9, 'F', 120, mean, 4.1, false, new PercentileTable(0, table)),
            new NormCell("phq9", SchoolBand.G7_9, 'M', 118, mean - 1, 3.9, false, null)));
  }
}
