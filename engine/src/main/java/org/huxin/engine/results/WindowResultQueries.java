package org.huxin.engine.results;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.huxin.engine.store.Jdbc;
import org.huxin.engine.store.Sql;

/**
 * Reads a whole window's stored results for work done after it closed: streaming the compact
 * answers with a server-side cursor (so a window of a million results never sits in memory), and
 * counting results by tier and by the norm version that scored them.
 */
public final class WindowResultQueries {

  /**
   * One stored result as re-scoring needs it: who answered (grade, sex, form), which battery, the
   * compact answers (one byte per item, 255 blank) and the stored validity code.
   */
  public record Answered(
      long resultId,
      String form,
      int grade,
      char sex,
      String batteryId,
      String batteryVersion,
      byte[] answers,
      int validity) {

    public Answered {
      Objects.requireNonNull(form, "form");
      Objects.requireNonNull(batteryId, "batteryId");
      Objects.requireNonNull(batteryVersion, "batteryVersion");
      answers = answers.clone();
    }

    @Override
    public byte[] answers() {
      return answers.clone();
    }
  }

  /** Results per tier: routine (0), key (1), close (2), crisis (3). */
  public record TierCounts(long routine, long key, long close, long crisis) {

    public TierCounts {
      if (routine < 0 || key < 0 || close < 0 || crisis < 0) {
        throw new IllegalArgumentException("a tier count is negative");
      }
    }

    /** Counts indexed by tier level 0–3. */
    public static TierCounts of(long[] byLevel) {
      if (byLevel.length != 4) {
        throw new IllegalArgumentException("expected 4 tier counts, got " + byLevel.length);
      }
      return new TierCounts(byLevel[0], byLevel[1], byLevel[2], byLevel[3]);
    }

    /** The count of tier {@code level} (0–3). */
    public long of(int level) {
      return switch (level) {
        case 0 -> routine;
        case 1 -> key;
        case 2 -> close;
        case 3 -> crisis;
        default -> throw new IllegalArgumentException("tier level " + level + " is outside 0–3");
      };
    }

    public long total() {
      return routine + key + close + crisis;
    }

    public long[] toArray() {
      return new long[] {routine, key, close, crisis};
    }
  }

  private final DataSource dataSource;

  public WindowResultQueries(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /**
   * Streams every result of the window to {@code sink}, in no particular order, inside one
   * read-only transaction (one consistent snapshot), and returns how many there were.
   */
  public long forEach(long windowId, Consumer<Answered> sink) {
    Objects.requireNonNull(sink, "sink");
    String sql =
        "SELECT id, form, grade, sex, battery_id, battery_version, answers, validity"
            + " FROM result WHERE window_id = ?";
    try {
      return Jdbc.stream(
          dataSource,
          sql,
          rs ->
              new Answered(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getInt(3),
                  rs.getString(4).charAt(0),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getBytes(7),
                  rs.getInt(8)),
          sink,
          windowId);
    } catch (SQLException e) {
      throw Sql.failure("read the results of window " + windowId, e);
    }
  }

  /** The window's results per tier. */
  public TierCounts tierCounts(long windowId) {
    try (Connection c = dataSource.getConnection()) {
      return tierCounts(c, windowId);
    } catch (SQLException e) {
      throw Sql.failure("count the results of window " + windowId + " by tier", e);
    }
  }

  public static TierCounts tierCounts(Connection c, long windowId) throws SQLException {
    long[] counts = new long[4];
    try (PreparedStatement ps =
        c.prepareStatement("SELECT tier, count(*) FROM result WHERE window_id = ? GROUP BY tier")) {
      ps.setLong(1, windowId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          counts[rs.getInt(1)] = rs.getLong(2);
        }
      }
    }
    return TierCounts.of(counts);
  }

  /** The distinct norm versions the window's results were scored under, sorted. */
  public List<String> normVersions(long windowId) {
    try (Connection c = dataSource.getConnection()) {
      return normVersions(c, windowId);
    } catch (SQLException e) {
      throw Sql.failure("read the norm versions of window " + windowId, e);
    }
  }

  public static List<String> normVersions(Connection c, long windowId) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT DISTINCT norm_version FROM result WHERE window_id = ? ORDER BY 1")) {
      ps.setLong(1, windowId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }
}
