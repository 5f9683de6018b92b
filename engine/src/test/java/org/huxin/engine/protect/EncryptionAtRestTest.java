package org.huxin.engine.protect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.huxin.engine.city.SchoolStage;
import org.huxin.engine.followup.FollowupAction;
import org.huxin.engine.followup.FollowupStore;
import org.huxin.engine.followup.NewFollowup;
import org.huxin.engine.roster.NewStudent;
import org.huxin.engine.roster.RosterStore;
import org.huxin.engine.staff.NewStaffAccount;
import org.huxin.engine.staff.StaffRole;
import org.huxin.engine.staff.StaffStore;
import org.huxin.engine.store.NameCipher;
import org.huxin.engine.store.NameCipherException;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.TestDatabase;
import org.huxin.testsupport.TestRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Names and follow-up notes stored through the ordinary store code, then read back raw from the
 * {@code bytea} columns with plain SQL: no plaintext, nor any 4-byte run of it, is there.
 */
@DatabaseTest
class EncryptionAtRestTest {

  /** Shorter runs of bytes turn up in random ciphertext by chance (2^-32 per place for 4). */
  private static final int RUN = 4;

  private static final List<String> NAMES =
      List.of("王小明", "李思雨", "张伟", "王小明", "欧阳娜娜", "Zhang Wei", "陈一鸣", "Zhang Wei");

  private static final List<String> NOTES =
      List.of(
          "与学生面谈，自述近两周失眠，情绪低落",
          "Mother informed by phone; she will take him to the hospital on Friday.",
          "与学生面谈，自述近两周失眠，情绪低落");

  private static TestDatabase db;
  private static DataSource dataSource;
  private static final NameCipher CIPHER = TestRows.cipher();
  private static final Map<Long, String> NAME_OF = new LinkedHashMap<>();
  private static final Map<Long, String> NOTE_OF = new LinkedHashMap<>();

  @BeforeAll
  static void store() {
    db = TestDatabase.create(EncryptionAtRestTest.class);
    dataSource = db.dataSource();
    RosterStore roster = new RosterStore(dataSource);
    long district = roster.createDistrict("D1", "历下区", null);
    long school = roster.createSchool(district, "S1", "第一中学", SchoolStage.JUNIOR);
    long klass = roster.createClass(school, 7, "一班");
    for (int i = 0; i < NAMES.size(); i++) {
      NewStudent s =
          new NewStudent(school, klass, 7, 'F', 2013, "N" + i, NAMES.get(i), false, null);
      NAME_OF.put(roster.createStudent(s, CIPHER), NAMES.get(i));
    }
    long actor =
        new StaffStore(dataSource)
            .create(new NewStaffAccount("psy", "x", StaffRole.CITY_ADMIN, null, null, null, "王老师"))
            .id();
    FollowupStore followups = new FollowupStore(CIPHER);
    List<Long> students = new ArrayList<>(NAME_OF.keySet());
    for (int i = 0; i < NOTES.size(); i++) {
      int note = i;
      long id =
          db.pool()
              .withTransaction(
                  tx ->
                      followups.record(
                          tx,
                          new NewFollowup(
                              students.get(note),
                              null,
                              FollowupAction.INTERVIEW,
                              actor,
                              NOTES.get(note),
                              Instant.parse("2025-10-01T08:00:00Z"))))
              .await()
              .entry()
              .id();
      NOTE_OF.put(id, NOTES.get(i));
    }
  }

  @AfterAll
  static void drop() {
    db.close();
  }

  @Test
  void studentName_rawColumnHoldsNoPlaintext() throws SQLException {
    Map<Long, byte[]> raw = raw("SELECT id, name_enc FROM student");
    assertEquals(NAMES.size(), raw.size());
    for (Map.Entry<Long, String> e : NAME_OF.entrySet()) {
      assertNoPlaintext(e.getValue(), raw.get(e.getKey()));
    }
    for (String name : NAMES) {
      assertEquals(0, rowsContaining("student", "name_enc", name), "a row holds a name");
    }
  }

  @Test
  void followupNote_rawColumnHoldsNoPlaintext() throws SQLException {
    Map<Long, byte[]> raw = raw("SELECT id, note_enc FROM followup");
    assertEquals(NOTES.size(), raw.size());
    for (Map.Entry<Long, String> e : NOTE_OF.entrySet()) {
      assertNoPlaintext(e.getValue(), raw.get(e.getKey()));
    }
    for (String note : NOTES) {
      assertEquals(0, rowsContaining("followup", "note_enc", note), "a row holds a note");
    }
  }

