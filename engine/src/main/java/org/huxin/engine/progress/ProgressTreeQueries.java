package org.huxin.engine.progress;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.huxin.engine.store.StoreException;
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
                    WHERE window_id = ?
                    GROUP BY student_id) AS r ON r.student_id = s.id
       WHERE s.grade = ANY(?)
         AND (? OR s.district_id = ANY(?) OR s.school_id = ANY(?))
       GROUP BY s.district_id, d.name, s.school_id, sc.name, s.grade, s.class_id, c.name
      """;

  private final DataSource dataSource;

  public ProgressTreeQueries(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /** Every class with students that {@code window} screens, with its counts. */
  public List<ClassProgress> perClass(Window window) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(PER_CLASS)) {
      ps.setLong(1, window.id());
      ps.setArray(
          2, c.createArrayOf("int2", Arrays.stream(window.gradesInScope()).boxed().toArray()));
      ps.setBoolean(3, window.cityWide());
      ps.setArray(4, c.createArrayOf("int8", window.scopeDistrictIds().toArray()));
      ps.setArray(5, c.createArrayOf("int8", window.scopeSchoolIds().toArray()));
      List<ClassProgress> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new ClassProgress(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getLong(3),
                  rs.getString(4),
                  rs.getInt(5),
                  rs.getLong(6),
                  rs.getString(7),
                  new ProgressCounts(
                      rs.getLong(8),
                      rs.getLong(9),
                      rs.getLong(10),
                      rs.getLong(11),
                      rs.getLong(12),
                      rs.getLong(13),
                      rs.getLong(14),
                      rs.getLong(15),
                      rs.getLong(16))));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException(
          "progress per class of screening window " + window.id() + ": " + e.getMessage(), e);
    }
  }
}
