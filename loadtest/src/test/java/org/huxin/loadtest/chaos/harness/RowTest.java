package org.huxin.loadtest.chaos.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RowTest {

  @Test
  void detailLimitAndFlag_becomeTheChecksFlagsInOrder() {
    Row row =
        Row.of("slow-database", true, false)
            .detail("delay_ms", 200)
            .limit("blocked_warnings", 0)
            .flag("killed-node", "node-1");

    assertEquals(
        List.of(
            "--detail", "delay_ms=200",
            "--limit", "blocked_warnings=0",
            "--killed-node", "node-1"),
        row.flags());
    assertEquals(true, row.steadyBefore());
    assertEquals(false, row.steadyAfter());
  }

  @Test
  void flag_leavesTheRowItCameFromAlone() {
    Row bare = Row.of("overload", true, true);

    bare.detail("nodes_dead", 0);

    assertEquals(List.of(), bare.flags());
  }
}
