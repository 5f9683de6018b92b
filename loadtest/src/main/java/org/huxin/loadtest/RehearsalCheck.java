package org.huxin.loadtest;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.huxin.engine.city.SyntheticAnswers.Submission;
import org.huxin.engine.store.Store;
import org.huxin.engine.store.StoreConfig;
import org.huxin.engine.store.Transactions;
import org.huxin.loadtest.reference.ReferenceScorer;
import org.huxin.scales.ScaleLibrary;

/**
 * Checks a rehearsal in PostgreSQL after the storm: how many results the window holds, whether any
 * student or idempotency key is there twice, and whether every stored tier equals the tier that
 * {@link ReferenceScorer} computes from the answers {@link StudentAnswers} says that student sent.
 * Prints one {@code CHECK key=value ...} line and exits 0 only when the window holds exactly {@code
 * --expect} results, no duplicates and no mismatched tier.
 *
 * <pre>
 * HUXIN_HOME=loadtest/target/rehearsal/home java -cp loadtest/target/classes:gateway/target/huxin-gateway.jar \
 *     org.huxin.loadtest.RehearsalCheck --window 1 --seed 20261122 --expect 2000
 * </pre>
 */
public final class RehearsalCheck {

  /** What the check found. */
  public record Verdict(
      long results,
      long duplicates,
      long tierMismatches,
      long expected,
      long[] tiers,
      List<Long> mismatchedStudents) {

    public boolean passed() {
      return results == expected && duplicates == 0 && tierMismatches == 0;
    }

    String line() {
      return String.format(
          "CHECK results_in_db=%d expected=%d duplicates=%d tier_mismatches=%d routine=%d key=%d"
              + " close=%d crisis=%d passed=%s",
          results,
          expected,
          duplicates,
          tierMismatches,
          tiers[0],
          tiers[1],
          tiers[2],
          tiers[3],
          passed());
    }
  }

  private RehearsalCheck() {}

  public static void main(String[] args) throws SQLException {
    long window = -1;
    long seed = Rehearsal.DEFAULT_SEED;
    long expect = -1;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--window" -> window = Long.parseLong(args[i + 1]);
        case "--seed" -> seed = Long.parseLong(args[i + 1]);
        case "--expect" -> expect = Long.parseLong(args[i + 1]);
        default -> {
          System.err.println("rehearsal check: unknown flag " + args[i]);
          System.exit(2);
        }
      }
    }
    if (window < 0 || expect < 0 || args.length % 2 != 0) {
      System.err.println("usage: RehearsalCheck --window W --expect N [--seed S]");
      System.exit(2);
    }
    Map<String, String> env = System.getenv();
    Path home = Path.of(env.getOrDefault("HUXIN_HOME", ".huxin")).toAbsolutePath();
    long start = System.nanoTime();
    Verdict verdict;
    try (Store store = Store.openForJob(StoreConfig.fromEnv(env, home))) {
      verdict = check(store, window, seed, expect);
    }
    if (!verdict.mismatchedStudents().isEmpty()) {
      System.out.println("first students whose tier differs: " + verdict.mismatchedStudents());
    }
    System.out.printf("checked in %d ms%n", (System.nanoTime() - start) / 1_000_000);
    System.out.println(verdict.line());
    System.exit(verdict.passed() ? 0 : 1);
  }

  /** Reads every self-report of {@code window} and compares it with the recomputation. */
  public static Verdict check(Store store, long window, long seed, long expected)
      throws SQLException {
    StudentAnswers answers = new StudentAnswers(ScaleLibrary.loadDefault(), seed);
    Map<Integer, ReferenceScorer> references = new HashMap<>();
    long results;
    long duplicates;
    try (Connection c = store.dataSource().getConnection();
        PreparedStatement counts =
            c.prepareStatement(
                "SELECT count(*), count(*) - count(DISTINCT (student_id, form)),"
                    + " count(*) - count(DISTINCT idempotency_key) FROM result WHERE window_id = ?")) {
      counts.setLong(1, window);
      try (ResultSet rs = counts.executeQuery()) {
        rs.next();
        results = rs.getLong(1);
        duplicates = Math.max(rs.getLong(2), rs.getLong(3));
      }
    }
    long[] tiers = new long[4];
    List<Long> firstMismatches = new ArrayList<>();
    // One read-only transaction, so the cursor streams a million rows instead of filling the heap.
    long mismatches =
        Transactions.readOnly(
            store.dataSource(),
            c -> {
              long found = 0;
              try (PreparedStatement rows =
                  c.prepareStatement(
                      "SELECT student_id, grade, sex, tier, crisis_level FROM result WHERE window_id = ?"
                          + " AND form = 'self'")) {
                rows.setFetchSize(10_000);
                rows.setLong(1, window);
                try (ResultSet rs = rows.executeQuery()) {
                  while (rs.next()) {
                    long student = rs.getLong(1);
                    int grade = rs.getInt(2);
                    char sex = rs.getString(3).charAt(0);
                    int stored = rs.getInt(4);
                    int storedLevel = rs.getInt(5);
                    Submission sent = answers.submission(student, grade, sex);
                    ReferenceScorer.Expected want =
                        references
                            .computeIfAbsent(grade, answers::referenceFor)
                            .score(sent.answers(), sent.millis(), grade, sex);
                    tiers[stored]++;
                    if (want.tier() != stored || want.crisisLevel() != storedLevel) {
                      found++;
                      if (firstMismatches.size() < 10) {
                        firstMismatches.add(student);
                      }
                    }
                  }
                }
              }
              return found;
            });
    return new Verdict(
        results, duplicates, mismatches, expected, tiers, List.copyOf(firstMismatches));
  }
}
