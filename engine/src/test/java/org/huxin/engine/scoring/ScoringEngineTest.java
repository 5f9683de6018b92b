package org.huxin.engine.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScoringEngineTest {

  private static final ScoringEngine ENGINE = Sheet.ENGINE;

  @Test
  void compile_everyShippedBattery() {
    assertEquals(
        List.of("g1-3-teacher", "g1-3-parent", "g4-6", "g7-9", "g10-12"),
        List.copyOf(ENGINE.batteryIds()));
    assertEquals("default", ENGINE.ruleSetId());
    assertEquals("4.0.0", ENGINE.ruleSetVersion());
    assertEquals(2, ENGINE.normSets().size());
  }

  @Test
  void battery_layoutG46() {
    CompiledBattery battery = ENGINE.battery("g4-6");
    assertEquals("g4-6", battery.id());
    assertEquals("2.0.0", battery.version());
    assertEquals("self", battery.form());
    assertTrue(battery.definition().primaryWording());
    assertEquals(26, battery.itemCount());
    assertEquals(
        List.of(
            new ScaleLayout("phq9", "PHQ-9", 0, 9, 0, 3),
            new ScaleLayout("gad7", "GAD-7", 9, 7, 0, 3),
            new ScaleLayout("who5", "WHO-5", 16, 5, 0, 5),
            new ScaleLayout("asq", "ASQ", 21, 5, 0, 1)),
        battery.layout());
    assertEquals(List.of(), battery.subscaleIds());
    assertEquals("none", battery.normVersion());
  }

  @Test
  void battery_layoutSecondary() {
    for (String id : List.of("g7-9", "g10-12")) {
      CompiledBattery battery = ENGINE.battery(id);
      assertEquals(46, battery.itemCount(), id);
      assertEquals(new ScaleLayout("k10", "K10", 26, 10, 1, 5), battery.layout().get(4));
      assertEquals(new ScaleLayout("rses", "RSES", 36, 10, 0, 3), battery.layout().get(5));
      assertEquals("k10-cn-2023@2.0.0", battery.normVersion(), id);
    }
  }

  @Test
  void battery_layoutGrades1To3() {
    for (String form : List.of("teacher", "parent")) {
      CompiledBattery battery = ENGINE.battery("g1-3-" + form);
      assertEquals(form, battery.form());
      assertEquals(19, battery.itemCount());
      assertEquals(
          List.of("psc17-" + form + "_int", "psc17-" + form + "_att", "psc17-" + form + "_ext"),
          battery.subscaleIds());
      assertEquals(
          new ScaleLayout("selfharm-proxy", "SH-proxy", 17, 2, 0, 1), battery.layout().get(1));
    }
    assertEquals("psc17-us-2012@1.0.0", ENGINE.battery("g1-3-parent").normVersion());
    assertEquals("none", ENGINE.battery("g1-3-teacher").normVersion());
  }

  @Test
  void battery_rulesThatApply() {
    assertEquals(11, ENGINE.battery("g4-6").ruleCount());
    assertEquals(13, ENGINE.battery("g7-9").ruleCount());
    assertEquals(4, ENGINE.battery("g1-3-parent").ruleCount()); // PSC-17, T 70, proxy talk, act
  }

  @Test
  void battery_unknownId() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ENGINE.battery("g1-3"));
    assertEquals(
        "no battery 'g1-3'; compiled: g1-3-teacher, g1-3-parent, g4-6, g7-9, g10-12",
        e.getMessage());
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
            IllegalArgumentException.class, () -> ScoringEngine.compile(Sheet.LIBRARY, "strict"));
    assertEquals("no tier rule set strict", e.getMessage());
  }

  @Test
  void layout_notASlice() {
    assertThrows(IllegalArgumentException.class, () -> new ScaleLayout("x", "X", 0, 0, 0, 3));
  }
}
