package org.huxin.engine.progress;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import java.util.List;
import org.huxin.engine.store.Rows;
import org.huxin.engine.store.Sql;
import org.huxin.engine.windows.Window;

/**
 * Reads a window's progress per class in one aggregate query: every student the window screens (its
 * grades, its districts or schools), left-joined to their results in the window (each student
 * counted once, at the highest tier of their forms, with the number of their forms and whether any
 * held a crisis answer), grouped by district, school, grade and class.
 */
public final class ProgressTreeQueries {

  private static final String PER_CLASS =
      """
      SELECT s.district_id, d.name, s.school_id, sc.name, s.grade, s.class_id, c.name,
             count(*),
             count(*) FILTER (WHERE NOT s.consent_guardian),
             count(r.student_id), coalesce(sum(r.forms), 0),
             count(*) FILTER (WHERE r.tier = 0), count(*) FILTER (WHERE r.tier = 1),
             count(*) FILTER (WHERE r.tier = 2), count(*) FILTER (WHERE r.tier = 3),
             count(*) FILTER (WHERE r.crisis)
        FROM student s
        JOIN district d ON d.id = s.district_id
        JOIN school sc ON sc.id = s.school_id
        JOIN school_class c ON c.id = s.class_id
        LEFT JOIN (SELECT student_id, count(*) AS forms, max(tier) AS tier,
                          bool_or(crisis) AS crisis
                     FROM result
                    WHERE window_id = $1
                    GROUP BY student_id) AS r ON r.student_id = s.id
       WHERE s.grade = ANY($2)
         AND ($3 OR s.district_id = ANY($4) OR s.school_id = ANY($5))
       GROUP BY s.district_id, d.name, s.school_id, sc.name, s.grade, s.class_id, c.name
      """;

  /** Every class with students that {@code window} screens, with its counts. */
  public Future<List<ClassProgress>> perClass(SqlClient client, Window window) {
    Tuple params =
        Tuple.of(
            window.id(),
            Arrays.stream(window.gradesInScope()).mapToObj(g -> (short) g).toArray(Short[]::new),
            window.cityWide(),
            window.scopeDistrictIds().toArray(Long[]::new),
            window.scopeSchoolIds().toArray(Long[]::new));
    return client
        .preparedQuery(PER_CLASS)
        .execute(params)
        .map(rows -> Rows.list(rows, ProgressTreeQueries::classProgress))
        .recover(Sql.failed("progress per class of screening window " + window.id()));
  }

  private static ClassProgress classProgress(Row r) {
    return new ClassProgress(
        r.getLong(0),
        r.getString(1),
        r.getLong(2),
        r.getString(3),
        r.getInteger(4),
        r.getLong(5),
        r.getString(6),
        new ProgressCounts(
            r.getLong(7),
            r.getLong(8),
            r.getLong(9),
            r.getLong(10),
            r.getLong(11),
            r.getLong(12),
            r.getLong(13),
            r.getLong(14),
            r.getLong(15)));
  }
}
