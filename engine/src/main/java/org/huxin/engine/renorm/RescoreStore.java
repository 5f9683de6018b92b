package org.huxin.engine.renorm;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.huxin.engine.results.WindowResultQueries;
import org.huxin.engine.results.WindowResultQueries.TierCounts;
import org.huxin.engine.store.Jdbc;
import org.huxin.engine.store.Json;
import org.huxin.engine.store.PgArrays;
import org.huxin.engine.store.Sql;
import org.huxin.engine.store.StoreException;
import org.huxin.engine.store.Transactions;
import org.huxin.engine.windows.UnknownWindowException;
import org.huxin.engine.windows.WindowStatus;

/**
 * Re-scoring a closed window in place, batch by batch, without losing a verdict.
 *
 * <h2>Implementation notes</h2>
 *
 * <ol>
 *   <li>{@link #lock} takes a session advisory lock on the window on a connection of its own and
 *       holds it for the whole run, so two processes never re-score one window at once.
 *   <li>{@link #startOrResume} records a run in {@code rescoring} with the window's tier counts
 *       before it, or returns the window's unfinished run if it asked for the same norms (a run to
 *       other norms must finish first). At most one run per window is unfinished (a partial unique
 *       index).
 *   <li>{@link #rescoreBatch} is one transaction: it locks up to {@code limit} results that are not
 *       yet at their battery's target norm version ({@code SELECT … FOR UPDATE}, walking the {@code
 *       (window_id, student_id, form)} unique index from the last key), hands them to the caller's
 *       scorer, copies their old verdict into {@code result_history}, updates them with one {@code
 *       UPDATE … FROM unnest(…)}, writes an {@code alert_outbox} row for each that newly became a
 *       crisis, and counts them on the run. Nothing of a batch is written unless all of it is. A
 *       result already at its target is never selected again, so a run that stopped for any reason
 *       resumes where it stopped.
 *   <li>Each batch holds the window's row {@code FOR SHARE}: the window cannot be reopened while a
 *       batch writes, and a batch refuses to run on a window that is no longer closed or archived.
 *   <li>A crisis is never lowered: a batch whose scorer returns a non-crisis verdict for a crisis
 *       result is rolled back with an error (the scorer checks this too; this is the backstop).
 *   <li>{@link #finish} counts the tiers after and how many results moved up or down against their
 *       history rows of this run.
 * </ol>
 */
public final class RescoreStore {

  /** The first key of an advisory lock taken by a re-scoring; the second is the window id. */
  static final int LOCK_SPACE = 0x6878_5253;

  private static final String RUN_COLUMNS =
      "id, window_id, to_norms, targets::text, from_norms, rule_set_id, started_by, started_at,"
          + " finished_at, total, tiers_before, tiers_after, rescored, moved_up, moved_down,"
          + " new_crises";

  private static final String NOT_AT_TARGET =
      "norm_version IS DISTINCT FROM (?::jsonb ->> battery_id)";

  private static final String CANDIDATES =
      "SELECT id, student_id, form, grade, sex, battery_id, battery_version, norm_version, answers,"
          + " tier, crisis, validity, fired_rules,"
          + " jsonb_path_query_array(scores, '$.validityFlags[*] ? (@.check == \"speed\")')::text"
          + " FROM result WHERE window_id = ? AND (student_id, form) > (?, ?) AND "
          + NOT_AT_TARGET
          + " ORDER BY student_id, form LIMIT ? FOR UPDATE";

  private static final String HISTORY =
      """
      INSERT INTO result_history (window_id, rescoring_id, result_id, student_id, form,
                                  norm_version, scores, tier, crisis, validity, fired_rules)
      SELECT r.window_id, ?, r.id, r.student_id, r.form, r.norm_version, r.scores, r.tier,
             r.crisis, r.validity, r.fired_rules
        FROM result r
        JOIN unnest(?::int8[], ?::text[]) AS k(student_id, form)
          ON r.student_id = k.student_id AND r.form = k.form
       WHERE r.window_id = ? AND (r.student_id, r.form) > (?, ?) AND (r.student_id, r.form) <= (?, ?)
      """;

