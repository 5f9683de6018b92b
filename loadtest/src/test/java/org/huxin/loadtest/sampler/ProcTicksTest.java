package org.huxin.loadtest.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcTicksTest {

  /** A real {@code /proc/<pid>/stat} line of a JVM: utime 1234 and stime 56 (fields 14, 15). */
  private static final String JAVA_STAT =
      "4242 (java) S 4200 4242 4200 0 -1 1077936384 81520 0 12 0 1234 56 0 0 20 0 43 0"
          + " 101010 3172171776 61054 18446744073709551615 1 1 0 0 0 0 0 4096 16796879 0 0 0 17"
          + " 1 0 0 0 0 0 0 0 0 0 0 0 0 0";

  @Test
  void processTicks_sumsUserAndSystemTime() {
    assertEquals(1234 + 56, ProcTicks.processTicks(JAVA_STAT));
  }

  @Test
  void processTicks_commandNameWithSpacesAndParentheses_countsFieldsAfterTheLastParenthesis() {
    String odd = JAVA_STAT.replace("(java)", "(a) b (c))");

    assertEquals(1234 + 56, ProcTicks.processTicks(odd));
  }

  @Test
  void processTicks_noCommandName_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> ProcTicks.processTicks("4242 S 1 2"));
  }

  @Test
  void machine_totalIsEveryStateAndIdleIsIdlePlusIowait() {
    ProcTicks.Machine m = ProcTicks.machine("cpu  100 2 30 400 5 6 7 8 0 0");

    assertEquals(100 + 2 + 30 + 400 + 5 + 6 + 7 + 8, m.total());
    assertEquals(400 + 5, m.idle());
  }

  @Test
  void ofMachine_readsThisMachine() throws Exception {
    ProcTicks.Machine m = ProcTicks.ofMachine();

    assertTrue(m.total() > 0 && m.idle() <= m.total(), m.toString());
  }

  @Test
  void ofProcess_thisJvm_hasTicks_andAGoneProcessHasNone() {
    assertNotNull(ProcTicks.ofProcess(ProcessHandle.current().pid()));
    assertEquals(null, ProcTicks.ofProcess(Long.MAX_VALUE));
  }
}
