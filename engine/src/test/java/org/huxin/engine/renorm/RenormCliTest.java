package org.huxin.engine.renorm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.huxin.engine.roster.RosterStore;
import org.huxin.engine.store.Store;
import org.huxin.engine.windows.Window;
import org.huxin.engine.windows.WindowStatus;
import org.huxin.engine.windows.WindowStore;
import org.huxin.scales.NormSetJson;
import org.huxin.scales.ScaleLibrary;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.TestDatabase;
import org.huxin.testsupport.TestRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./huxin norms} and {@code ./huxin rescore} on a window of 600 synthetic results: 360 of
 * grades 7–9 and 240 of grades 10–11, so with a minimum n of 150 the 10–12 cells are refused.
 */
@DatabaseTest
class RenormCliTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-11-20T08:00:00Z"), ZoneOffset.UTC);

  private static TestDatabase db;
  private static Store store;
  private static Window window;

  /** What one run of the command line printed. */
  private record Ran(int code, String out, String err) {}

  @BeforeAll
  static void seed() {
    db = TestDatabase.create(RenormCliTest.class);
    store = db.openStore();
    window =
        SyntheticWindow.seed(store, ScaleLibrary.loadDefault(), TestRows.cipher(), 600, 3L, CLOCK)
            .window();
  }

  @AfterAll
  static void drop() {
    store.close();
    db.close();
  }

  @Test
  void normsBuildThenRescore_printCellsProgressAndTiersSideBySide() {
    String w = Long.toString(window.id());
    Ran built = run("norms", "build", "--window", w, "--min-n", "150");
    assertEquals(0, built.code(), built.err());
    String label = "local-w" + w + "@1.0.0";
    assertTrue(built.out().contains("norm set " + label + " saved: 600 results read"), built.out());
    assertTrue(
        built.out().matches("(?s).*\\nk10\\s+7-9\\s+F\\s+\\d+\\s+[\\d.]+\\s+[\\d.]+\\n.*"),
        built.out());
    assertTrue(built.out().contains("refused:\n"), built.out());
    assertTrue(built.out().contains("is below the minimum 150"), built.out());

    Ran listed = run("norms", "list");
    assertEquals(0, listed.code(), listed.err());
    assertTrue(listed.out().contains(label), listed.out());
    assertTrue(
        listed.out().matches("(?s).*k10-cn-2023@1.0.0 +retired .*合并常模（9–18岁、男女合并）.*"),
        listed.out());
    assertTrue(
        listed.out().matches("(?s).*k10-cn-2023@2.0.0 +this build .*全国常模（9–18岁、分性别）.*"),
        listed.out());

    Ran shown = run("norms", "show", label);
    assertEquals(0, shown.code(), shown.err());
    assertEquals(
        new NormSetStore(store.dataSource()).find(label).orElseThrow().set(),
        NormSetJson.read(shown.out().trim(), label));

    Ran rescored =
        run("rescore", "--window", w, "--norms", label, "--batch", "250", "--by", "tester");
    assertEquals(0, rescored.code(), rescored.err());
    assertTrue(rescored.err().contains("250 / 600 results (41.7 %)"), rescored.err());
    assertTrue(rescored.err().contains("600 / 600 results (100.0 %)"), rescored.err());
    assertTrue(rescored.out().contains("before: k10-cn-2023@2.0.0"), rescored.out());
    assertTrue(
        rescored.out().contains("norms before: k10-cn-2023@2.0.0 全国常模（9–18岁、分性别）"), rescored.out());
    assertTrue(rescored.out().contains("norms after:  " + label + " 本地常模（"), rescored.out());
    assertTrue(rescored.out().matches("(?s).*\\ntotal\\s+600\\s+600\\s+0\\n.*"), rescored.out());

    long runId = new RescoreStore(store.dataSource()).runs(window.id()).get(0).id();
    Ran checked = run("rescore", "check", "--run", Long.toString(runId));
    assertEquals(0, checked.code(), checked.err());
    assertTrue(
        checked.out().contains("run " + runId + ": 600 of 600 replaced verdicts reproduce"),
        checked.out());
  }

  @Test
  void rescore_openWindow_failsSayingWhatToDo() {
    Window open =
        SyntheticWindow.window(
                store,
                ScaleLibrary.loadDefault(),
                new RosterStore(store.dataSource()).loadRoster(),
                10,
                4L,
                CLOCK)
            .window();
    new WindowStore(store.dataSource()).setStatus(open.id(), WindowStatus.OPEN);

    Ran ran = run("rescore", "--window", Long.toString(open.id()), "--norms", "k10-cn-2023@1.0.0");

    assertEquals(1, ran.code());
    assertTrue(ran.err().contains("error: window " + open.id() + " is open"), ran.err());
    assertTrue(ran.err().contains("close it first"), ran.err());
  }

  @Test
  void rescore_unknownWindow_failsNamingIt() {
    Ran ran = run("rescore", "--window", "999", "--norms", "k10-cn-2023@1.0.0");

    assertEquals(1, ran.code());
    assertTrue(ran.err().contains("screening window 999 does not exist"), ran.err());
  }

  @Test
  void run_badCommandLines_printUsageAndExit2() {
    for (String[] args :
        new String[][] {
          {},
          {"renorm"},
          {"norms", "build"},
          {"norms", "build", "--window", "x"},
          {"rescore", "--window", "1"},
          {"rescore", "--window", "1", "--norms", "a@1", "--colour", "red"},
          {"norms", "show"},
          {"rescore-demo", "--results", "0"},
        }) {
      Ran ran = run(args);
      assertEquals(2, ran.code(), String.join(" ", args) + ": " + ran.err());
      assertTrue(ran.err().contains("usage:"), ran.err());
    }
  }

  private static Ran run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env = new java.util.HashMap<>(db.env());
    env.put("HUXIN_PG_JDBC_POOL", "2");
    int code =
        new RenormCli(
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                CLOCK)
            .run(args);
    return new Ran(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
