package org.huxin.engine.roster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.huxin.engine.city.SyntheticCity;
import org.huxin.engine.store.CopyCsv;
import org.huxin.engine.store.NameCipher;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Writes a whole {@link SyntheticCity} on a connection whose transaction the caller owns: org units
 * with one multi-row insert per kind (ids read back by their unique keys), then students with one
 * CSV COPY, names encrypted on the way, streamed in 64 KiB chunks so nothing city-sized is held.
 */
final class RosterLoadBatch {

  private static final int COPY_CHUNK_CHARS = 1 << 16;

  private static final String COPY_STUDENTS =
      "COPY student (school_id, class_id, district_id, grade, sex, birth_year, student_no,"
          + " name_enc, consent_guardian, consent_at) FROM STDIN WITH (FORMAT csv)";

  private RosterLoadBatch() {}

  static RosterCounts load(Connection c, SyntheticCity city, NameCipher cipher)
      throws SQLException {
    long[] districtIds = insertDistricts(c, city);
    long[] schoolIds = insertSchools(c, city, districtIds);
    long[] classIds = insertClasses(c, city, schoolIds);
    long students = copyStudents(c, city, cipher, districtIds, schoolIds, classIds);
    try (Statement analyze = c.createStatement()) {
      analyze.execute("ANALYZE district, school, school_class, student");
    }
    return new RosterCounts(districtIds.length, schoolIds.length, classIds.length, students);
  }

  private static long[] insertDistricts(Connection c, SyntheticCity city) throws SQLException {
    List<SyntheticCity.District> districts = city.districts();
    Object[] codes = new Object[districts.size()];
    Object[] names = new Object[districts.size()];
    for (int i = 0; i < codes.length; i++) {
      codes[i] = districts.get(i).code();
      names[i] = districts.get(i).name();
    }
    String sql =
        "INSERT INTO district (code, name) SELECT * FROM unnest(?::text[], ?::text[])"
            + " RETURNING code, id";
    Map<String, Long> ids = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, c.createArrayOf("text", codes));
      ps.setArray(2, c.createArrayOf("text", names));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
    long[] byIndex = new long[districts.size()];
    for (int i = 0; i < byIndex.length; i++) {
      byIndex[i] = ids.get(districts.get(i).code());
    }
    return byIndex;
  }

  private static long[] insertSchools(Connection c, SyntheticCity city, long[] districtIds)
      throws SQLException {
    List<SyntheticCity.School> schools = city.schools();
    int n = schools.size();
    Object[] district = new Object[n];
    Object[] codes = new Object[n];
    Object[] names = new Object[n];
    Object[] stages = new Object[n];
    for (int i = 0; i < n; i++) {
      SyntheticCity.School school = schools.get(i);
      district[i] = districtIds[school.districtIndex()];
      codes[i] = school.code();
      names[i] = school.name();
      stages[i] = school.stage().code();
    }
    String sql =
        "INSERT INTO school (district_id, code, name, stage)"
            + " SELECT * FROM unnest(?::int8[], ?::text[], ?::text[], ?::text[])"
            + " RETURNING code, id";
    Map<String, Long> ids = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, c.createArrayOf("int8", district));
      ps.setArray(2, c.createArrayOf("text", codes));
      ps.setArray(3, c.createArrayOf("text", names));
      ps.setArray(4, c.createArrayOf("text", stages));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
    long[] byIndex = new long[n];
    for (int i = 0; i < n; i++) {
      byIndex[i] = ids.get(schools.get(i).code());
    }
    return byIndex;
  }

  /** Classes are keyed back by (school id, grade, name), which the schema makes unique. */
  private static long[] insertClasses(Connection c, SyntheticCity city, long[] schoolIds)
      throws SQLException {
    List<SyntheticCity.SchoolClass> classes = city.classes();
    int n = classes.size();
    Object[] school = new Object[n];
    Object[] grades = new Object[n];
    Object[] names = new Object[n];
    for (int i = 0; i < n; i++) {
      SyntheticCity.SchoolClass schoolClass = classes.get(i);
      school[i] = schoolIds[schoolClass.schoolIndex()];
      grades[i] = (short) schoolClass.grade();
      names[i] = schoolClass.name();
    }
    String sql =
        "INSERT INTO school_class (school_id, grade, name)"
            + " SELECT * FROM unnest(?::int8[], ?::int2[], ?::text[])"
            + " RETURNING school_id, grade, name, id";
    Map<String, Long> ids = new HashMap<>(n * 2);
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, c.createArrayOf("int8", school));
      ps.setArray(2, c.createArrayOf("int2", grades));
      ps.setArray(3, c.createArrayOf("text", names));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.put(classKey(rs.getLong(1), rs.getInt(2), rs.getString(3)), rs.getLong(4));
        }
      }
    }
    long[] byIndex = new long[n];
    for (int i = 0; i < n; i++) {
      SyntheticCity.SchoolClass schoolClass = classes.get(i);
      byIndex[i] =
          ids.get(
              classKey(
                  schoolIds[schoolClass.schoolIndex()], schoolClass.grade(), schoolClass.name()));
    }
    return byIndex;
  }

  private static long copyStudents(
      Connection c,
      SyntheticCity city,
      NameCipher cipher,
      long[] districtIds,
      long[] schoolIds,
      long[] classIds)
      throws SQLException {
    CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_STUDENTS);
    try {
      StringBuilder chunk = new StringBuilder(COPY_CHUNK_CHARS + 512);
      for (SyntheticCity.Student s : city.students()) {
        chunk
            .append(schoolIds[s.schoolIndex()])
            .append(',')
            .append(classIds[s.classIndex()])
            .append(',')
            .append(districtIds[s.districtIndex()])
            .append(',')
            .append(s.grade())
            .append(',')
            .append(s.sex())
            .append(',')
            .append(s.birthYear())
            .append(',');
        CopyCsv.appendText(chunk, s.studentNo());
        chunk.append(",\\x");
        CopyCsv.appendHex(chunk, cipher.encrypt(s.name()));
        chunk.append(',').append(s.consent() ? 't' : 'f').append(',');
        if (s.consentAt() != null) {
          chunk.append(s.consentAt());
        }
        chunk.append('\n');
        if (chunk.length() >= COPY_CHUNK_CHARS) {
          CopyCsv.send(copy, chunk);
        }
      }
      CopyCsv.send(copy, chunk);
      return copy.endCopy();
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  private static String classKey(long schoolId, int grade, String name) {
    return schoolId + "/" + grade + "/" + name;
  }
}
