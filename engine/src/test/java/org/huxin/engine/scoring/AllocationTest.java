package org.huxin.engine.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Scoring allocates its result and nothing else. Measured with the JVM's per-thread allocation
 * counter over many calls, so a stray boxing, iterator or string build on the routine path shows up
 * as hundreds of bytes per call. The bound is the result itself: its record and, per scale and
 * subscale, a reference in an array and in its immutable list. The score records, flags and fired
 * rules are made when the battery is compiled and shared, so they cost nothing per call.
 */
class AllocationTest {

  private static final int CALLS = 20_000;

  private static long bytesPerCall(CompiledBattery battery, int[] answers, int[] millis)
      throws AnswerRejectedException {
    assumeTrue(
        ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
        "needs the HotSpot thread allocation counter");
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(threads.isThreadAllocatedMemorySupported());
    threads.setThreadAllocatedMemoryEnabled(true);
    Respondent who =
        battery.definition().band().first() == 1 ? Sheet.GIRL_GRADE_2 : Sheet.BOY_GRADE_8;
    long sink = 0;
    for (int i = 0; i < CALLS; i++) {
      sink += battery.score(answers, millis, who).scales().size();
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < CALLS; i++) {
      sink += battery.score(answers, millis, who).scales().size();
    }
    long after = threads.getCurrentThreadAllocatedBytes();
    assertTrue(sink > 0);
    return (after - before) / CALLS;
  }

  /** The result's own size: its record, two arrays and two lists, 16 bytes per score at most. */
  private static long resultBound(CompiledBattery battery) {
    return 128 + 16L * (battery.layout().size() + battery.subscaleIds().size());
  }

  @Test
  void score_routineAllocatesOnlyItsResult() throws AnswerRejectedException {
    Sheet sheet = Sheet.of("g10-12");
    int[] millis = new int[sheet.battery().itemCount()];
    java.util.Arrays.fill(millis, 4000);
    long bytes = bytesPerCall(sheet.battery(), sheet.answers(), millis);
    assertTrue(bytes <= resultBound(sheet.battery()), bytes + " bytes per routine g10-12 result");
  }

  @Test
  void score_subscalesAllocateOnlyTheirScores() throws AnswerRejectedException {
    Sheet sheet = Sheet.of("g1-3-parent");
    long bytes = bytesPerCall(sheet.battery(), sheet.answers(), null);
    assertTrue(bytes <= resultBound(sheet.battery()), bytes + " bytes per routine PSC result");
  }

  @Test
  void score_firedRulesAreShared() throws AnswerRejectedException {
    Sheet sheet = Sheet.of("g4-6").total("phq9", 12).item("phq9", 9, 2);
    assertEquals(2, sheet.score().firedRules().size());
    long bytes = bytesPerCall(sheet.battery(), sheet.answers(), null);
    assertTrue(
        bytes <= resultBound(sheet.battery()) + 64,
        bytes + " bytes per result with two fired rules");
  }

  @Test
  void score_validityFlagsAreShared() throws AnswerRejectedException {
    Sheet sheet = Sheet.of("g10-12").all("rses", 0).item("k10", 3, Answers.MISSING);
    assertEquals(
        2, sheet.battery().score(sheet.answers(), Sheet.BOY_GRADE_8).validityFlags().size());
    long bytes = bytesPerCall(sheet.battery(), sheet.answers(), null);
    assertTrue(
        bytes <= resultBound(sheet.battery()) + 128, bytes + " bytes per result with two flags");
  }
}