  @Test
  void equalPlaintexts_encryptDifferently() throws SQLException {
    assertUniqueCiphertexts(NAME_OF, raw("SELECT id, name_enc FROM student"));
    assertUniqueCiphertexts(NOTE_OF, raw("SELECT id, note_enc FROM followup"));
  }

  @Test
  void rawColumns_decryptWithTheRightKeyOnly() throws SQLException {
    Map<Long, byte[]> names = raw("SELECT id, name_enc FROM student");
    Map<Long, byte[]> notes = raw("SELECT id, note_enc FROM followup");
    byte[] otherKey = new byte[32];
    Arrays.fill(otherKey, (byte) 7);
    NameCipher wrong = new NameCipher(otherKey);
    for (Map.Entry<Long, String> e : NAME_OF.entrySet()) {
      byte[] value = names.get(e.getKey());
      assertEquals(e.getValue(), CIPHER.decrypt(value));
      assertEquals(CIPHER.keyId(), value[1], "the key id byte names the key");
      assertThrows(NameCipherException.class, () -> wrong.decrypt(value));
    }
    for (Map.Entry<Long, String> e : NOTE_OF.entrySet()) {
      assertEquals(e.getValue(), CIPHER.decrypt(notes.get(e.getKey())));
    }
  }

  @Test
  void alteredCiphertext_failsAuthentication() throws SQLException {
    byte[] value = raw("SELECT id, name_enc FROM student").values().iterator().next();
    byte[] altered = value.clone();
    altered[altered.length - 1] ^= 1;
    assertThrows(NameCipherException.class, () -> CIPHER.decrypt(altered));
  }

  /** Fails if the UTF-8 bytes of {@code plaintext}, or any run of {@link #RUN} of them, occur. */
  private static void assertNoPlaintext(String plaintext, byte[] stored) {
    byte[] clear = plaintext.getBytes(StandardCharsets.UTF_8);
    assertTrue(clear.length >= RUN);
    assertTrue(stored.length >= clear.length + 30, "nonce, tag and header around the text");
    for (int from = 0; from + RUN <= clear.length; from++) {
      byte[] run = Arrays.copyOfRange(clear, from, from + RUN);
      assertFalse(
          indexOf(stored, run) >= 0, "bytes " + from + ".." + (from + RUN) + " of a plaintext");
    }
  }

  private static void assertUniqueCiphertexts(Map<Long, String> plain, Map<Long, byte[]> raw) {
    List<Long> ids = new ArrayList<>(plain.keySet());
    int equalPairs = 0;
    for (int i = 0; i < ids.size(); i++) {
      for (int j = i + 1; j < ids.size(); j++) {
        if (plain.get(ids.get(i)).equals(plain.get(ids.get(j)))) {
          equalPairs++;
          byte[] a = raw.get(ids.get(i));
          byte[] b = raw.get(ids.get(j));
          assertNotEquals(Arrays.toString(a), Arrays.toString(b));
          assertFalse(
              Arrays.equals(a, 2, 14, b, 2, 14), "each value has its own 12-byte random nonce");
        }
      }
    }
    assertTrue(equalPairs > 0, "the data must hold equal plaintexts");
  }

  private static Map<Long, byte[]> raw(String sql) throws SQLException {
    Map<Long, byte[]> rows = new LinkedHashMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.put(rs.getLong(1), rs.getBytes(2));
      }
    }
    return rows;
  }

  /** Rows whose raw column contains the UTF-8 bytes of {@code text}, asked of PostgreSQL. */
  private static long rowsContaining(String table, String column, String text) throws SQLException {
    String sql =
        "SELECT count(*) FROM "
            + table
            + " WHERE position(convert_to(?, 'UTF8') IN "
            + column
            + ") > 0";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, text);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void indexOf_findsARunAndOnlyIt() {
    assertEquals(2, indexOf(new byte[] {9, 9, 1, 2, 3, 4}, new byte[] {1, 2, 3, 4}));
    assertEquals(-1, indexOf(new byte[] {9, 9, 1, 2, 3, 5}, new byte[] {1, 2, 3, 4}));
  }
}
