package org.huxin.engine.progress;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.huxin.engine.store.Jdbc;
import org.huxin.engine.store.Sql;
import org.huxin.engine.windows.UnknownWindowException;
import org.huxin.engine.windows.Window;
import org.huxin.engine.windows.WindowProgress;
import org.huxin.engine.windows.WindowStore;

/** Screening progress of a window: who is in scope, who has submitted, how they were tiered. */
public final class ProgressQueries {

  private static final String IN_SCOPE =
      """
      SELECT count(*), count(*) FILTER (WHERE NOT consent_guardian)
        FROM student
       WHERE grade = ANY(?)
         AND (? OR district_id = ANY(?) OR school_id = ANY(?))
         AND (?::int8 IS NULL OR district_id = ?)
         AND (?::int8 IS NULL OR school_id = ?)
      """;

  private static final String SUBMITTED =
      """
      SELECT count(*), coalesce(sum(forms), 0),
             count(*) FILTER (WHERE tier = 0), count(*) FILTER (WHERE tier = 1),
             count(*) FILTER (WHERE tier = 2), count(*) FILTER (WHERE tier = 3),
             count(*) FILTER (WHERE crisis)
        FROM (SELECT student_id, count(*) AS forms, max(tier) AS tier, bool_or(crisis) AS crisis
                FROM result
               WHERE window_id = ?
                 AND (?::int8 IS NULL OR district_id = ?)
                 AND (?::int8 IS NULL OR school_id = ?)
               GROUP BY student_id) AS per_student
      """;

  private final DataSource dataSource;
  private final WindowStore windows;

  public ProgressQueries(DataSource dataSource, WindowStore windows) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.windows = Objects.requireNonNull(windows, "windows");
  }

  /**
   * Progress of {@code windowId}, narrowed to a district and/or school when those are not null.
   *
   * @throws UnknownWindowException if there is no such window
   */
  public WindowProgress progress(long windowId, Long districtId, Long schoolId) {
    Window window = windows.find(windowId).orElseThrow(() -> new UnknownWindowException(windowId));
    try (Connection c = dataSource.getConnection()) {
      long inScope;
      long withoutConsent;
      try (PreparedStatement ps = c.prepareStatement(IN_SCOPE)) {
        ps.setArray(
            1, c.createArrayOf("int2", Arrays.stream(window.gradesInScope()).boxed().toArray()));
        ps.setBoolean(2, window.cityWide());
        ps.setArray(3, c.createArrayOf("int8", window.scopeDistrictIds().toArray()));
        ps.setArray(4, c.createArrayOf("int8", window.scopeSchoolIds().toArray()));
        Jdbc.setLong(ps, 5, districtId);
        Jdbc.setLong(ps, 6, districtId);
        Jdbc.setLong(ps, 7, schoolId);
        Jdbc.setLong(ps, 8, schoolId);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          inScope = rs.getLong(1);
          withoutConsent = rs.getLong(2);
        }
      }
      try (PreparedStatement ps = c.prepareStatement(SUBMITTED)) {
        ps.setLong(1, windowId);
        Jdbc.setLong(ps, 2, districtId);
        Jdbc.setLong(ps, 3, districtId);
        Jdbc.setLong(ps, 4, schoolId);
        Jdbc.setLong(ps, 5, schoolId);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return new WindowProgress(
              windowId,
              districtId,
              schoolId,
              inScope,
              withoutConsent,
              rs.getLong(1),
              rs.getLong(2),
              List.of(rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)),
              rs.getLong(7));
        }
      }
    } catch (SQLException e) {
      throw Sql.failure("progress of screening window " + windowId, e);
    }
  }
}
