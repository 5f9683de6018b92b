package org.huxin.engine.progress;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.huxin.engine.store.StoreException;

/** Names and parents of schools and classes, for the labels a console shows. */
public final class OrgUnits {

  /** A school: id, its district, its code and name. */
  public record School(long id, long districtId, String code, String name) {
    public School {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(name, "name");
    }
  }

  /** A class with its grade and the names of its school and district. */
  public record ClassLabel(
      long classId,
      String className,
      int grade,
      long schoolId,
      String schoolName,
      long districtId,
      String districtName) {
    public ClassLabel {
      Objects.requireNonNull(className, "className");
      Objects.requireNonNull(schoolName, "schoolName");
      Objects.requireNonNull(districtName, "districtName");
    }
  }

  private final DataSource dataSource;

  public OrgUnits(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  public Optional<School> school(long schoolId) {
    String sql = "SELECT id, district_id, code, name FROM school WHERE id = ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, schoolId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(
                new School(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreException("read school " + schoolId + ": " + e.getMessage(), e);
    }
  }

  /** The labels of those of {@code classIds} that exist, by class id. */
  public Map<Long, ClassLabel> classes(Collection<Long> classIds) {
    String sql =
        """
        SELECT c.id, c.name, c.grade, s.id, s.name, d.id, d.name
          FROM school_class c
          JOIN school s ON s.id = c.school_id
          JOIN district d ON d.id = s.district_id
         WHERE c.id = ANY(?)
        """;
    Map<Long, ClassLabel> out = new HashMap<>();
    if (classIds.isEmpty()) {
      return out;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, c.createArrayOf("int8", classIds.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(
              rs.getLong(1),
              new ClassLabel(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getInt(3),
                  rs.getLong(4),
                  rs.getString(5),
                  rs.getLong(6),
                  rs.getString(7)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("read " + classIds.size() + " classes: " + e.getMessage(), e);
    }
  }
}
