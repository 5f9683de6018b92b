package org.huxin.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.huxin.engine.city.CitySpec;
import org.huxin.engine.city.SchoolStage;
import org.huxin.engine.city.SyntheticCity;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.roster.RosterStore;
import org.huxin.engine.staff.StaffAccount;
import org.huxin.engine.staff.StaffStore;
import org.huxin.engine.store.NameCipher;
import org.huxin.engine.store.Store;
import org.huxin.gateway.auth.PasswordHasher;
import org.huxin.testsupport.DatabaseTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DatabaseTest
class StaffAccountsTest {
  /** 2 districts × 2 schools, one class of 3 students per grade: 72 students. */
  private static final CitySpec CITY =
      new CitySpec(
          2,
          2,
          List.of(SchoolStage.JUNIOR, SchoolStage.SENIOR),
          1,
          3,
          CitySpec.DEFAULT_SCHOOL_YEAR);

  /** A city admin, 2 district admins and 2 psychologists for each of the 4 schools, plus one. */
  private static final int CONSOLES = 1 + 2 + 2 * 4 + 1;

  @TempDir static Path home;

  private static Store store;
  private static int created;
  private static List<String[]> rows;
  private static Map<Long, Long> districtOfSchool;

  @BeforeAll
  static void seed() throws IOException {
    store = TestStores.fresh(home);
    new RosterStore(store.dataSource())
        .bulkLoad(SyntheticCity.generate(7L, CITY), new NameCipher(new byte[32]));
    districtOfSchool = new HashMap<>();
    for (RosterEntry e : new RosterStore(store.dataSource()).loadRoster()) {
      districtOfSchool.put(e.schoolId(), e.districtId());
    }
    Path csv = home.resolve("staff.csv");
    created = StaffAccounts.seed(store, CONSOLES, csv);
    List<String> lines = Files.readAllLines(csv);
    assertEquals(StaffAccounts.HEADER, lines.get(0));
    rows = lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)).toList();
  }

  @AfterAll
  static void close() {
    if (store != null) {
      store.close();
    }
  }

  @Test
  void seed_oneCityAdminOneAdminPerDistrictPsychologistsOverEverySchool() {
    assertEquals(CONSOLES, created);
    assertEquals(CONSOLES, rows.size());
    Map<String, Integer> byRole = new HashMap<>();
    Set<Long> districts = new HashSet<>();
    Map<Long, Integer> psychologistsPerSchool = new HashMap<>();
    for (String[] row : rows) {
      StaffAccount account =
          new StaffStore(store.dataSource()).findByUsername(row[0]).orElseThrow();
      assertEquals(row[2], account.role().code(), row[0]);
      byRole.merge(row[2], 1, Integer::sum);
      switch (account.role()) {
        case DISTRICT_ADMIN -> assertTrue(districts.add(account.districtId()), row[0]);
        case SCHOOL_PSYCHOLOGIST -> {
          assertEquals(districtOfSchool.get(account.schoolId()), account.districtId(), row[0]);
          psychologistsPerSchool.merge(account.schoolId(), 1, Integer::sum);
        }
        case CITY_ADMIN -> assertNull(account.districtId(), row[0]);
        default -> throw new AssertionError("unexpected role of " + row[0]);
      }
    }
    assertEquals(
        Map.of("city_admin", 1, "district_admin", 2, "school_psychologist", CONSOLES - 3), byRole);
    assertEquals(new HashSet<>(districtOfSchool.values()), districts);
    assertEquals(districtOfSchool.keySet(), psychologistsPerSchool.keySet());
    psychologistsPerSchool.values().forEach(n -> assertTrue(n >= 2, "per school " + n));
  }

  @Test
  void seed_writtenPasswordVerifies() {
    Set<String> passwords = new HashSet<>();
    for (String[] row : List.of(rows.get(0), rows.get(rows.size() - 1))) {
      String hash =
          new StaffStore(store.dataSource()).findByUsername(row[0]).orElseThrow().passwordHash();
      assertTrue(PasswordHasher.verify(row[1], hash), row[0]);
      assertFalse(PasswordHasher.verify(row[1] + "x", hash), row[0]);
      passwords.add(row[1]);
    }
    assertEquals(1, passwords.size(), "one shared password per seeding");
  }

  @Test
  void seed_storeAlreadyHoldsRehearsalAccounts() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> StaffAccounts.seed(store, 3, home.resolve("again.csv")));
    assertTrue(e.getMessage().contains("fresh HUXIN_HOME"), e.getMessage());
    assertFalse(Files.exists(home.resolve("again.csv")));
  }

  @Test
  void seed_noConsoles() {
    assertThrows(
        IllegalArgumentException.class,
        () -> StaffAccounts.seed(store, 0, home.resolve("none.csv")));
  }
}
