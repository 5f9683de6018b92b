package org.huxin.engine.roster.imports;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.huxin.engine.store.CopyCsv;
import org.huxin.engine.store.NameCipher;
import org.huxin.engine.store.NameCipherException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The database half of an import, on a connection whose transaction the caller owns.
 *
 * <ol>
 *   <li>Imports run one at a time across the cluster (a transaction-scoped advisory lock), so the
 *       comparison with what is stored cannot race another import.
 *   <li>{@link #check}: a school already stored under another district is a fault of each of its
 *       rows.
 *   <li>{@link #write}: districts and schools are upserted (a changed name or stage is updated),
 *       classes inserted when new. The stored students of the file's schools are read and compared
 *       (names decrypted in memory); only new and changed students are COPYed into a temporary
 *       staging table, and {@code INSERT … ON CONFLICT (school_id, student_no) DO UPDATE} moves
 *       them into {@code student} 10,000 at a time, reporting progress after each batch. Unchanged
 *       students are not touched, so a re-import writes nothing.
 * </ol>
 */
final class RosterWriteBatch {

  private static final long LOCK_KEY = 0x68757869_6e000010L;
  private static final int COPY_CHUNK_CHARS = 1 << 16;
  private static final int UPSERT_BATCH = 10_000;

  private static final String STAGE =
      "CREATE TEMP TABLE roster_stage (seq int4, school_id int8, class_id int8,"
          + " district_id int8, grade int2, sex char(1), birth_year int2, student_no text,"
          + " name_enc bytea, consent boolean) ON COMMIT DROP";
  private static final String COPY_STAGE = "COPY roster_stage FROM STDIN WITH (FORMAT csv)";
  private static final String UPSERT_STUDENTS =
      "INSERT INTO student (school_id, class_id, district_id, grade, sex, birth_year, student_no,"
          + " name_enc, consent_guardian, consent_at)"
          + " SELECT school_id, class_id, district_id, grade, sex, birth_year, student_no,"
          + " name_enc, consent, CASE WHEN consent THEN ?::timestamptz END FROM roster_stage"
          + " WHERE seq >= ? AND seq < ?"
          + " ON CONFLICT (school_id, student_no) DO UPDATE SET class_id = EXCLUDED.class_id,"
          + " grade = EXCLUDED.grade, sex = EXCLUDED.sex, birth_year = EXCLUDED.birth_year,"
          + " name_enc = EXCLUDED.name_enc, consent_guardian = EXCLUDED.consent_guardian,"
          + " consent_at = CASE WHEN NOT EXCLUDED.consent_guardian THEN NULL"
          + " WHEN student.consent_guardian THEN student.consent_at"
          + " ELSE EXCLUDED.consent_at END";

  /** A stored student, as far as an import compares it. */
  private record Stored(
      long classId, int grade, char sex, int birthYear, boolean consent, byte[] nameEnc) {}

  private RosterWriteBatch() {}

  static void lock(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      ps.setLong(1, LOCK_KEY);
      ps.executeQuery().close();
    }
  }

  /** The code of district {@code id}, or null when there is none. */
  static String districtCode(Connection c, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT code FROM district WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** Adds a fault for every row whose school is stored under another district. */
  static void check(Connection c, List<RosterRow> rows, ImportErrors errors, String column)
      throws SQLException {
    Map<String, String> fileDistrict = new LinkedHashMap<>();
    for (RosterRow row : rows) {
      fileDistrict.putIfAbsent(row.schoolCode(), row.districtCode());
    }
    Map<String, String> storedDistrict = new HashMap<>();
    String sql =
        "SELECT s.code, d.code FROM school s JOIN district d ON d.id = s.district_id"
            + " WHERE s.code = ANY(?)";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, c.createArrayOf("text", fileDistrict.keySet().toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          storedDistrict.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    for (RosterRow row : rows) {
      String stored = storedDistrict.get(row.schoolCode());
      if (stored != null && !stored.equals(row.districtCode())) {
        errors.add(
            row.fileRow(),
            column,
            "school "
                + row.schoolCode()
                + " already belongs to district "
                + stored
                + ", not "
                + row.districtCode()
                + "; an import cannot move a school to another district");
      }
    }
  }

  /** Writes {@code rows}; {@code progress} hears how many rows are done. */
  static ImportCounts write(
      Connection c, List<RosterRow> rows, NameCipher cipher, Instant now, IntConsumer progress)
      throws SQLException {
    Map<String, RosterRow> districts = new LinkedHashMap<>();
    Map<String, RosterRow> schools = new LinkedHashMap<>();
    for (RosterRow row : rows) {
      districts.putIfAbsent(row.districtCode(), row);
      schools.putIfAbsent(row.schoolCode(), row);
    }
    int[] created = new int[1];
    Map<String, Long> districtIds = upsertDistricts(c, districts.values(), created);
    int districtsCreated = created[0];
    Map<String, Long> schoolIds = upsertSchools(c, schools.values(), districtIds, created);
    int schoolsCreated = created[0];
    Map<String, Long> classIds = insertClasses(c, rows, schoolIds, created);
    int classesCreated = created[0];

    Map<String, Stored> stored = storedStudents(c, schoolIds.values());
    List<RosterRow> toWrite = new ArrayList<>();
    int studentsCreated = 0;
    int studentsUpdated = 0;
    for (RosterRow row : rows) {
      long schoolId = schoolIds.get(row.schoolCode());
      Stored before = stored.get(studentKey(schoolId, row.studentNo()));
      if (before == null) {
        studentsCreated++;
        toWrite.add(row);
      } else if (changed(before, row, classIds.get(classKey(schoolId, row)), cipher)) {
        studentsUpdated++;
        toWrite.add(row);
      }
    }
    int unchanged = rows.size() - toWrite.size();
    progress.accept(unchanged);
    if (!toWrite.isEmpty()) {
      stage(c, toWrite, districtIds, schoolIds, classIds, cipher);
      try (PreparedStatement ps = c.prepareStatement(UPSERT_STUDENTS)) {
        for (int from = 0; from < toWrite.size(); from += UPSERT_BATCH) {
          ps.setTimestamp(1, Timestamp.from(now));
          ps.setInt(2, from);
          ps.setInt(3, from + UPSERT_BATCH);
          ps.executeUpdate();
          progress.accept(unchanged + Math.min(from + UPSERT_BATCH, toWrite.size()));
        }
      }
      if (studentsCreated > 10_000) {
        try (Statement analyze = c.createStatement()) {
          analyze.execute("ANALYZE school_class, student");
        }
      }
    }
    progress.accept(rows.size());
    return new ImportCounts(
        districtsCreated,
        schoolsCreated,
        classesCreated,
        studentsCreated,
        studentsUpdated,
        unchanged);
  }

  private static boolean changed(Stored before, RosterRow row, long classId, NameCipher cipher) {
    if (before.classId() != classId
        || before.grade() != row.grade()
        || before.sex() != row.sex()
        || before.birthYear() != row.birthYear()
        || before.consent() != row.consent()) {
      return true;
    }
    try {
      return !cipher.decrypt(before.nameEnc()).equals(row.name());
    } catch (NameCipherException e) {
      return true; // written under another key: rewrite it under this one
    }
  }

  private static Map<String, Long> upsertDistricts(
      Connection c, Iterable<RosterRow> firsts, int[] created) throws SQLException {
    List<Object> codes = new ArrayList<>();
    List<Object> names = new ArrayList<>();
    for (RosterRow row : firsts) {
      codes.add(row.districtCode());
      names.add(row.districtName());
    }
    String sql =
        "INSERT INTO district (code, name) SELECT * FROM unnest(?::text[], ?::text[])"
            + " ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name"
            + " WHERE district.name IS DISTINCT FROM EXCLUDED.name"
            + " RETURNING (xmax = 0)";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, c.createArrayOf("text", codes.toArray()));
      ps.setArray(2, c.createArrayOf("text", names.toArray()));
      created[0] = countInserted(ps);
    }
    return ids(c, "SELECT code, id FROM district WHERE code = ANY(?)", codes);
  }

  private static Map<String, Long> upsertSchools(
      Connection c, Iterable<RosterRow> firsts, Map<String, Long> districtIds, int[] created)
      throws SQLException {
    List<Object> district = new ArrayList<>();
    List<Object> codes = new ArrayList<>();
    List<Object> names = new ArrayList<>();
    List<Object> stages = new ArrayList<>();
    for (RosterRow row : firsts) {
      district.add(districtIds.get(row.districtCode()));
      codes.add(row.schoolCode());
      names.add(row.schoolName());
      stages.add(row.stage().code());
    }
    String sql =
        "INSERT INTO school (district_id, code, name, stage)"
            + " SELECT * FROM unnest(?::int8[], ?::text[], ?::text[], ?::text[])"
            + " ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, stage = EXCLUDED.stage"
            + " WHERE (school.name, school.stage) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.stage)"
            + " RETURNING (xmax = 0)";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, c.createArrayOf("int8", district.toArray()));
      ps.setArray(2, c.createArrayOf("text", codes.toArray()));
      ps.setArray(3, c.createArrayOf("text", names.toArray()));
      ps.setArray(4, c.createArrayOf("text", stages.toArray()));
      created[0] = countInserted(ps);
    }
    return ids(c, "SELECT code, id FROM school WHERE code = ANY(?)", codes);
  }

  private static Map<String, Long> insertClasses(
      Connection c, List<RosterRow> rows, Map<String, Long> schoolIds, int[] created)
      throws SQLException {
    Map<String, Object[]> classes = new LinkedHashMap<>();
    for (RosterRow row : rows) {
      long schoolId = schoolIds.get(row.schoolCode());
      classes.computeIfAbsent(
          classKey(schoolId, row),
          k -> new Object[] {schoolId, (short) row.grade(), row.className()});
    }
    Object[] school = new Object[classes.size()];
    Object[] grades = new Object[classes.size()];
    Object[] names = new Object[classes.size()];
    int i = 0;
    for (Object[] cls : classes.values()) {
      school[i] = cls[0];
      grades[i] = cls[1];
      names[i++] = cls[2];
    }
    String sql =
        "INSERT INTO school_class (school_id, grade, name)"
            + " SELECT * FROM unnest(?::int8[], ?::int2[], ?::text[])"
            + " ON CONFLICT (school_id, grade, name) DO NOTHING RETURNING id";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, c.createArrayOf("int8", school));
      ps.setArray(2, c.createArrayOf("int2", grades));
      ps.setArray(3, c.createArrayOf("text", names));
      int n = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          n++;
        }
      }
      created[0] = n;
    }
    Map<String, Long> ids = new HashMap<>(classes.size() * 2);
    String select = "SELECT school_id, grade, name, id FROM school_class WHERE school_id = ANY(?)";
    try (PreparedStatement ps = c.prepareStatement(select)) {
      ps.setArray(1, c.createArrayOf("int8", schoolIds.values().toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.put(rs.getLong(1) + "/" + rs.getInt(2) + "/" + rs.getString(3), rs.getLong(4));
        }
      }
    }
    return ids;
  }

  private static Map<String, Stored> storedStudents(Connection c, Iterable<Long> schoolIds)
      throws SQLException {
    List<Object> ids = new ArrayList<>();
    schoolIds.forEach(ids::add);
    Map<String, Stored> stored = new HashMap<>();
    String sql =
        "SELECT school_id, student_no, class_id, grade, sex, birth_year, consent_guardian,"
            + " name_enc FROM student WHERE school_id = ANY(?)";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, c.createArrayOf("int8", ids.toArray()));
      ps.setFetchSize(10_000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          stored.put(
              studentKey(rs.getLong(1), rs.getString(2)),
              new Stored(
                  rs.getLong(3),
                  rs.getInt(4),
                  rs.getString(5).charAt(0),
                  rs.getInt(6),
                  rs.getBoolean(7),
                  rs.getBytes(8)));
        }
      }
    }
    return stored;
  }

  private static void stage(
      Connection c,
      List<RosterRow> rows,
      Map<String, Long> districtIds,
      Map<String, Long> schoolIds,
      Map<String, Long> classIds,
      NameCipher cipher)
      throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(STAGE);
    }
    CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_STAGE);
    try {
      StringBuilder chunk = new StringBuilder(COPY_CHUNK_CHARS + 512);
      int n = 0;
      for (RosterRow row : rows) {
        long schoolId = schoolIds.get(row.schoolCode());
        chunk
            .append(n++)
            .append(',')
            .append(schoolId)
            .append(',')
            .append(classIds.get(classKey(schoolId, row)))
            .append(',')
            .append(districtIds.get(row.districtCode()))
            .append(',')
            .append(row.grade())
            .append(',')
            .append(row.sex())
            .append(',')
            .append(row.birthYear())
            .append(',');
        CopyCsv.appendText(chunk, row.studentNo());
        chunk.append(",\\x");
        CopyCsv.appendHex(chunk, cipher.encrypt(row.name()));
        chunk.append(',').append(row.consent() ? 't' : 'f').append('\n');
        if (chunk.length() >= COPY_CHUNK_CHARS) {
          CopyCsv.send(copy, chunk);
        }
      }
      CopyCsv.send(copy, chunk);
      copy.endCopy();
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  private static int countInserted(PreparedStatement ps) throws SQLException {
    int n = 0;
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        if (rs.getBoolean(1)) {
          n++;
        }
      }
    }
    return n;
  }

  private static Map<String, Long> ids(Connection c, String sql, List<Object> codes)
      throws SQLException {
    Map<String, Long> ids = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, c.createArrayOf("text", codes.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
    return ids;
  }

  private static String classKey(long schoolId, RosterRow row) {
    return schoolId + "/" + row.grade() + "/" + row.className();
  }

  private static String studentKey(long schoolId, String studentNo) {
    return schoolId + "\u0000" + studentNo;
  }
}
