package org.huxin.gateway.drafts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.huxin.engine.store.NameCipher;
import org.junit.jupiter.api.Test;

/** What the cluster's drafts map holds: no student in the key, no answer in the value. */
class DraftSealTest {
  private static final String KEY = "301:4711:phq9-gad7";
  private static final byte[] ANSWERS =
      "{\"answers\":{\"phq9\":[3,2,1,0,0,0,0,0,3]}}".getBytes(StandardCharsets.UTF_8);

  private static NameCipher key(int seed) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) seed);
    return new NameCipher(key);
  }

  @Test
  void seal_roundTrip() {
    DraftSeal seal = new DraftSeal(key(1));
    String mapKey = seal.mapKey(KEY);
    byte[] stored = seal.seal(mapKey, 5, ANSWERS);
    assertEquals(5, DraftBytes.seq(stored), "the owner still reads the sequence number");
    DraftStore.Draft back = seal.open(mapKey, stored).orElseThrow();
    assertEquals(5, back.seq());
    assertArrayEquals(ANSWERS, back.payload());
  }

  @Test
  void mapKey_namesNoWindowStudentOrForm() {
    DraftSeal seal = new DraftSeal(key(1));
    String mapKey = seal.mapKey(KEY);
    assertTrue(mapKey.matches("[A-Za-z0-9_-]{43}"), mapKey);
    assertEquals(mapKey, new DraftSeal(key(1)).mapKey(KEY), "every node finds the same entry");
    assertNotEquals(mapKey, new DraftSeal(key(2)).mapKey(KEY), "no one without the key can");
  }

  @Test
  void seal_valueHoldsNoAnswers() {
    DraftSeal seal = new DraftSeal(key(1));
    byte[] stored = seal.seal(seal.mapKey(KEY), 5, ANSWERS);
    String text = new String(stored, StandardCharsets.ISO_8859_1);
    assertFalse(text.contains("phq9"), text);
    assertFalse(text.contains("[3,2,1"), text);
    assertFalse(
        Arrays.equals(stored, seal.seal(seal.mapKey(KEY), 5, ANSWERS)), "a fresh nonce each time");
  }

  @Test
  void open_otherKeyMovedOrChanged_isEmpty() {
    DraftSeal seal = new DraftSeal(key(1));
    String mapKey = seal.mapKey(KEY);
    byte[] stored = seal.seal(mapKey, 5, ANSWERS);
    assertTrue(new DraftSeal(key(2)).open(mapKey, stored).isEmpty(), "another data key");
    assertTrue(seal.open(seal.mapKey("301:4712:phq9-gad7"), stored).isEmpty(), "moved student");
    byte[] renumbered = stored.clone();
    renumbered[7] = 9;
    assertTrue(seal.open(mapKey, renumbered).isEmpty(), "another sequence number");
    byte[] flipped = stored.clone();
    flipped[flipped.length - 1] ^= 1;
    assertTrue(seal.open(mapKey, flipped).isEmpty(), "changed in the map");
    assertTrue(seal.open(mapKey, new byte[8]).isEmpty(), "too short");
  }
}
