package org.huxin.engine.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.huxin.scales.ScaleLibrary;
import org.junit.jupiter.api.Test;

class ScoringEngineTest {

  private static final ScoringEngine ENGINE = Submissions.ENGINE;

  @Test
  void compile_everyShippedBattery() {
    assertEquals(List.of("g4-6", "g7-9", "g10-12"), List.copyOf(ENGINE.batteryIds()));
    assertEquals("default", ENGINE.ruleSetId());
    assertEquals("1.0.0", ENGINE.ruleSetVersion());
  }

  @Test
  void battery_layout() {
    CompiledBattery battery = ENGINE.battery("g4-6");
    assertEquals("g4-6", battery.id());
    assertEquals("1.0.0", battery.version());
    assertEquals("self", battery.form());
    assertTrue(battery.definition().primaryWording());
    assertEquals(16, battery.itemCount());
    assertEquals(6, battery.ruleCount());
    assertEquals(
        List.of(
            new ScaleLayout("phq9", "PHQ-9", 0, 9, 0, 3),
            new ScaleLayout("gad7", "GAD-7", 9, 7, 0, 3)),
        battery.layout());
  }

  @Test
  void battery_unknownId() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ENGINE.battery("g1-3"));
    assertEquals("no battery 'g1-3'; compiled: g4-6, g7-9, g10-12", e.getMessage());
  }

  @Test
  void hasBattery_knownAndUnknown() {
    assertTrue(ENGINE.hasBattery("g10-12"));
    assertFalse(ENGINE.hasBattery("g1-3"));
  }

  @Test
  void compile_unknownRuleSet() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ScoringEngine.compile(ScaleLibrary.loadDefault(), "strict"));
    assertEquals("no tier rule set strict", e.getMessage());
  }

  @Test
  void layout_notASlice() {
    assertThrows(IllegalArgumentException.class, () -> new ScaleLayout("x", "X", 0, 0, 0, 3));
  }
}
