package org.huxin.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  @Test
  void verify_rightPassword() {
    String hash = PasswordHasher.hash("correct horse battery");
    assertTrue(hash.startsWith("$argon2id$"), hash);
    assertTrue(PasswordHasher.verify("correct horse battery", hash));
  }

  @Test
  void verify_wrongPassword() {
    String hash = PasswordHasher.hash("correct horse battery");
    assertFalse(PasswordHasher.verify("correct horse batterz", hash));
  }

  @Test
  void hash_saltsEveryHash() {
    assertNotEquals(PasswordHasher.hash("same password"), PasswordHasher.hash("same password"));
  }

  @Test
  void verify_malformedHash() {
    assertFalse(PasswordHasher.verify("anything", "plain-text"));
    assertFalse(PasswordHasher.verify("anything", "$argon2id$garbage"));
    assertFalse(PasswordHasher.verify("anything", null));
  }

  @Test
  void hash_shortPassword() {
    assertThrows(IllegalArgumentException.class, () -> PasswordHasher.hash("short"));
  }
}
