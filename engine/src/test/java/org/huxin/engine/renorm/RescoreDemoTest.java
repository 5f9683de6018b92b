package org.huxin.engine.renorm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rehearsal {@code ./huxin rescore-demo --keep} runs, end to end through the command line on a
 * test database: seed a closed window of synthetic results across grades 7–12, build local norms
 * from it, re-score the whole window under them with progress shown, print the tiers before and
 * after side by side, and check every replaced verdict reproduces under its old norms.
 *
 * <p>20,000 results by default (about 25 s on the 2-core development machine); the full rehearsal
 * of the done-when is {@code mvn -pl engine -am verify -Dtest=RescoreDemoTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dhuxin.rescore.results=100000}.
 */
@DatabaseTest
class RescoreDemoTest {

  private static final int RESULTS = Integer.getInteger("huxin.rescore.results", 20_000);
  private static final Pattern TIER =
      Pattern.compile("(?m)^(routine|key|close|crisis|total)\\s+([\\d,]+)\\s+([\\d,]+)\\s+(\\S+)");

  private static TestDatabase db;

  @BeforeAll
  static void createDatabase() {
    db = TestDatabase.create(RescoreDemoTest.class);
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @Test
  void rescoreDemo_wholeWindowUnderLocalNorms(@TempDir Path home) throws SQLException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env = new java.util.HashMap<>(db.env());
    env.put("HUXIN_HOME", home.toString());
    RenormCli cli =
        new RenormCli(
            env,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Clock.fixed(Instant.parse("2025-11-20T08:00:00Z"), ZoneOffset.UTC));

    long start = System.nanoTime();
    int code =
        cli.run(new String[] {"rescore-demo", "--results", Integer.toString(RESULTS), "--keep"});
    double seconds = (System.nanoTime() - start) / 1e9;

    String printed = out.toString(StandardCharsets.UTF_8);
    String progress = err.toString(StandardCharsets.UTF_8);
    System.out.printf("rescore-demo of %,d results took %.1f s%n%s", RESULTS, seconds, printed);
    assertEquals(0, code, progress);
    assertTrue(
        progress.contains(String.format("%,d / %,d results (100.0 %%)", RESULTS, RESULTS)),
        progress);
    long before = 0;
    long after = 0;
    long crisisBefore = -1;
    long crisisAfter = -2;
    Matcher m = TIER.matcher(printed);
    int rows = 0;
    while (m.find()) {
      long b = Long.parseLong(m.group(2).replace(",", ""));
      long a = Long.parseLong(m.group(3).replace(",", ""));
      rows++;
      if (m.group(1).equals("total")) {
        assertEquals(RESULTS, b);
        assertEquals(RESULTS, a);
        continue;
      }
      before += b;
      after += a;
      if (m.group(1).equals("crisis")) {
        crisisBefore = b;
        crisisAfter = a;
      }
    }
    assertEquals(5, rows, printed);
    assertEquals(RESULTS, before);
    assertEquals(RESULTS, after);
    assertEquals(crisisBefore, crisisAfter, "no crisis is lowered or made by norms");
    assertTrue(
        printed.contains(String.format("%,d of %,d replaced verdicts reproduce", RESULTS, RESULTS)),
        printed);
    assertEquals(RESULTS, count("SELECT count(*) FROM result_history"));
    assertEquals(0, count("SELECT count(*) FROM result WHERE norm_version NOT LIKE 'local-w%'"));
  }

  private static long count(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
