package org.huxin.engine.protect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.huxin.engine.store.NameCipher;
import org.huxin.engine.store.NameCipherException;
import org.huxin.testsupport.DatabaseTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

@DatabaseTest
class KeyRotationBatchTest {

  private static final String NAMES = "student";
  private static final String NOTES = "followup";

  @BeforeAll
  static void keysDiffer() {
    assertNotEquals(RotationFixture.OLD.keyId(), RotationFixture.NEW.keyId());
    assertNotEquals(RotationFixture.OLD.keyId(), RotationFixture.OTHER.keyId());
    assertNotEquals(RotationFixture.NEW.keyId(), RotationFixture.OTHER.keyId());
  }

  @Test
  void rotate_reencryptsEveryNameAndNote() throws Exception {
    try (RotationFixture f = RotationFixture.create(KeyRotationBatchTest.class)) {
      List<KeyRotationBatch.Progress> batches = new ArrayList<>();

      KeyRotationBatch.Report report =
          new KeyRotationBatch(f.dataSource(), RotationFixture.OLD, RotationFixture.NEW, 1_000)
              .rotate(batches::add);

      assertEquals(f.rows(), report.reencrypted());
      assertEquals(0, report.alreadyCurrent());
      assertTrue(report.complete());
      assertEquals(f.names.size(), report.columns().get(0).total());
      assertEquals(f.notes.size(), report.columns().get(1).total());
      assertEquals(3 + 1, batches.size(), "2,160 names in batches of 1,000, then 240 notes");
      KeyRotationBatch.Progress last = batches.get(2);
      assertEquals(last.total(), last.done());
      assertEquals(f.names, f.decrypted(NAMES, "name_enc", RotationFixture.NEW));
      assertEquals(f.notes, f.decrypted(NOTES, "note_enc", RotationFixture.NEW));
      assertEquals(0, f.underKey(NAMES, "name_enc", RotationFixture.OLD));
      System.err.printf(
          Locale.ROOT,
          "KeyRotationBatchTest: %,d values rotated in %.2f s, %,.0f rows/s%n",
          report.reencrypted(),
          report.took().toNanos() / 1e9,
          report.rowsPerSecond());
    }
  }

  @Test
  void rotate_interruptedAfterOneBatch_resumesWhereItStopped() throws Exception {
    try (RotationFixture f = RotationFixture.create(KeyRotationBatchTest.class)) {
      KeyRotationBatch rotation =
          new KeyRotationBatch(f.dataSource(), RotationFixture.OLD, RotationFixture.NEW, 500);

      IllegalStateException crash =
          assertThrows(
              IllegalStateException.class,
              () ->
                  rotation.rotate(
                      p -> {
                        throw new IllegalStateException("the process died after one batch");
                      }));
      assertTrue(crash.getMessage().contains("one batch"));

      assertEquals(500, f.underKey(NAMES, "name_enc", RotationFixture.NEW));
      assertEquals(f.names.size() - 500, f.underKey(NAMES, "name_enc", RotationFixture.OLD));
      NameCipher gateway = RotationFixture.NEW.alsoReading(RotationFixture.OLD);
      assertEquals(f.names, f.decrypted(NAMES, "name_enc", gateway), "half way, both keys read");

      List<KeyRotationBatch.Progress> batches = new ArrayList<>();
      KeyRotationBatch.Report resumed = rotation.rotate(batches::add);

      assertEquals(500, resumed.alreadyCurrent());
      assertEquals(f.rows() - 500, resumed.reencrypted());
      assertTrue(resumed.complete());
      assertEquals(500 + 500, batches.get(0).done(), "progress counts the rows done before");
      assertEquals(f.names, f.decrypted(NAMES, "name_enc", RotationFixture.NEW));
      assertEquals(f.notes, f.decrypted(NOTES, "note_enc", RotationFixture.NEW));

      List<KeyRotationBatch.Progress> none = new ArrayList<>();
      KeyRotationBatch.Report again = rotation.rotate(none::add);
      assertEquals(0, again.reencrypted());
      assertEquals(f.rows(), again.alreadyCurrent());
      assertTrue(none.isEmpty(), "a finished rotation has no batch left");
    }
  }

