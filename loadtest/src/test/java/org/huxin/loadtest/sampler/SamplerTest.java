package org.huxin.loadtest.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SamplerTest {
  private static final String PATTERN = "-Dfeeder=/run/students.csv";

  @Test
  void isGenerator_gatlingsForkedJvm_isTheGenerator() {
    assertTrue(
        Sampler.isGenerator(
            "java -Xmx1G -Dfeeder=/run/students.csv io.gatling.app.Gatling -s x ", PATTERN));
  }

  @Test
  void isGenerator_theSamplerItselfAndMavensLauncher_areNot() {
    assertFalse(
        Sampler.isGenerator(
            "java -cp c org.huxin.loadtest.sampler.Sampler out --generator-pattern "
                + PATTERN
                + " ",
            PATTERN));
    assertFalse(
        Sampler.isGenerator(
            "java org.codehaus.plexus.classworlds.launcher.Launcher " + PATTERN, PATTERN));
    assertFalse(Sampler.isGenerator("java io.gatling.app.Gatling", PATTERN));
  }

  @Test
  void commandLine_nulSeparatedArguments_readAsSpaces() {
    byte[] raw = "java\0-Dfeeder=/a b\0Main\0".getBytes(StandardCharsets.UTF_8);

    assertEquals("java -Dfeeder=/a b Main ", Sampler.commandLine(raw));
  }
}
