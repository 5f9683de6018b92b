package org.huxin.engine.protect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The command line's refusals; the commands themselves run in KeyRotationBatchTest and
 * RetentionBatchTest.
 */
class ProtectionCliTest {

  /** What one run printed. */
  private record Ran(int code, String out, String err) {}

  @Test
  void run_badCommandLines_printUsageAndExit2() {
    String[][] cases = {
      {},
      {"purge"},
      {"keys"},
      {"keys", "spin"},
      {"keys", "rotate", "--batch", "0"},
      {"keys", "rotate", "--batch"},
      {"keys", "rotate", "extra"},
      {"retention"},
      {"retention", "5"},
      {"retention", "--older-than-years", "x", "--archive", "/tmp/a"},
      {"retention", "--older-than-years", "0", "--archive", "/tmp/a"},
      {"retention", "--older-than-years", "5"},
      {"retention", "--older-than-years", "5", "--archive"},
      {"retention", "--older-than-years", "5", "--archive", "/tmp/a", "--colour", "red"},
      {"retention", "--older-than-years", "5", "--older-than-years", "6", "--archive", "/tmp/a"},
    };
    for (String[] args : cases) {
      Ran ran = run(Map.of(), args);
      assertEquals(2, ran.code(), String.join(" ", args) + ": " + ran.err());
      assertTrue(ran.err().contains("usage:"), ran.err());
    }
  }

  @Test
  void keysRotate_keysMissing_namesTheVariable() {
    Ran ran = run(Map.of("HUXIN_DATA_KEY", KeyRotationBatchTest.encoded(2)), "keys", "rotate");

    assertEquals(2, ran.code());
    assertTrue(ran.err().contains("HUXIN_DATA_KEY_OLD is not set"), ran.err());
  }

  @Test
  void keysRotate_malformedKey_exit1() {
    Ran ran =
        run(
            Map.of(
                "HUXIN_DATA_KEY",
                "bm90IDMyIGJ5dGVz",
                "HUXIN_DATA_KEY_OLD",
                KeyRotationBatchTest.encoded(1)),
            "keys",
            "rotate");

    assertEquals(1, ran.code());
    assertTrue(ran.err().contains("error: HUXIN_DATA_KEY: "), ran.err());
    assertTrue(ran.err().contains("32 bytes"), ran.err());
  }

  @Test
  void keysRotate_sameKeyTwice_refusedBeforeTouchingTheStore() {
    String key = KeyRotationBatchTest.encoded(1);
    Ran ran = run(Map.of("HUXIN_DATA_KEY", key, "HUXIN_DATA_KEY_OLD", key), "keys", "rotate");

    assertEquals(1, ran.code());
    assertTrue(ran.err().contains("share key id"), ran.err());
  }

  private static Ran run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        new ProtectionCli(
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Clock.systemUTC())
            .run(args);
    return new Ran(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
