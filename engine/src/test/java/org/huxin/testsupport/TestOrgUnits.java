package org.huxin.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Districts and schools made for one test, with ids above 127 so a scope check that compares boxed
 * ids by reference fails the tests it should: districts from 2,001 and schools from 3,001, above
 * the demo city's ({@link TestDatabase}'s ranges) and apart from each other, so a school id passed
 * as a district id finds nothing.
 */
public final class TestOrgUnits {

  private static final AtomicLong NEXT_DISTRICT = new AtomicLong(2_000);
  private static final AtomicLong NEXT_SCHOOL = new AtomicLong(3_000);

  /** A district and its schools. */
  public record District(long id, String name, List<School> schools) {
    public School school(int i) {
      return schools.get(i);
    }
  }

  public record School(long id, long districtId, String name) {}

  private TestOrgUnits() {}

  /** Creates a district named {@code 测试区<n>} with {@code schools} schools {@code 测试<n>-<i>中学}. */
  public static District district(DataSource dataSource, int schools) {
    long districtId = NEXT_DISTRICT.incrementAndGet();
    String name = "测试区" + districtId;
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO district (id, code, name) VALUES (?, ?, ?)")) {
        ps.setLong(1, districtId);
        ps.setString(2, "T" + districtId);
        ps.setString(3, name);
        ps.executeUpdate();
      }
      List<School> list = new ArrayList<>();
      for (int i = 1; i <= schools; i++) {
        long schoolId = NEXT_SCHOOL.incrementAndGet();
        String schoolName = "测试" + districtId + "-" + i + "中学";
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO school (id, district_id, code, name, stage)"
                    + " VALUES (?, ?, ?, ?, 'junior')")) {
          ps.setLong(1, schoolId);
          ps.setLong(2, districtId);
          ps.setString(3, "T" + schoolId);
          ps.setString(4, schoolName);
          ps.executeUpdate();
        }
        list.add(new School(schoolId, districtId, schoolName));
      }
      return new District(districtId, name, List.copyOf(list));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test org units: " + e.getMessage(), e);
    }
  }
}
