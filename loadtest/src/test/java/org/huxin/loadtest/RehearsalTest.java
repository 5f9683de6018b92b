package org.huxin.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.roster.RosterStore;
import org.huxin.engine.store.NameCipher;
import org.huxin.engine.store.Store;
import org.huxin.engine.windows.Window;
import org.huxin.engine.windows.WindowStore;
import org.huxin.gateway.auth.AccessCodes;
import org.huxin.testsupport.DatabaseTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DatabaseTest
class RehearsalTest {
  private static final int STUDENTS = 300;

  @TempDir static Path home;

  private static Store store;
  private static Rehearsal.Seeded seeded;
  private static List<String> feeder;

  @BeforeAll
  static void seed() throws IOException {
    store = TestStores.fresh(home);
    Path csv = home.resolve("students.csv");
    seeded = Rehearsal.seed(store, new NameCipher(new byte[32]), STUDENTS, 7L, csv, Instant.now());
    feeder = Files.readAllLines(csv);
  }

  @AfterAll
  static void close() {
    if (store != null) {
      store.close();
    }
  }

  @Test
  void seed_feederHoldsExactlyTheStudentsAskedFor() {
    assertEquals("schoolCode,studentNo,accessCode,studentId,grade,sex", feeder.get(0));
    assertEquals(STUDENTS, feeder.size() - 1);
    assertEquals(STUDENTS, seeded.feederRows());
    assertTrue(seeded.rosterSize() >= STUDENTS, "roster " + seeded.rosterSize());
  }

  @Test
  void seed_codesMatchConsentingStudentsOfTheOpenWindow() {
    Window window = new WindowStore(store.dataSource()).find(seeded.windowId()).orElseThrow();
    Map<String, RosterEntry> byLogin = new HashMap<>();
    new RosterStore(store.dataSource())
        .loadRoster()
        .forEach(e -> byLogin.put(e.schoolCode() + "," + e.studentNo(), e));
    for (String row : feeder.subList(1, feeder.size())) {
      String[] cells = row.split(",");
      RosterEntry student = byLogin.get(cells[0] + "," + cells[1]);
      assertTrue(student.consent(), row);
      assertEquals(student.id(), Long.parseLong(cells[3]), row);
      assertEquals(student.grade(), Integer.parseInt(cells[4]), row);
      assertEquals(String.valueOf(student.sex()), cells[5], row);
      assertTrue(window.acceptsSubmitsAt(Instant.now()), "window " + window);
      assertTrue(
          AccessCodes.matches(window.codeSecret(), window.id(), student.id(), cells[2]), row);
    }
  }

  @Test
  void seed_rosterNotEmpty() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                Rehearsal.seed(
                    store,
                    new NameCipher(new byte[32]),
                    10,
                    8L,
                    home.resolve("again.csv"),
                    Instant.now()));
    assertTrue(e.getMessage().contains("fresh HUXIN_HOME"), e.getMessage());
  }
}