  @Test
  void keysRotate_foreignCiphertexts_reportedAndLeftAsTheyAre() throws Exception {
    try (RotationFixture f = RotationFixture.create(KeyRotationBatchTest.class)) {
      long[] studentIds = f.names.keySet().stream().mapToLong(Long::longValue).toArray();
      long[] noteIds = f.notes.keySet().stream().mapToLong(Long::longValue).toArray();
      byte[] otherKey = RotationFixture.OTHER.encrypt("赵六");
      byte[] tampered = RotationFixture.OLD.encrypt("被改过的记录");
      tampered[tampered.length - 1] ^= 1;
      byte[] notCiphertext = "plain note".getBytes(StandardCharsets.UTF_8);
      f.set(NAMES, "name_enc", studentIds[100], otherKey);
      f.set(NOTES, "note_enc", noteIds[3], tampered);
      f.set(NOTES, "note_enc", noteIds[4], notCiphertext);

      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code =
          new ProtectionCli(
                  with(
                      f.db.env(),
                      Map.of(
                          "HUXIN_PG_JDBC_POOL", "2",
                          "HUXIN_DATA_KEY", encoded(2),
                          "HUXIN_DATA_KEY_OLD", encoded(1))),
                  new PrintStream(out, true, StandardCharsets.UTF_8),
                  new PrintStream(err, true, StandardCharsets.UTF_8),
                  Clock.systemUTC())
              .run(new String[] {"keys", "rotate"});
      String printed = out.toString(StandardCharsets.UTF_8);
      String progress = err.toString(StandardCharsets.UTF_8);

      assertEquals(1, code, progress);
      assertTrue(progress.contains("student.name_enc: 1,000 / 2,160 rows (46.3 %)"), progress);
      assertTrue(progress.contains("student.name_enc: 2,160 / 2,160 rows (100.0 %)"), progress);
      assertTrue(progress.contains("3 values are under neither key"), progress);
      assertTrue(
          progress.contains("student.name_enc id " + studentIds[100] + ": key id "), progress);
      assertTrue(progress.contains("followup.note_enc id " + noteIds[3] + ": key id"), progress);
      assertTrue(progress.contains("fails authentication"), progress);
      assertTrue(progress.contains("followup.note_enc id " + noteIds[4] + ": format version"));
      assertFalse(progress.contains("赵六") || progress.contains("plain note"), "no plaintext");
      assertTrue(
          printed.contains(
              "student.name_enc: 2,160 values, 2,159 re-encrypted now, 0 already under the new"
                  + " key, 1 under neither key"),
          printed);
      assertTrue(
          printed.contains(String.format(Locale.ROOT, "rotated %,d values", f.rows() - 3)),
          printed);

      assertArrayEquals(otherKey, f.raw(NAMES, "name_enc").get(studentIds[100]));
      assertArrayEquals(tampered, f.raw(NOTES, "note_enc").get(noteIds[3]));
      assertArrayEquals(notCiphertext, f.raw(NOTES, "note_enc").get(noteIds[4]));
      assertEquals(f.names.size() - 1, f.underKey(NAMES, "name_enc", RotationFixture.NEW));
      assertEquals(f.notes.size() - 2, f.underKey(NOTES, "note_enc", RotationFixture.NEW));
    }
  }

  @Test
  void keyRotation_sameKeyIdTwice_refused() {
    ProtectionException e =
        assertThrows(
            ProtectionException.class,
            () ->
                new KeyRotationBatch(
                    new PGSimpleDataSource(), RotationFixture.OLD, RotationFixture.key(1), 100));
    assertTrue(e.getMessage().contains("same key id"), e.getMessage());
  }

  @Test
  void alsoReading_decryptsByKeyIdAndRefusesUnknownKeys() {
    NameCipher rotating = RotationFixture.NEW.alsoReading(RotationFixture.OLD);
    byte[] old = RotationFixture.OLD.encrypt("李四");
    byte[] fresh = rotating.encrypt("李四");

    assertEquals("李四", rotating.decrypt(old));
    assertEquals("李四", rotating.decrypt(fresh));
    assertEquals(RotationFixture.NEW.keyId(), fresh[1], "written under the current key");
    assertNotEquals(rotating.keyId(), old[1]);
    assertEquals("李四", RotationFixture.NEW.decrypt(fresh));
    assertThrows(
        NameCipherException.class, () -> rotating.decrypt(RotationFixture.OTHER.encrypt("x")));
    NameCipherException e =
        assertThrows(
            NameCipherException.class,
            () -> RotationFixture.NEW.alsoReading(RotationFixture.key(2)));
    assertTrue(e.getMessage().contains("same key id"), e.getMessage());
  }

  @Test
  void fromEnv_bothKeys_readsBoth(@TempDir Path home) {
    NameCipher rotating =
        NameCipher.fromEnv(
            Map.of("HUXIN_DATA_KEY", encoded(2), "HUXIN_DATA_KEY_OLD", encoded(1)), home);
    assertEquals(RotationFixture.NEW.keyId(), rotating.keyId());
    assertEquals("王五", rotating.decrypt(RotationFixture.OLD.encrypt("王五")));
    NameCipherException e =
        assertThrows(
            NameCipherException.class,
            () -> NameCipher.fromEnv(Map.of("HUXIN_DATA_KEY", "bm90IDMyIGJ5dGVz"), home));
    assertTrue(e.getMessage().contains("32 bytes"), e.getMessage());
  }

  /** Base64 of the key {@link RotationFixture#key} makes from {@code fill}. */
  static String encoded(int fill) {
    byte[] key = new byte[32];
    java.util.Arrays.fill(key, (byte) (fill * 37));
    return Base64.getEncoder().encodeToString(key);
  }

  private static Map<String, String> with(Map<String, String> env, Map<String, String> more) {
    Map<String, String> out = new java.util.HashMap<>(env);
    out.putAll(more);
    return out;
  }
}
