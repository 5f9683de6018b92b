package org.huxin.loadtest.chaos.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The check program, run as the database owner straight to PostgreSQL: a scenario's row appended to
 * {@code rows.jsonl} (its output appended to {@code check.log}), whether every alert reached every
 * console and a phone, and the final table.
 */
public final class Checks {
  private final Launcher launcher;
  private final RunFolder folder;
  private final Postgres postgres;
  private final Class<?> check;
  private final long window;

  Checks(Launcher launcher, RunFolder folder, Postgres postgres, Class<?> check, long window) {
    this.launcher = launcher;
    this.folder = folder;
    this.postgres = postgres;
    this.check = check;
    this.window = window;
  }

  private JavaCommand check(String heap, String command) {
    return launcher
        .java(heap)
        .env("PG_URL", postgres.directUrl())
        .env("PG_USER", "postgres")
        .env("PG_PASSWORD_FILE", postgres.ownerPasswordFile())
        .main(check, command);
  }

  /** Accounts a scenario; a check that fails leaves no row, and the summary says so. */
  public void account(Row row) throws IOException, InterruptedException {
    String s = row.scenario();
    List<String> runs = List.of(s, s + "-before", s + "-after");
    List<String> acks = new ArrayList<>();
    List<String> drivers = new ArrayList<>();
    for (String run : runs) {
      Path ackFile = folder.file(run + ".acks.csv");
      if (!Files.exists(ackFile)) {
        Files.createFile(ackFile); // a scenario stopped half-way still has files to account
      }
      acks.add(ackFile.toString());
      drivers.add(folder.file(run + ".driver.json").toString());
    }
    int status =
        check("-Xmx256m", "account")
            .args(
                "--scenario",
                s,
                "--window",
                window,
                "--rows",
                folder.file("rows.jsonl"),
                "--acks",
                String.join(",", acks),
                "--drivers",
                String.join(",", drivers),
                "--steady-before",
                row.steadyBefore(),
                "--steady-after",
                row.steadyAfter())
            .args(row.flags())
            .appendLog(folder.file("check.log"))
            .run();
    if (status != 0) {
      Log.info("the check of " + s + " failed; see " + folder.file("check.log"));
    }
  }

  /** {@code ChaosCheck reached}: its counts line on stdout; true when every alert reached all. */
  public boolean reached(List<String> flags) throws IOException, InterruptedException {
    return check("-Xmx128m", "reached").args(flags).quiet().run() == 0;
  }

  /**
   * Prints the table of {@code rows.jsonl}, writes {@code summary.json}; a scenario in {@code
   * expected} without a row is a failed one. The exit status: 0 when every row is ok.
   */
  public static int summary(
      Launcher launcher, RunFolder folder, Class<?> check, List<String> expected)
      throws IOException, InterruptedException {
    JavaCommand summary =
        launcher
            .java("-Xmx128m")
            .main(
                check,
                "summary",
                "--rows",
                folder.file("rows.jsonl"),
                "--out",
                folder.file("summary.json"));
    for (String s : expected) {
      summary.args("--expect", s);
    }
    return summary.run();
  }
}
