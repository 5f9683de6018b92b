package org.huxin.engine.windows;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@DatabaseTest
class WindowStoreTest {

  private static final Instant OPENS = Instant.parse("2025-09-01T00:00:00Z");
  private static final Instant CLOSES = Instant.parse("2025-10-31T16:00:00Z");

  private static TestDatabase db;
  private static WindowStore windows;

  @BeforeAll
  static void createDatabase() {
    db = TestDatabase.create(WindowStoreTest.class);
    windows = new WindowStore(db.dataSource());
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @Test
  void create_storesWindowAndPartitions() throws Exception {
    NewWindow request =
        new NewWindow(
            "2025秋季心理筛查",
            List.of(1L, 2L),
            List.of(7L),
            4,
            9,
            Map.of("4-6", "g4-6", "7-9", "g7-9"),
            OPENS,
            CLOSES,
            "{\"hotline\":\"12356\"}",
            8,
            NewWindow.DEFAULT_RULE_SET);

    Window window = windows.create(request);

    assertEquals(WindowStatus.DRAFT, window.status());
    assertEquals(List.of(1L, 2L), window.scopeDistrictIds());
    assertEquals(List.of(7L), window.scopeSchoolIds());
    assertEquals(Map.of("4-6", "g4-6", "7-9", "g7-9"), window.batteryByBand());
    assertEquals(OPENS, window.opensAt());
    assertEquals(CLOSES, window.closesAt());
    assertEquals(32, window.codeSecret().length);
    assertFalse(Arrays.equals(new byte[32], window.codeSecret()));
    assertTrue(window.helpContactsJson().contains("12356"));
    assertEquals(8, window.hashPartitions());
    assertEquals(8, partitionsOf("result_w" + window.id()));
    assertEquals("result", parentOf("result_w" + window.id()));
    assertEquals("result_w" + window.id(), parentOf("result_w" + window.id() + "_h7"));
  }

  @Test
  void create_eachWindowItsOwnSecret() {
    Window a = windows.create(cityWide("甲"));
    Window b = windows.create(cityWide("乙"));

    assertFalse(Arrays.equals(a.codeSecret(), b.codeSecret()));
  }

  @Test
  void find_roundTrips() {
    Window created = windows.create(cityWide("丙"));

    Window found = windows.find(created.id()).orElseThrow();

    assertEquals(created.toString(), found.toString());
    assertArrayEquals(created.codeSecret(), found.codeSecret());
    assertEquals(Optional.empty(), windows.find(created.id() + 1000));
  }

  @Test
  void list_newestFirst() {
    Window older = windows.create(cityWide("旧"));
    Window newer = windows.create(cityWide("新"));

    List<Window> all = windows.list();

    assertTrue(all.indexOf(findIn(all, newer.id())) < all.indexOf(findIn(all, older.id())));
  }

  @Test
  void setStatus_followsLifecycle() {
    Window window = windows.create(cityWide("丁"));

    assertEquals(WindowStatus.OPEN, windows.setStatus(window.id(), WindowStatus.OPEN).status());
    assertEquals(WindowStatus.PAUSED, windows.setStatus(window.id(), WindowStatus.PAUSED).status());
    assertEquals(WindowStatus.CLOSED, windows.setStatus(window.id(), WindowStatus.CLOSED).status());
    assertEquals(
        WindowStatus.ARCHIVED,
        windows
            .find(window.id())
            .map(w -> windows.setStatus(w.id(), WindowStatus.ARCHIVED))
            .orElseThrow()
            .status());
  }

  @Test
  void setStatus_illegalTransition() {
    Window window = windows.create(cityWide("戊"));

    WindowTransitionException e =
        assertThrows(
            WindowTransitionException.class,
            () -> windows.setStatus(window.id(), WindowStatus.CLOSED));
    assertTrue(e.getMessage().contains("is draft and cannot become closed"), e.getMessage());
    assertEquals(WindowStatus.DRAFT, windows.find(window.id()).orElseThrow().status());
  }

  @Test
  void setStatus_unknownWindow() {
    assertThrows(UnknownWindowException.class, () -> windows.setStatus(987_654, WindowStatus.OPEN));
  }

  private static Window findIn(List<Window> all, long id) {
    return all.stream().filter(w -> w.id() == id).findFirst().orElseThrow();
  }

  private static NewWindow cityWide(String name) {
    return NewWindow.cityWide(name, 1, 12, Map.of("1-3", "g1-3", "4-12", "g4-12"), OPENS, CLOSES);
  }

  private static String parentOf(String partition) throws SQLException {
    String sql =
        "SELECT p.relname FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent"
            + " JOIN pg_class c ON c.oid = i.inhrelid WHERE c.relname = ?";
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, partition);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static int partitionsOf(String table) throws SQLException {
    String sql =
        "SELECT count(*) FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent"
            + " WHERE p.relname = ?";
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
