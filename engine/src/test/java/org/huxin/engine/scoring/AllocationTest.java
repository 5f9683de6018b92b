package org.huxin.engine.scoring;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Scoring allocates its result and nothing else. Measured with the JVM's per-thread allocation
 * counter over many calls, so a stray boxing, iterator or string build on the routine path shows up
 * as hundreds of bytes per call.
 */
class AllocationTest {

  private static final int CALLS = 20_000;

  private static long bytesPerCall(int[] answers) throws AnswerRejectedException {
    assumeTrue(
        ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
        "needs the HotSpot thread allocation counter");
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(threads.isThreadAllocatedMemorySupported());
    threads.setThreadAllocatedMemoryEnabled(true);
    long sink = 0;
    for (int i = 0; i < CALLS; i++) {
      sink += Submissions.score(answers).scales().size();
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < CALLS; i++) {
      sink += Submissions.score(answers).scales().size();
    }
    long after = threads.getCurrentThreadAllocatedBytes();
    assertTrue(sink > 0);
    return (after - before) / CALLS;
  }

  @Test
  void score_routineAllocatesOnlyItsResult() throws AnswerRejectedException {
    long bytes = bytesPerCall(Submissions.all(0));
    assertTrue(bytes <= 256, bytes + " bytes per routine result");
  }

  @Test
  void score_flaggedAllocatesItsExplanations() throws AnswerRejectedException {
    long bytes = bytesPerCall(Submissions.phq9(12, 2));
    assertTrue(bytes <= 2048, bytes + " bytes per result with two fired rules");
  }
}
