package org.huxin.gateway.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Staff password hashing with Argon2id (OWASP's first choice: 19 MiB, 2 passes, 1 lane). Each call
 * costs tens of milliseconds of CPU on purpose, so callers run it off the event loop.
 */
public final class PasswordHasher {
  private static final Argon2Function ARGON2 =
      Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID);

  private PasswordHasher() {}

  /** A PHC-format string ({@code $argon2id$v=19$m=19456,t=2,p=1$…}) with a random salt. */
  public static String hash(String password) {
    if (password == null || password.length() < 8) {
      throw new IllegalArgumentException("a staff password needs at least 8 characters");
    }
    return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
  }

  /** Whether {@code password} matches {@code storedHash}; a malformed hash never matches. */
  public static boolean verify(String password, String storedHash) {
    if (password == null || storedHash == null || !storedHash.startsWith("$argon2")) {
      return false;
    }
    try {
      return Password.check(password, storedHash)
          .with(Argon2Function.getInstanceFromHash(storedHash));
    } catch (RuntimeException malformed) {
      return false;
    }
  }
}
