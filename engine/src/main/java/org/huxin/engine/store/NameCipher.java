package org.huxin.engine.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AES-256-GCM for names and notes at rest. A ciphertext is {@code [version 1][key id][12-byte
 * random nonce][ciphertext + 16-byte tag]}; the version and key id bytes are authenticated as
 * associated data, and the key id (the first byte of SHA-256 of the key) lets a wrong key be named
 * before any decryption is tried. While keys are being rotated ({@code ./huxin keys rotate}) a
 * cipher also reads values made with the retired key ({@code HUXIN_DATA_KEY_OLD}), picked by that
 * key id; it always writes with the current key. Thread-safe.
 */
public final class NameCipher {

  static final byte VERSION = 1;
  static final int KEY_BYTES = 32;
  static final int NONCE_BYTES = 12;
  static final int HEADER_BYTES = 2;
  private static final int TAG_BITS = 128;
  private static final String DEV_KEY_FILE = "dev-data-key";

  private static final Logger LOG = LoggerFactory.getLogger(NameCipher.class);
  private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(NameCipher::newCipher);

  private final SecretKeySpec key;
  private final byte keyId;
  private final NameCipher retired;
  private final SecureRandom random = new SecureRandom();

  /** A cipher for {@code key}, which must be 32 bytes. */
  public NameCipher(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length != KEY_BYTES) {
      throw new NameCipherException(
          "the data key must be " + KEY_BYTES + " bytes, got " + key.length);
    }
    this.key = new SecretKeySpec(key.clone(), "AES");
    this.keyId = keyIdOf(key);
    this.retired = null;
  }

  private NameCipher(NameCipher current, NameCipher retired) {
    this.key = current.key;
    this.keyId = current.keyId;
    this.retired = retired;
  }

  /**
   * This cipher, also reading what {@code retired} wrote: for the time a key rotation runs. The two
   * keys must have different key ids, or a value could not say which key made it.
   */
  public NameCipher alsoReading(NameCipher retired) {
    Objects.requireNonNull(retired, "retired");
    if (retired.keyId == keyId) {
      throw new NameCipherException(
          "HUXIN_DATA_KEY and HUXIN_DATA_KEY_OLD share key id "
              + (keyId & 0xff)
              + " (the same key id: the same key, or a 1-in-256 clash of the first byte of their"
              + " SHA-256), so their ciphertexts cannot be told apart; set HUXIN_DATA_KEY to"
              + " another new key (openssl rand -base64 32)");
    }
    return new NameCipher(this, new NameCipher(retired, null));
  }

  /**
   * The key from {@code HUXIN_DATA_KEY} (base64 of 32 bytes), {@linkplain #alsoReading also
   * reading} the retired key in {@code HUXIN_DATA_KEY_OLD} if that is set. Without {@code
   * HUXIN_DATA_KEY}, a development key is generated into {@code home/dev-data-key} once, reused on
   * later starts, and a loud warning is logged every time.
   *
   * @throws NameCipherException if a key is malformed, or the two keys share a key id
   */
  public static NameCipher fromEnv(Map<String, String> env, Path home) {
    String encoded = env.get("HUXIN_DATA_KEY");
    if (encoded != null && !encoded.isBlank()) {
      NameCipher current = fromEncodedKey(encoded, "HUXIN_DATA_KEY");
      String old = env.get("HUXIN_DATA_KEY_OLD");
      return old == null || old.isBlank()
          ? current
          : current.alsoReading(fromEncodedKey(old, "HUXIN_DATA_KEY_OLD"));
    }
    Objects.requireNonNull(home, "home");
    Path file = home.resolve(DEV_KEY_FILE);
    NameCipher cipher = devKey(file);
    LOG.warn(
        "\n"
            + "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
            + "!! WARNING: HUXIN_DATA_KEY is not set.\n"
            + "!! Student names are encrypted with a DEVELOPMENT key kept in plain text at\n"
            + "!!   {}\n"
            + "!! Anyone who can read that file can read every name in the database.\n"
            + "!! In production set HUXIN_DATA_KEY to base64 of 32 random bytes\n"
            + "!! (e.g. `openssl rand -base64 32`) and keep it out of the data folder.\n"
            + "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
        file.toAbsolutePath());
    return cipher;
  }

  /**
   * The cipher of {@code encoded}, base64 of 32 bytes (surrounding blanks ignored); {@code source}
   * names where the value came from (an environment variable, a file) in the error.
   *
   * @throws NameCipherException if {@code encoded} is not base64 of 32 bytes
   */
  public static NameCipher fromEncodedKey(String encoded, String source) {
    Objects.requireNonNull(encoded, "encoded");
    Objects.requireNonNull(source, "source");
    byte[] key = decodeKey(encoded.trim(), source);
    try {
      return new NameCipher(key);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /**
   * A 32-byte key for another use of the data key, {@code HMAC-SHA256(key, "huxin/" + label)}: one
   * key per purpose (cluster drafts, event-bus tags), none of which reveals the data key or the
   * others. Always from the current key, never the retired one.
   */
  public byte[] derive(String label) {
    Objects.requireNonNull(label, "label");
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
      return mac.doFinal(("huxin/" + label).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /**
   * As {@link #derive}, from the retired key while a rotation runs; null when there is none. For
   * checks that must accept what nodes still on the retired key wrote.
   */
  public byte[] deriveRetired(String label) {
    return retired == null ? null : retired.derive(label);
  }

  /** The key id byte written into every ciphertext. */
  public byte keyId() {
    return keyId;
  }

  public byte[] encrypt(String plaintext) {
    Objects.requireNonNull(plaintext, "plaintext");
    byte[] clear = plaintext.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[HEADER_BYTES + NONCE_BYTES + clear.length + TAG_BITS / 8];
    out[0] = VERSION;
    out[1] = keyId;
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    System.arraycopy(nonce, 0, out, HEADER_BYTES, NONCE_BYTES);
    Cipher cipher = CIPHERS.get();
    try {
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(out, 0, HEADER_BYTES);
      cipher.doFinal(clear, 0, clear.length, out, HEADER_BYTES + NONCE_BYTES);
      return out;
    } catch (GeneralSecurityException e) {
      throw new NameCipherException("AES-GCM encryption failed: " + e.getMessage(), e);
    }
  }

  /** Decrypts a value made by {@link #encrypt}; a wrong key or any altered byte throws. */
  public String decrypt(byte[] ciphertext) {
    Objects.requireNonNull(ciphertext, "ciphertext");
    if (ciphertext.length < HEADER_BYTES + NONCE_BYTES + TAG_BITS / 8) {
      throw new NameCipherException(
          "ciphertext of " + ciphertext.length + " bytes is too short to be a name");
    }
    if (ciphertext[0] != VERSION) {
      throw new NameCipherException(
          "ciphertext has format version " + ciphertext[0] + "; this build reads " + VERSION);
    }
    if (ciphertext[1] != keyId && retired != null && ciphertext[1] == retired.keyId) {
      return retired.decrypt(ciphertext);
    }
    if (ciphertext[1] != keyId) {
      throw new NameCipherException(
          "ciphertext was made with key id "
              + (ciphertext[1] & 0xff)
              + " but HUXIN_DATA_KEY has key id "
              + (keyId & 0xff)
              + "; start with the key the data was written with (during a key rotation, as"
              + " HUXIN_DATA_KEY_OLD)");
    }
    Cipher cipher = CIPHERS.get();
    try {
      cipher.init(
          Cipher.DECRYPT_MODE,
          key,
          new GCMParameterSpec(TAG_BITS, ciphertext, HEADER_BYTES, NONCE_BYTES));
      cipher.updateAAD(ciphertext, 0, HEADER_BYTES);
      byte[] clear =
          cipher.doFinal(
              ciphertext,
              HEADER_BYTES + NONCE_BYTES,
              ciphertext.length - HEADER_BYTES - NONCE_BYTES);
      return new String(clear, StandardCharsets.UTF_8);
    } catch (AEADBadTagException e) {
      throw new NameCipherException(
          "ciphertext failed authentication: it was altered or made with another key", e);
    } catch (GeneralSecurityException e) {
      throw new NameCipherException("AES-GCM decryption failed: " + e.getMessage(), e);
    }
  }

  /** A fresh random key, base64-encoded as {@code HUXIN_DATA_KEY} expects. */
  public static String newEncodedKey() {
    byte[] key = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  private static NameCipher devKey(Path file) {
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), DEV_KEY_FILE, ".tmp");
        try {
          restrictToOwner(temp);
          Files.writeString(temp, newEncodedKey() + "\n", StandardCharsets.US_ASCII);
          moveIntoPlace(temp, file);
        } finally {
          Files.deleteIfExists(temp);
        }
      }
      return fromEncodedKey(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
    } catch (IOException e) {
      throw new NameCipherException(
          "cannot create or read the development data key " + file + ": " + e.getMessage(), e);
    }
  }

  /** Publishes the key file whole, and never replaces a key another process wrote first. */
  private static void moveIntoPlace(Path temp, Path file) throws IOException {
    try {
      Files.createLink(file, temp);
    } catch (FileAlreadyExistsException anotherProcessWon) {
      return;
    } catch (UnsupportedOperationException | IOException noHardLinks) {
      try {
        Files.move(temp, file);
      } catch (FileAlreadyExistsException anotherProcessWon) {
        return;
      }
    }
  }

  private static void restrictToOwner(Path path) throws IOException {
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the folder's own permissions must protect the key.
    }
  }

  private static byte[] decodeKey(String encoded, String source) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new NameCipherException(source + ": not valid base64", e);
    }
    if (key.length != KEY_BYTES) {
      Arrays.fill(key, (byte) 0);
      throw new NameCipherException(
          source + ": must decode to " + KEY_BYTES + " bytes, got " + key.length);
    }
    return key;
  }

  private static byte keyIdOf(byte[] key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key)[0];
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java platform has AES/GCM/NoPadding", e);
    }
  }
}
