package org.huxin.engine.reports;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import org.huxin.engine.roster.OrgUnitQueries;
import org.huxin.engine.roster.OrgUnits;
import org.huxin.engine.store.Sql;
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
       WHERE grade = ANY($1::int2[])
         AND ($2 OR district_id = ANY($3::int8[]) OR school_id = ANY($4::int8[]))
         AND ($5::int8 IS NULL OR district_id = $5::int8)
         AND ($6::int8 IS NULL OR school_id = $6::int8)
       GROUP BY grade
      """;

  private static final String STUDENTS =
      """
      SELECT grade, sex, tier, count(*)
        FROM (SELECT student_id, max(grade) AS grade, max(sex) AS sex, max(tier) AS tier
                FROM result
               WHERE window_id = $1
                 AND (form = 'self' OR (form IN ('teacher', 'parent') AND grade BETWEEN 1 AND 3))
                 AND ($2::int8 IS NULL OR district_id = $2::int8)
                 AND ($3::int8 IS NULL OR school_id = $3::int8)
               GROUP BY student_id) AS per_student
       GROUP BY grade, sex, tier
      """;

  /** Every district and school, ordered by code. */
  public Future<OrgUnits> units(SqlClient client) {
    return new OrgUnitQueries().all(client);
  }

  /**
   * The raw counts of {@code unit} in {@code window}: the roster in the window's scope, and the
   * screened students by grade × sex × tier. The two statements go out together on {@code client};
   * run it in a transaction to read them in one go.
   */
  public Future<UnitCounts> counts(SqlClient client, Window window, ReportUnit unit) {
    Short[] grades =
        Arrays.stream(window.gradesInScope()).mapToObj(g -> (short) g).toArray(Short[]::new);
    Future<long[][]> roster =
        client
            .preparedQuery(ROSTER)
            .execute(
                Tuple.of(
                    grades,
                    window.cityWide(),
                    window.scopeDistrictIds().toArray(Long[]::new),
                    window.scopeSchoolIds().toArray(Long[]::new),
                    unit.districtId(),
                    unit.schoolId()))
            .map(
                rows -> {
                  long[][] byGrade = new long[2][UnitCounts.GRADES];
                  for (Row row : rows) {
                    int g = row.getInteger(0);
                    byGrade[0][g - 1] = row.getLong(1);
                    byGrade[1][g - 1] = row.getLong(2);
                  }
                  return byGrade;
                });
    Future<long[][][]> students =
        client
            .preparedQuery(STUDENTS)
            .execute(Tuple.of(window.id(), unit.districtId(), unit.schoolId()))
            .map(
                rows -> {
                  long[][][] counts =
                      new long[UnitCounts.GRADES][UnitCounts.SEXES][UnitCounts.TIERS];
                  for (Row row : rows) {
                    int g = row.getInteger(0);
                    int sex = UnitCounts.sexIndex(row.getString(1).charAt(0));
                    counts[g - 1][sex][row.getInteger(2)] = row.getLong(3);
                  }
                  return counts;
                });
    return Future.all(roster, students)
        .map(
            all -> {
              long[][] byGrade = roster.result();
              return new UnitCounts(byGrade[0], byGrade[1], students.result());
            })
        .recover(Sql.failed("read the report counts of window " + window.id()));
  }
}
