package org.huxin.engine.reports;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Arrays;
import java.util.Objects;
import javax.sql.DataSource;
import org.huxin.engine.roster.OrgUnitQueries;
import org.huxin.engine.roster.OrgUnits;
import org.huxin.engine.store.StoreException;
import org.huxin.engine.store.Transactions;
import org.huxin.engine.windows.Window;

/**
 * The two aggregation queries behind a report, and the list of org units. A student counts once per
 * window: their self-report, or for grades 1–3 their teacher and parent ratings, at the highest
 * tier among those forms.
 */
public final class ReportQueries {

  private static final String ROSTER =
      """
      SELECT grade, count(*), count(*) FILTER (WHERE NOT consent_guardian)
        FROM student
       WHERE grade = ANY(?)
         AND (? OR district_id = ANY(?) OR school_id = ANY(?))
         AND (?::int8 IS NULL OR district_id = ?)
         AND (?::int8 IS NULL OR school_id = ?)
       GROUP BY grade
      """;

  private static final String STUDENTS =
      """
      SELECT grade, sex, tier, count(*)
        FROM (SELECT student_id, max(grade) AS grade, max(sex) AS sex, max(tier) AS tier
                FROM result
               WHERE window_id = ?
                 AND (form = 'self' OR (form IN ('teacher', 'parent') AND grade BETWEEN 1 AND 3))
                 AND (?::int8 IS NULL OR district_id = ?)
                 AND (?::int8 IS NULL OR school_id = ?)
               GROUP BY student_id) AS per_student
       GROUP BY grade, sex, tier
      """;

  private final DataSource dataSource;

  public ReportQueries(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /** Every district and school, ordered by code. */
  public OrgUnits units() {
    return new OrgUnitQueries(dataSource).all();
  }

  /**
   * The raw counts of {@code unit} in {@code window}: the roster in the window's scope, and the
   * screened students by grade × sex × tier (one read-only snapshot).
   */
  public UnitCounts counts(Window window, ReportUnit unit) {
    try {
      return Transactions.readOnly(
          dataSource,
          c -> {
            long[] inScope = new long[UnitCounts.GRADES];
            long[] withoutConsent = new long[UnitCounts.GRADES];
            long[][][] students = new long[UnitCounts.GRADES][UnitCounts.SEXES][UnitCounts.TIERS];
            try (PreparedStatement ps = c.prepareStatement(ROSTER)) {
              ps.setArray(
                  1,
                  c.createArrayOf("int2", Arrays.stream(window.gradesInScope()).boxed().toArray()));
              ps.setBoolean(2, window.cityWide());
              ps.setArray(3, c.createArrayOf("int8", window.scopeDistrictIds().toArray()));
              ps.setArray(4, c.createArrayOf("int8", window.scopeSchoolIds().toArray()));
              setUnit(ps, 5, unit);
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  int g = rs.getInt(1);
                  inScope[g - 1] = rs.getLong(2);
                  withoutConsent[g - 1] = rs.getLong(3);
                }
              }
            }
            try (PreparedStatement ps = c.prepareStatement(STUDENTS)) {
              ps.setLong(1, window.id());
              setUnit(ps, 2, unit);
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  int g = rs.getInt(1);
                  int sex = UnitCounts.sexIndex(rs.getString(2).charAt(0));
                  students[g - 1][sex][rs.getInt(3)] = rs.getLong(4);
                }
              }
            }
            return new UnitCounts(inScope, withoutConsent, students);
          });
    } catch (SQLException e) {
      throw failure("report counts of window " + window.id(), e);
    }
  }

  /** Binds the district pair then the school pair of {@code (?::int8 IS NULL OR col = ?)}. */
  private static void setUnit(PreparedStatement ps, int first, ReportUnit unit)
      throws SQLException {
    setLong(ps, first, unit.districtId());
    setLong(ps, first + 1, unit.districtId());
    setLong(ps, first + 2, unit.schoolId());
    setLong(ps, first + 3, unit.schoolId());
  }

  private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value);
    }
  }

  private static StoreException failure(String what, SQLException e) {
    return new StoreException("reading " + what + " failed (SQLSTATE " + e.getSQLState() + ")", e);
  }
}
