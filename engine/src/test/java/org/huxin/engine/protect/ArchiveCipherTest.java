package org.huxin.engine.protect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The chunked AES-GCM format of retention archives: round trip, and every change refused. */
class ArchiveCipherTest {

  private static final ArchiveCipher CIPHER = ArchiveCipher.ofKey(key(1));
  private static final int CHUNK = 1 << 20;

  @Test
  void roundTrip_severalChunksAndEmpty() throws Exception {
    for (int size : new int[] {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK + 12_345}) {
      byte[] plain = random(size);
      byte[] sealed = encrypt(CIPHER, plain);

      assertArrayEquals(plain, decrypt(CIPHER, sealed), "size " + size);
    }
  }

  @Test
  void encrypt_sameInputTwice_differentBytes() throws Exception {
    byte[] plain = random(1000);

    assertNotEquals(
        Arrays.toString(encrypt(CIPHER, plain)), Arrays.toString(encrypt(CIPHER, plain)));
  }

  @Test
  void decrypt_anyFlippedByte_refused() throws Exception {
    byte[] sealed = encrypt(CIPHER, random(CHUNK + 100));
    for (int at : new int[] {5, 19, 25, 1000, CHUNK / 2, sealed.length - 20, sealed.length - 1}) {
      byte[] changed = sealed.clone();
      changed[at] ^= 0x40;

      assertThrows(RuntimeException.class, () -> decrypt(CIPHER, changed), "byte " + at);
    }
  }

  @Test
  void decrypt_cutShortOrExtended_refused() throws Exception {
    byte[] sealed = encrypt(CIPHER, random(2 * CHUNK + 10));
    int firstChunkEnd = 19 + 4 + CHUNK + 16;

    ProtectionException cut =
        assertThrows(
            ProtectionException.class, () -> decrypt(CIPHER, Arrays.copyOf(sealed, firstChunkEnd)));
    assertTrue(cut.getMessage().contains("cut short"), cut.getMessage());
    assertThrows(
        ProtectionException.class, () -> decrypt(CIPHER, Arrays.copyOf(sealed, sealed.length + 1)));
  }

  @Test
  void decrypt_chunksSwapped_refused() throws Exception {
    byte[] sealed = encrypt(CIPHER, random(3 * CHUNK));
    int header = 19;
    int chunk = 4 + CHUNK + 16;
    byte[] swapped = sealed.clone();
    System.arraycopy(sealed, header, swapped, header + chunk, chunk);
    System.arraycopy(sealed, header + chunk, swapped, header, chunk);

    assertThrows(ProtectionException.class, () -> decrypt(CIPHER, swapped));
  }

  @Test
  void decrypt_otherKey_refusedNamingTheKeyId() throws Exception {
    byte[] sealed = encrypt(CIPHER, random(10));

    ProtectionException e =
        assertThrows(ProtectionException.class, () -> decrypt(ArchiveCipher.ofKey(key(2)), sealed));
    assertTrue(e.getMessage().contains(CIPHER.keyId()), e.getMessage());
  }

  @Test
  void fromEnv_derivedFromTheDataKey_andOldDataKeyStillReads() throws Exception {
    String oldKey = Base64.getEncoder().encodeToString(key(3));
    String newKey = Base64.getEncoder().encodeToString(key(4));
    ArchiveCipher before = ArchiveCipher.fromEnv(Map.of("HUXIN_DATA_KEY", oldKey), Path.of("."));
    byte[] sealed = encrypt(before, random(100));
    ArchiveCipher after =
        ArchiveCipher.fromEnv(
            Map.of("HUXIN_DATA_KEY", newKey, "HUXIN_DATA_KEY_OLD", oldKey), Path.of("."));

    assertEquals(100, decrypt(after, sealed).length);
    assertEquals(ArchiveCipher.derivedFrom(key(3)).keyId(), before.keyId());
    assertNotEquals(ArchiveCipher.ofKey(key(3)).keyId(), before.keyId(), "not the data key");
  }

  private static byte[] encrypt(ArchiveCipher cipher, byte[] plain) throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (OutputStream out = cipher.encrypting(sink)) {
      out.write(plain, 0, plain.length / 2);
      out.write(plain, plain.length / 2, plain.length - plain.length / 2);
    }
    return sink.toByteArray();
  }

  private static byte[] decrypt(ArchiveCipher cipher, byte[] sealed) throws IOException {
    try (InputStream in = cipher.decrypting(new ByteArrayInputStream(sealed))) {
      return in.readAllBytes();
    }
  }

  private static byte[] random(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }

  private static byte[] key(int seed) {
    byte[] k = new byte[32];
    new Random(seed).nextBytes(k);
    return k;
  }
}
