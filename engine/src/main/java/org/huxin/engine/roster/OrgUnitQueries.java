package org.huxin.engine.roster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.huxin.engine.roster.OrgUnits.School;
import org.huxin.engine.store.StoreException;

/**
 * Reads the city's organisation: every district and school ({@link #all}), one school, and the
 * labels of classes. The one place that names org units, for the progress views, the tier lists and
 * the reports alike.
 */
public final class OrgUnitQueries {

  private static final String DISTRICTS = "SELECT id, code, name FROM district ORDER BY code";
  private static final String SCHOOLS =
      "SELECT id, district_id, code, name, stage FROM school ORDER BY code";

  private final DataSource dataSource;

  public OrgUnitQueries(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /** Every district and school, ordered by code. */
  public OrgUnits all() {
    try (Connection c = dataSource.getConnection()) {
      List<OrgUnits.District> districts = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(DISTRICTS);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          districts.add(new OrgUnits.District(rs.getLong(1), rs.getString(2), rs.getString(3)));
        }
      }
      List<OrgUnits.School> schools = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(SCHOOLS);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          schools.add(
              new OrgUnits.School(
                  rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5)));
        }
      }
      return new OrgUnits(districts, schools);
    } catch (SQLException e) {
      throw new StoreException("read districts and schools: " + e.getMessage(), e);
    }
  }

  public Optional<School> school(long schoolId) {
    String sql = "SELECT id, district_id, code, name, stage FROM school WHERE id = ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, schoolId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(
                new School(
                    rs.getLong(1),
                    rs.getLong(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5)))
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