  private static final String UPDATE =
      """
      UPDATE result r
         SET norm_version = u.norm_version, scores = u.scores::jsonb, tier = u.tier,
             crisis = u.crisis, crisis_level = u.crisis_level, validity = u.validity,
             fired_rules = u.fired_rules::text[]
        FROM unnest(?::int8[], ?::text[], ?::text[], ?::text[], ?::int2[], ?::bool[], ?::int2[],
                    ?::int2[], ?::text[])
          AS u(student_id, form, norm_version, scores, tier, crisis, crisis_level, validity,
               fired_rules)
       WHERE r.window_id = ? AND r.student_id = u.student_id AND r.form = u.form
         AND (r.student_id, r.form) > (?, ?) AND (r.student_id, r.form) <= (?, ?)
      """;

  private static final String ALERTS =
      """
      INSERT INTO alert_outbox (result_id, window_id, student_id, form, school_id, district_id,
                                level, crisis_level, source, escalate_due_at)
      SELECT r.id, r.window_id, r.student_id, r.form, r.school_id, r.district_id, r.tier,
             r.crisis_level, 'result', now() + make_interval(secs => k.escalate_s)
        FROM result r
        JOIN unnest(?::int8[], ?::text[], ?::int4[]) AS k(student_id, form, escalate_s)
          ON r.student_id = k.student_id AND r.form = k.form
       WHERE r.window_id = ? AND r.crisis
         AND (r.student_id, r.form) > (?, ?) AND (r.student_id, r.form) <= (?, ?)
      ON CONFLICT (result_id) DO NOTHING
      """;

  /** Where a batch starts: after this (student, form) in the window's unique index order. */
  public record Key(long studentId, String form) {

    /** Before every result. */
    public static final Key START = new Key(0, "");

    public Key {
      Objects.requireNonNull(form, "form");
    }
  }

  /**
   * Scores a batch of locked results; returns one update per candidate, in the same order. May
   * throw to roll the batch back.
   */
  @FunctionalInterface
  public interface BatchScorer {
    List<RescoreUpdate> score(List<RescoreCandidate> candidates);
  }

  /**
   * What one batch did.
   *
   * @param rows results re-scored; 0 when none was left
   * @param last the key to start the next batch after
   * @param newCrises results that became crisis (an alert was written for each)
   */
  public record Batch(int rows, Key last, int newCrises) {}

  /**
   * The verdict a run replaced, with what is needed to reproduce it: the result's answers,
   * respondent and battery, and the old norm version, tier, crisis, validity and fired rules.
   */
  public record Replaced(
      long resultId,
      String form,
      int grade,
      char sex,
      String batteryId,
      String batteryVersion,
      byte[] answers,
      String oldNormVersion,
      int oldTier,
      boolean oldCrisis,
      int oldValidity,
      List<String> oldFiredRules,
      String newNormVersion,
      int newTier) {

    public Replaced {
      answers = answers.clone();
      oldFiredRules = List.copyOf(oldFiredRules);
    }

    @Override
    public byte[] answers() {
      return answers.clone();
    }
  }

  /** The advisory lock of one window, held until closed. */
  public static final class Lease implements AutoCloseable {
    private final Connection connection;
    private final long windowId;

    private Lease(Connection connection, long windowId) {
      this.connection = connection;
      this.windowId = windowId;
    }

    /** The window whose re-scoring lock this is. */
    public long windowId() {
      return windowId;
    }

    /** Releases the lock. */
    @Override
    public void close() {
      try (Connection c = connection;
          PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
        ps.setInt(1, LOCK_SPACE);
        ps.setInt(2, (int) windowId);
        ps.execute();
      } catch (SQLException e) {
        throw Sql.failure("release the re-scoring lock of window " + windowId, e);
      }
    }
  }

  private final DataSource dataSource;

