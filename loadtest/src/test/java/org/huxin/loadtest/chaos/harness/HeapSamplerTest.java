package org.huxin.loadtest.chaos.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HeapSamplerTest {

  @Test
  void heapUsedMb_sumsTheHeapPoolsInWholeMb() {
    String metrics =
        """
        # HELP jvm_memory_used_bytes The amount of used memory
        jvm_memory_used_bytes{area="heap",id="Eden Space"} 1.048576E7
        jvm_memory_used_bytes{area="heap",id="Tenured Gen"} 5.0E7
        jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 9.9E7
        jvm_memory_committed_bytes{area="heap",id="Tenured Gen"} 3.0E8
        """;

    assertEquals((long) ((1.048576e7 + 5.0e7) / 1048576), HeapSampler.heapUsedMb(metrics));
  }

  @Test
  void heapUsedMb_noHeapLines_isZero() {
    assertEquals(0, HeapSampler.heapUsedMb("up 1.0\n"));
  }
}
