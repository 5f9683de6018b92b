package org.huxin.gateway.drafts;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.huxin.engine.store.NameCipher;

/**
 * How a draft looks in the cluster's map, where any member (and anyone who joins with the cluster
 * name) can read it. The map key is HMAC-SHA256 of {@code window:student:form}, so it names no
 * student; the value is {@code [seq 8][nonce 12][AES-256-GCM of the payload + 16-byte tag]}, the
 * sequence number left in clear for the owner's "last sequence wins" and bound, with the hashed
 * key, as associated data, so a draft cannot be moved to another student or sequence number. Both
 * keys are derived from the current data key: after a key rotation the drafts written under the
 * retired key are no longer found, and each browser re-sends its copy on its next save.
 * Thread-safe.
 */
public final class DraftSeal {
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final ThreadLocal<Cipher> CIPHERS =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("AES/GCM is part of every JDK", e);
            }
          });

  private final SecretKeySpec keyKey;
  private final SecretKeySpec valueKey;
  private final SecureRandom random = new SecureRandom();

  /** Keys derived from the data key of {@code keys}. */
  public DraftSeal(NameCipher keys) {
    this.keyKey = new SecretKeySpec(keys.derive("cluster/draft-keys"), "HmacSHA256");
    this.valueKey = new SecretKeySpec(keys.derive("cluster/drafts"), "AES");
  }

  /** The map key of the draft under {@code key}: names no window, student or form. */
  String mapKey(String key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(keyKey);
      byte[] digest = mac.doFinal(key.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** The stored form of {@code payload} at {@code seq} under {@code mapKey}. */
  byte[] seal(String mapKey, long seq, byte[] payload) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    Cipher cipher = CIPHERS.get();
    try {
      cipher.init(Cipher.ENCRYPT_MODE, valueKey, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(aad(mapKey, seq));
      byte[] sealed = cipher.doFinal(payload);
      return ByteBuffer.allocate(8 + NONCE_BYTES + sealed.length)
          .putLong(seq)
          .put(nonce)
          .put(sealed)
          .array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM refused a fresh nonce", e);
    }
  }

  /**
   * The draft in {@code stored} under {@code mapKey}; empty when it does not open (another data
   * key, or changed in the map): the browser still holds its copy and sends it on its next save.
   */
  Optional<DraftStore.Draft> open(String mapKey, byte[] stored) {
    if (stored.length < 8 + NONCE_BYTES + TAG_BITS / 8) {
      return Optional.empty();
    }
    ByteBuffer in = ByteBuffer.wrap(stored);
    long seq = in.getLong();
    Cipher cipher = CIPHERS.get();
    try {
      cipher.init(
          Cipher.DECRYPT_MODE, valueKey, new GCMParameterSpec(TAG_BITS, stored, 8, NONCE_BYTES));
      cipher.updateAAD(aad(mapKey, seq));
      byte[] payload = cipher.doFinal(stored, 8 + NONCE_BYTES, stored.length - 8 - NONCE_BYTES);
      return Optional.of(new DraftStore.Draft(seq, payload));
    } catch (GeneralSecurityException e) {
      return Optional.empty();
    }
  }

  private static byte[] aad(String mapKey, long seq) {
    byte[] key = mapKey.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(key.length + 8).put(key).putLong(seq).array();
  }
}
