package org.huxin.engine.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NameCipherTest {

  private static final NameCipher CIPHER = new NameCipher(key(1));

  @Test
  void encrypt_roundTrip() {
    assertEquals("王小明", CIPHER.decrypt(CIPHER.encrypt("王小明")));
    assertEquals("", CIPHER.decrypt(CIPHER.encrypt("")));
  }

  @Test
  void derive_onePurposeOneKey() {
    NameCipher cipher = new NameCipher(key(1));
    byte[] drafts = cipher.derive("cluster/drafts");
    assertEquals(32, drafts.length);
    assertTrue(Arrays.equals(drafts, new NameCipher(key(1)).derive("cluster/drafts")));
    assertFalse(Arrays.equals(drafts, cipher.derive("cluster/bus")));
    assertFalse(Arrays.equals(drafts, new NameCipher(key(2)).derive("cluster/drafts")));
    assertFalse(Arrays.equals(drafts, key(1)));
  }

  @Test
  void encrypt_layout() {
    byte[] ciphertext = CIPHER.encrypt("李华");

    assertEquals(NameCipher.VERSION, ciphertext[0]);
    assertEquals(CIPHER.keyId(), ciphertext[1]);
    int utf8 = "李华".getBytes(StandardCharsets.UTF_8).length;
    assertEquals(2 + 12 + utf8 + 16, ciphertext.length);
  }

  @Test
  void encrypt_nonceDiffersEachTime() {
    byte[] first = CIPHER.encrypt("张伟");
    byte[] second = CIPHER.encrypt("张伟");

    assertFalse(Arrays.equals(Arrays.copyOfRange(first, 2, 14), Arrays.copyOfRange(second, 2, 14)));
    assertFalse(Arrays.equals(first, second));
  }

  @Test
  void decrypt_tamperedBodyFails() {
    byte[] ciphertext = CIPHER.encrypt("刘洋");
    ciphertext[ciphertext.length - 1] ^= 1;

    NameCipherException e =
        assertThrows(NameCipherException.class, () -> CIPHER.decrypt(ciphertext));
    assertTrue(e.getMessage().contains("authentication"), e.getMessage());
  }

  @Test
  void decrypt_tamperedNonceFails() {
    byte[] ciphertext = CIPHER.encrypt("刘洋");
    ciphertext[5] ^= 1;

    assertThrows(NameCipherException.class, () -> CIPHER.decrypt(ciphertext));
  }

  @Test
  void decrypt_wrongKeyFails() {
    byte[] ciphertext = CIPHER.encrypt("陈静");
    NameCipher other = new NameCipher(key(2));

    NameCipherException e =
        assertThrows(NameCipherException.class, () -> other.decrypt(ciphertext));
    assertNotEquals(CIPHER.keyId(), other.keyId());
    assertTrue(e.getMessage().contains("key id"), e.getMessage());
  }

  @Test
  void decrypt_wrongKeyWithSameKeyIdFails() {
    byte[] ciphertext = CIPHER.encrypt("陈静");
    NameCipher other = otherKeyWithSameId();

    assertThrows(NameCipherException.class, () -> other.decrypt(ciphertext));
  }

  @Test
  void decrypt_tooShort() {
    assertThrows(NameCipherException.class, () -> CIPHER.decrypt(new byte[10]));
  }

  @Test
  void constructor_wrongKeyLength() {
    assertThrows(NameCipherException.class, () -> new NameCipher(new byte[16]));
  }

  @Test
  void fromEnv_usesDataKey(@TempDir Path home) {
    String encoded = Base64.getEncoder().encodeToString(key(1));

    NameCipher cipher = NameCipher.fromEnv(Map.of("HUXIN_DATA_KEY", encoded), home);

    assertEquals("赵敏", CIPHER.decrypt(cipher.encrypt("赵敏")));
    assertFalse(Files.exists(home.resolve("dev-data-key")));
  }

  @Test
  void fromEnv_duringRotation_readsBothKeys_writesTheNew(@TempDir Path home) {
    NameCipher retired = CIPHER;
    byte[] newKey = keyWithOtherIdThan(retired);
    byte[] writtenBefore = retired.encrypt("周芷若");

    NameCipher rotating =
        NameCipher.fromEnv(
            Map.of(
                "HUXIN_DATA_KEY", Base64.getEncoder().encodeToString(newKey),
                "HUXIN_DATA_KEY_OLD", Base64.getEncoder().encodeToString(key(1))),
            home);

    assertEquals("周芷若", rotating.decrypt(writtenBefore));
    byte[] writtenNow = rotating.encrypt("张无忌");
    assertEquals(new NameCipher(newKey).keyId(), writtenNow[1], "writes with the new key");
    assertEquals("张无忌", new NameCipher(newKey).decrypt(writtenNow));
    assertThrows(NameCipherException.class, () -> retired.decrypt(writtenNow));
    NameCipher third = new NameCipher(keyWithOtherIdThan(retired, new NameCipher(newKey)));
    NameCipherException e =
        assertThrows(NameCipherException.class, () -> rotating.decrypt(third.encrypt("x")));
    assertTrue(e.getMessage().contains("HUXIN_DATA_KEY_OLD"), e.getMessage());
  }

  @Test
  void alsoReading_sameKeyId_refused() {
    NameCipherException e =
        assertThrows(NameCipherException.class, () -> CIPHER.alsoReading(new NameCipher(key(1))));
    assertTrue(e.getMessage().contains("same key id"), e.getMessage());
  }

  private static byte[] keyWithOtherIdThan(NameCipher... others) {
    for (int n = 2; ; n++) {
      byte[] candidate = key(n);
      byte id = new NameCipher(candidate).keyId();
      if (Arrays.stream(others).noneMatch(o -> o.keyId() == id)) {
        return candidate;
      }
    }
  }

  @Test
  void fromEnv_badDataKey(@TempDir Path home) {
    String shortKey = Base64.getEncoder().encodeToString(new byte[8]);

    NameCipherException e =
        assertThrows(
            NameCipherException.class,
            () -> NameCipher.fromEnv(Map.of("HUXIN_DATA_KEY", shortKey), home));
    assertTrue(e.getMessage().contains("32 bytes"), e.getMessage());
  }

  @Test
  void fromEncodedKey_validKey_sameCipherAsTheBytes() {
    String encoded = Base64.getEncoder().encodeToString(key(1));

    NameCipher cipher = NameCipher.fromEncodedKey(" " + encoded + "\n", "HUXIN_DATA_KEY");

    assertEquals(CIPHER.keyId(), cipher.keyId());
    assertEquals("杨过", CIPHER.decrypt(cipher.encrypt("杨过")));
  }

  @Test
  void fromEncodedKey_malformed_namesTheSource() {
    String shortKey = Base64.getEncoder().encodeToString(new byte[12]);

    NameCipherException tooShort =
        assertThrows(
            NameCipherException.class, () -> NameCipher.fromEncodedKey(shortKey, "MY_KEY"));
    NameCipherException notBase64 =
        assertThrows(
            NameCipherException.class, () -> NameCipher.fromEncodedKey("not*base64", "MY_KEY"));

    assertEquals("MY_KEY: must decode to 32 bytes, got 12", tooShort.getMessage());
    assertTrue(notBase64.getMessage().startsWith("MY_KEY: "), notBase64.getMessage());
    assertTrue(notBase64.getMessage().contains("base64"), notBase64.getMessage());
  }

  @Test
  void fromEnv_devKeyCreatedThenReused(@TempDir Path home) throws Exception {
    NameCipher first = NameCipher.fromEnv(Map.of(), home);
    byte[] ciphertext = first.encrypt("周杰");
    String keyFile = Files.readString(home.resolve("dev-data-key"));

    NameCipher second = NameCipher.fromEnv(Map.of(), home);

    assertEquals("周杰", second.decrypt(ciphertext));
    assertEquals(keyFile, Files.readString(home.resolve("dev-data-key")));
    assertEquals(32, Base64.getDecoder().decode(keyFile.trim()).length);
  }

  @Test
  void newEncodedKey_freshAndUsable() {
    String encoded = NameCipher.newEncodedKey();
    NameCipher cipher = new NameCipher(Base64.getDecoder().decode(encoded));

    assertNotEquals(encoded, NameCipher.newEncodedKey());
    assertEquals("孙丽", cipher.decrypt(cipher.encrypt("孙丽")));
  }

  private static byte[] key(int seed) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) seed);
    return key;
  }

  private static NameCipher otherKeyWithSameId() {
    for (int seed = 3; seed < 10_000; seed++) {
      byte[] key = new byte[32];
      key[0] = (byte) seed;
      key[1] = (byte) (seed >> 8);
      NameCipher candidate = new NameCipher(key);
      if (candidate.keyId() == CIPHER.keyId()) {
        return candidate;
      }
    }
    throw new AssertionError("no key with the same id among 10,000 candidates");
  }
}