  public RescoreStore(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /**
   * Takes the window's re-scoring lock.
   *
   * @throws RescoreConflictException if another process holds it
   */
  public Lease lock(long windowId) {
    if (windowId <= 0 || windowId > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "window id " + windowId + " is outside 1.." + Integer.MAX_VALUE);
    }
    Connection c = null;
    try {
      c = dataSource.getConnection();
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
        ps.setInt(1, LOCK_SPACE);
        ps.setInt(2, (int) windowId);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (!rs.getBoolean(1)) {
            throw new RescoreConflictException(
                "window "
                    + windowId
                    + " is being re-scored by another process; wait for it to finish (or stop"
                    + " it: the next run resumes where it stopped)");
          }
        }
      }
      return new Lease(c, windowId);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(c, e);
      if (e instanceof SQLException sql) {
        throw Sql.failure("take the re-scoring lock of window " + windowId, sql);
      }
      throw (RuntimeException) e;
    }
  }

  /**
   * Starts a run of window {@code windowId} to {@code toNorms}, or returns its unfinished run to
   * the same norms and targets.
   *
   * @throws UnknownWindowException if there is no such window
   * @throws RescoreConflictException if the window is not closed or archived, or has an unfinished
   *     run to other norms
   */
  public RescoreRun startOrResume(
      long windowId,
      String toNorms,
      Map<String, String> targets,
      String ruleSetId,
      String startedBy) {
    Objects.requireNonNull(toNorms, "toNorms");
    Objects.requireNonNull(targets, "targets");
    Objects.requireNonNull(ruleSetId, "ruleSetId");
    if (startedBy == null || startedBy.isBlank()) {
      throw new IllegalArgumentException("startedBy must name who runs the re-scoring");
    }
    try {
      return Transactions.inTransaction(
          dataSource,
          c -> {
            requireFinishedWindow(c, windowId, 0);
            Optional<RescoreRun> open = unfinished(c, windowId);
            if (open.isPresent()) {
              RescoreRun run = open.get();
              if (!run.toNorms().equals(toNorms) || !run.targets().equals(targets)) {
                throw new RescoreConflictException(
                    "window "
                        + windowId
                        + " has an unfinished re-scoring (run "
                        + run.id()
                        + ") to "
                        + run.toNorms()
                        + "; finish it first by re-scoring to "
                        + run.toNorms()
                        + " again, which resumes it");
              }
              return run;
            }
            TierCounts before = WindowResultQueries.tierCounts(c, windowId);
            List<String> from = WindowResultQueries.normVersions(c, windowId);
            String insert =
                "INSERT INTO rescoring (window_id, to_norms, targets, from_norms, rule_set_id,"
                    + " started_by, total, tiers_before) VALUES (?, ?, ?::jsonb, ?, ?, ?, ?, ?)"
                    + " RETURNING "
                    + RUN_COLUMNS;
            RescoreRun run;
            try (PreparedStatement ps = c.prepareStatement(insert)) {
              ps.setLong(1, windowId);
              ps.setString(2, toNorms);
              ps.setString(3, Json.write(targets));
              ps.setArray(4, c.createArrayOf("text", from.toArray()));
              ps.setString(5, ruleSetId);
              ps.setString(6, startedBy);
              ps.setLong(7, before.total());
              ps.setArray(8, longs(c, before.toArray()));
              try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                run = readRun(rs);
              }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT create_history_partition(?)")) {
              ps.setLong(1, windowId);
              ps.execute();
            }
            analyzeIfNeverAnalyzed(c, windowId);
            return run;
          });
    } catch (SQLException e) {
      throw Sql.failure("start re-scoring window " + windowId + " to " + toNorms, e);
    }
  }

  /** How many results of the run's window are not yet at their target norm version. */
  public long remaining(RescoreRun run) {
    String sql = "SELECT count(*) FROM result WHERE window_id = ? AND " + NOT_AT_TARGET;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, run.windowId());
      ps.setString(2, Json.write(run.targets()));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw Sql.failure("count the results left to re-score in window " + run.windowId(), e);
    }
  }

  /**
   * Re-scores the next batch of at most {@code limit} results after {@code after} in one
   * transaction; see the class notes.
   *
   * @throws RescoreConflictException if the window is no longer closed or archived, or the run has
   *     finished
   * @throws IllegalStateException if the scorer returns the wrong number of updates, an update for
   *     another result, or a lowered crisis; nothing of the batch is written
   */
  public Batch rescoreBatch(RescoreRun run, Key after, int limit, BatchScorer scorer) {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(scorer, "scorer");
    if (limit < 1 || limit > 50_000) {
      throw new IllegalArgumentException("batch size must be 1..50000, got " + limit);
    }
    long windowId = run.windowId();
    try {
      return Transactions.inTransaction(
          dataSource,
          c -> {
            RescoreRun current = lockRun(c, run.id());
            if (current.finished()) {
              throw new RescoreConflictException(
                  "re-scoring run " + run.id() + " has already finished");
            }
            requireFinishedWindow(c, windowId, current.rescored());
            List<RescoreCandidate> candidates = candidates(c, run, after, limit);
            if (candidates.isEmpty()) {
              return new Batch(0, after, 0);
            }
            List<RescoreUpdate> updates = scorer.score(List.copyOf(candidates));
            int newCrises = checked(candidates, updates);
            RescoreCandidate lastOne = candidates.get(candidates.size() - 1);
            Key last = new Key(lastOne.studentId(), lastOne.form());
            write(c, run, new Key[] {after, last}, candidates, updates, newCrises);
            return new Batch(candidates.size(), last, newCrises);
          });
    } catch (SQLException e) {
      throw Sql.failure("re-score a batch of window " + windowId, e);
    }
  }

  /**
   * Finishes the run: counts the window's tiers after it and the results that moved up or down. A
   * finished run is returned as it is.
   *
   * @throws RescoreConflictException if results are still left to re-score
   */
  public RescoreRun finish(RescoreRun run) {
    try {
      return Transactions.inTransaction(
          dataSource,
          c -> {
            RescoreRun current = lockRun(c, run.id());
            if (current.finished()) {
              return current;
            }
            long left;
            try (PreparedStatement ps =
                c.prepareStatement(
                    "SELECT count(*) FROM result WHERE window_id = ? AND " + NOT_AT_TARGET)) {
              ps.setLong(1, run.windowId());
              ps.setString(2, Json.write(run.targets()));
              try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                left = rs.getLong(1);
              }
            }
            if (left > 0) {
              throw new RescoreConflictException(
                  "re-scoring run "
                      + run.id()
                      + " of window "
                      + run.windowId()
                      + " still has "
                      + left
                      + " results to re-score; run it again to resume");
            }
            TierCounts after = WindowResultQueries.tierCounts(c, run.windowId());
            long up;
            long down;
            try (PreparedStatement ps =
                c.prepareStatement(
                    "SELECT count(*) FILTER (WHERE r.tier > h.tier),"
                        + " count(*) FILTER (WHERE r.tier < h.tier)"
                        + " FROM result_history h JOIN result r ON r.window_id = h.window_id"
                        + " AND r.student_id = h.student_id AND r.form = h.form"
                        + " WHERE h.window_id = ? AND h.rescoring_id = ?")) {
              ps.setLong(1, run.windowId());
              ps.setLong(2, run.id());
              try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                up = rs.getLong(1);
                down = rs.getLong(2);
              }
            }
            RescoreRun finished;
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE rescoring SET finished_at = now(), tiers_after = ?, moved_up = ?,"
                        + " moved_down = ? WHERE id = ? RETURNING "
                        + RUN_COLUMNS)) {
              ps.setArray(1, longs(c, after.toArray()));
              ps.setLong(2, up);
              ps.setLong(3, down);
              ps.setLong(4, run.id());
              try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                finished = readRun(rs);
              }
            }
            return finished;
          });
    } catch (SQLException e) {
      throw Sql.failure("finish re-scoring run " + run.id(), e);
    }
  }

  /** The run {@code runId}. */
  public Optional<RescoreRun> find(long runId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM rescoring WHERE id = ?")) {
      ps.setLong(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(readRun(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw Sql.failure("find re-scoring run " + runId, e);
    }
  }

  /** The runs of a window, oldest first. */
  public List<RescoreRun> runs(long windowId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT " + RUN_COLUMNS + " FROM rescoring WHERE window_id = ? ORDER BY id")) {
      ps.setLong(1, windowId);
      List<RescoreRun> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(readRun(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw Sql.failure("list the re-scoring runs of window " + windowId, e);
    }
  }

  /**
   * Streams every verdict run {@code runId} replaced, with its result's answers and current tier,
   * inside one read-only transaction; returns how many there were.
   */
  public long forEachReplaced(long runId, Consumer<Replaced> sink) {
    Objects.requireNonNull(sink, "sink");
    RescoreRun run =
        find(runId)
            .orElseThrow(() -> new StoreException("re-scoring run " + runId + " does not exist"));
    String sql =
        "SELECT h.result_id, h.form, r.grade, r.sex, r.battery_id, r.battery_version, r.answers,"
            + " h.norm_version, h.tier, h.crisis, h.validity, h.fired_rules, r.norm_version,"
            + " r.tier FROM result_history h JOIN result r ON r.window_id = h.window_id"
            + " AND r.student_id = h.student_id AND r.form = h.form"
            + " WHERE h.window_id = ? AND h.rescoring_id = ?";
    try {
      return Jdbc.stream(
          dataSource,
          sql,
          rs ->
              new Replaced(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getInt(3),
                  rs.getString(4).charAt(0),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getBytes(7),
                  rs.getString(8),
                  rs.getInt(9),
                  rs.getBoolean(10),
                  rs.getInt(11),
                  List.of(strings(rs.getArray(12))),
                  rs.getString(13),
                  rs.getInt(14)),
          sink,
          run.windowId(),
          runId);
    } catch (SQLException e) {
      throw Sql.failure("read the history of re-scoring run " + runId, e);
    }
  }

  private static void requireFinishedWindow(Connection c, long windowId, long rescored)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT status FROM screening_window WHERE id = ? FOR SHARE")) {
      ps.setLong(1, windowId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new UnknownWindowException(windowId);
        }
        String status = rs.getString(1);
        if (!status.equals(WindowStatus.CLOSED.code())
            && !status.equals(WindowStatus.ARCHIVED.code())) {
          throw new RescoreConflictException(
              "window "
                  + windowId
                  + " is "
                  + status
                  + (rescored > 0 ? " again after " + rescored + " results were re-scored" : "")
                  + "; only a closed or archived window is re-scored, so that no result is"
                  + " stored under the old norms meanwhile; close it and run again"
                  + (rescored > 0 ? " to resume" : ""));
        }
      }
    }
  }

  /**
   * Analyzes those of the window's hash partitions that were never analyzed (a window re-scored
   * right after its results were written, before autovacuum came by): without statistics the
   * planner sorts the whole window for every batch instead of walking the unique index. Only the
   * leaves are analyzed; the plans read their statistics.
   */
  private static void analyzeIfNeverAnalyzed(Connection c, long windowId) throws SQLException {
    List<String> fresh = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT relname FROM pg_stat_user_tables WHERE relname LIKE ?"
                + " AND last_analyze IS NULL AND last_autoanalyze IS NULL")) {
      ps.setString(1, "result\\_w" + windowId + "\\_h%");
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          fresh.add('"' + rs.getString(1).replace("\"", "\"\"") + '"');
        }
      }
    }
    if (!fresh.isEmpty()) {
      try (Statement analyze = c.createStatement()) {
        analyze.execute("ANALYZE " + String.join(", ", fresh));
      }
    }
  }

  private static RescoreRun lockRun(Connection c, long runId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM rescoring WHERE id = ? FOR UPDATE")) {
      ps.setLong(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new StoreException("re-scoring run " + runId + " does not exist");
        }
        return readRun(rs);
      }
    }
  }

  private static Optional<RescoreRun> unfinished(Connection c, long windowId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + RUN_COLUMNS
                + " FROM rescoring WHERE window_id = ? AND finished_at IS NULL FOR UPDATE")) {
      ps.setLong(1, windowId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(readRun(rs)) : Optional.empty();
      }
    }
  }

  private static List<RescoreCandidate> candidates(
      Connection c, RescoreRun run, Key after, int limit) throws SQLException {
    List<RescoreCandidate> out = new ArrayList<>(limit);
    try (PreparedStatement ps = c.prepareStatement(CANDIDATES)) {
      ps.setLong(1, run.windowId());
      ps.setLong(2, after.studentId());
      ps.setString(3, after.form());
      ps.setString(4, Json.write(run.targets()));
      ps.setInt(5, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new RescoreCandidate(
                  rs.getLong(1),
                  rs.getLong(2),
                  rs.getString(3),
                  rs.getInt(4),
                  rs.getString(5).charAt(0),
                  rs.getString(6),
                  rs.getString(7),
                  rs.getString(8),
                  rs.getBytes(9),
                  rs.getInt(10),
                  rs.getBoolean(11),
                  rs.getInt(12),
                  strings(rs.getArray(13)),
                  rs.getString(14)));
        }
      }
    }
    return out;
  }

  /** Checks the scorer's answer against the locked rows; returns how many became crisis. */
  private static int checked(List<RescoreCandidate> candidates, List<RescoreUpdate> updates) {
    if (updates.size() != candidates.size()) {
      throw new IllegalStateException(
          "the scorer returned "
              + updates.size()
              + " verdicts for "
              + candidates.size()
              + " results");
    }
    int newCrises = 0;
    for (int i = 0; i < updates.size(); i++) {
      RescoreCandidate was = candidates.get(i);
      RescoreUpdate now = updates.get(i);
      if (was.studentId() != now.studentId() || !was.form().equals(now.form())) {
        throw new IllegalStateException(
            "verdict " + i + " of the batch is not for result " + was.resultId());
      }
      if (was.crisis() && !now.crisis()) {
        throw new IllegalStateException(
            "result "
                + was.resultId()
                + " is a crisis and would be re-scored as tier "
                + now.tier()
                + "; a re-scoring never lowers a crisis, so nothing of this batch was written");
      }
      if (now.crisis() && !was.crisis()) {
        newCrises++;
      }
    }
    return newCrises;
  }

  /** Writes a batch whose keys lie in {@code range[0]} (exclusive) to {@code range[1]}. */
  private static void write(
      Connection c,
      RescoreRun run,
      Key[] range,
      List<RescoreCandidate> candidates,
      List<RescoreUpdate> updates,
      int newCrises)
      throws SQLException {
    int n = updates.size();
    Object[] students = new Object[n];
    Object[] forms = new Object[n];
    Object[] norms = new Object[n];
    Object[] scores = new Object[n];
    Object[] tiers = new Object[n];
    Object[] crises = new Object[n];
    Object[] levels = new Object[n];
    Object[] validities = new Object[n];
    Object[] rules = new Object[n];
    List<Object> crisisStudents = new ArrayList<>(newCrises);
    List<Object> crisisForms = new ArrayList<>(newCrises);
    List<Object> crisisEscalations = new ArrayList<>(newCrises);
    for (int i = 0; i < n; i++) {
      RescoreUpdate u = updates.get(i);
      students[i] = u.studentId();
      forms[i] = u.form();
      norms[i] = u.normVersion();
      scores[i] = u.scoresJson();
      tiers[i] = (short) u.tier();
      crises[i] = u.crisis();
      levels[i] = (short) u.crisisLevel();
      validities[i] = (short) u.validity();
      rules[i] = PgArrays.literal(u.firedRules());
      if (u.crisis() && !candidates.get(i).crisis()) {
        crisisStudents.add(u.studentId());
        crisisForms.add(u.form());
        crisisEscalations.add(u.escalateAfterS());
      }
    }
    try (PreparedStatement ps = c.prepareStatement(HISTORY)) {
      ps.setLong(1, run.id());
      ps.setArray(2, c.createArrayOf("int8", students));
      ps.setArray(3, c.createArrayOf("text", forms));
      ps.setLong(4, run.windowId());
      bind(ps, 5, range);
      expect(n, ps.executeUpdate(), "history rows written");
    }
    try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
      int p = 1;
      ps.setArray(p++, c.createArrayOf("int8", students));
      ps.setArray(p++, c.createArrayOf("text", forms));
      ps.setArray(p++, c.createArrayOf("text", norms));
      ps.setArray(p++, c.createArrayOf("text", scores));
      ps.setArray(p++, c.createArrayOf("int2", tiers));
      ps.setArray(p++, c.createArrayOf("bool", crises));
      ps.setArray(p++, c.createArrayOf("int2", levels));
      ps.setArray(p++, c.createArrayOf("int2", validities));
      ps.setArray(p++, c.createArrayOf("text", rules));
      ps.setLong(p++, run.windowId());
      bind(ps, p, range);
      expect(n, ps.executeUpdate(), "results updated");
    }
    if (newCrises > 0) {
      try (PreparedStatement ps = c.prepareStatement(ALERTS)) {
        ps.setArray(1, c.createArrayOf("int8", crisisStudents.toArray()));
        ps.setArray(2, c.createArrayOf("text", crisisForms.toArray()));
        ps.setArray(3, c.createArrayOf("int4", crisisEscalations.toArray()));
        ps.setLong(4, run.windowId());
        bind(ps, 5, range);
        ps.executeUpdate();
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE rescoring SET rescored = rescored + ?, new_crises = new_crises + ?"
                + " WHERE id = ?")) {
      ps.setLong(1, n);
      ps.setLong(2, newCrises);
      ps.setLong(3, run.id());
      ps.executeUpdate();
    }
  }

  private static void bind(PreparedStatement ps, int from, Key[] range) throws SQLException {
    ps.setLong(from, range[0].studentId());
    ps.setString(from + 1, range[0].form());
    ps.setLong(from + 2, range[1].studentId());
    ps.setString(from + 3, range[1].form());
  }

  private static void expect(int expected, int actual, String what) throws SQLException {
    if (expected != actual) {
      throw new SQLException(expected + " " + what + " expected, " + actual + " were");
    }
  }

  private static RescoreRun readRun(ResultSet rs) throws SQLException {
    long id = rs.getLong("id");
    Array after = rs.getArray("tiers_after");
    return new RescoreRun(
        id,
        rs.getLong("window_id"),
        rs.getString("to_norms"),
        Json.readStringMap("targets of re-scoring run " + id, rs.getString("targets")),
        List.of(strings(rs.getArray("from_norms"))),
        rs.getString("rule_set_id"),
        rs.getString("started_by"),
        Jdbc.instant(rs, "started_at"),
        Jdbc.instant(rs, "finished_at"),
        rs.getLong("total"),
        counts(rs.getArray("tiers_before")),
        after == null ? null : counts(after),
        rs.getLong("rescored"),
        Jdbc.nullableLong(rs, "moved_up"),
        Jdbc.nullableLong(rs, "moved_down"),
        rs.getLong("new_crises"));
  }

  private static TierCounts counts(Array array) throws SQLException {
    try {
      Long[] values = (Long[]) array.getArray();
      long[] out = new long[values.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = values[i];
      }
      return TierCounts.of(out);
    } finally {
      array.free();
    }
  }

  private static String[] strings(Array array) throws SQLException {
    try {
      return (String[]) array.getArray();
    } finally {
      array.free();
    }
  }

  private static Array longs(Connection c, long[] values) throws SQLException {
    Object[] boxed = new Object[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = values[i];
    }
    return c.createArrayOf("int8", boxed);
  }

  private static void closeQuietly(Connection c, Exception cause) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
