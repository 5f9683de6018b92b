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
import java.sql.Statement;
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

    Window window = create(request);

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
    Window a = create(cityWide("甲"));
    Window b = create(cityWide("乙"));

    assertFalse(Arrays.equals(a.codeSecret(), b.codeSecret()));
  }

  @Test
  void find_roundTrips() {
    Window created = create(cityWide("丙"));

    Window found = windows.find(db.pool(), created.id()).await().orElseThrow();

    assertEquals(created.toString(), found.toString());
    assertArrayEquals(created.codeSecret(), found.codeSecret());
    assertEquals(Optional.empty(), windows.find(db.pool(), created.id() + 1000).await());
  }

  @Test
  void list_newestFirst() {
    Window older = create(cityWide("旧"));
    Window newer = create(cityWide("新"));

    List<Window> all = windows.list(db.pool()).await();

    assertTrue(all.indexOf(findIn(all, newer.id())) < all.indexOf(findIn(all, older.id())));
  }

  @Test
  void setStatus_followsLifecycle() {
    Window window = create(cityWide("丁"));

    assertEquals(WindowStatus.OPEN, setStatus(window.id(), WindowStatus.OPEN).status());
    assertEquals(WindowStatus.PAUSED, setStatus(window.id(), WindowStatus.PAUSED).status());
    assertEquals(WindowStatus.CLOSED, setStatus(window.id(), WindowStatus.CLOSED).status());
    assertEquals(
        WindowStatus.ARCHIVED,
        windows
            .find(db.pool(), window.id())
            .await()
            .map(w -> setStatus(w.id(), WindowStatus.ARCHIVED))
            .orElseThrow()
            .status());
  }

  @Test
  void setStatus_illegalTransition() {
    Window window = create(cityWide("戊"));

    WindowTransitionException e =
        assertThrows(
            WindowTransitionException.class, () -> setStatus(window.id(), WindowStatus.CLOSED));
    assertTrue(e.getMessage().contains("is draft and cannot become closed"), e.getMessage());
    assertEquals(
        WindowStatus.DRAFT, windows.find(db.pool(), window.id()).await().orElseThrow().status());
  }

  @Test
  void setStatus_unknownWindow() {
    assertThrows(UnknownWindowException.class, () -> setStatus(987_654, WindowStatus.OPEN));
  }

  @Test
  void unknownIds_listsThoseThatNameNothing() throws Exception {
    long district;
    long school;
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery("INSERT INTO district (code, name) VALUES ('d1', '区') RETURNING id")) {
        rs.next();
        district = rs.getLong(1);
      }
      try (ResultSet rs =
          s.executeQuery(
              "INSERT INTO school (district_id, code, name, stage) VALUES ("
                  + district
                  + ", 's1', '校', 'primary') RETURNING id")) {
        rs.next();
        school = rs.getLong(1);
      }
    }

    assertEquals(
        List.of(district + 1, district + 2),
        windows.unknownDistricts(db.pool(), List.of(district + 2, district, district + 1)).await());
    assertEquals(List.of(), windows.unknownDistricts(db.pool(), List.of()).await());
    assertEquals(List.of(), windows.unknownSchools(db.pool(), List.of(school)).await());
    assertEquals(List.of(district), windows.unknownSchools(db.pool(), List.of(district)).await());
  }

  @Test
  void offline_createsMovesFindsAndListsOverJdbc() throws Exception {
    Window created = windows.create(cityWide("己"));

    assertEquals(created.hashPartitions(), partitionsOf("result_w" + created.id()));
    assertEquals(
        created.toString(), windows.find(db.pool(), created.id()).await().orElseThrow().toString());
    assertEquals(WindowStatus.OPEN, windows.setStatus(created.id(), WindowStatus.OPEN).status());
    assertEquals(WindowStatus.OPEN, windows.find(created.id()).orElseThrow().status());
    assertArrayEquals(created.codeSecret(), windows.find(created.id()).orElseThrow().codeSecret());
    assertEquals(windows.list(db.pool()).await().toString(), windows.list().toString());
    assertThrows(
        WindowTransitionException.class, () -> windows.setStatus(created.id(), WindowStatus.DRAFT));
  }

  private static Window create(NewWindow window) {
    return db.pool().withTransaction(tx -> windows.create(tx, window)).await();
  }

  private static Window setStatus(long windowId, WindowStatus target) {
    return windows.setStatus(db.pool(), windowId, target).await();
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
