package org.huxin.engine.windows;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Grade bands, window scope and status transitions: the rules that need no database. */
class WindowRulesTest {

  private static final Instant OPENS = Instant.parse("2025-09-01T00:00:00Z");
  private static final Instant CLOSES = Instant.parse("2025-10-31T00:00:00Z");

  @Test
  void parse_rangeAndSingleGrade() {
    assertEquals(new GradeBand(4, 6), GradeBand.parse("4-6"));
    assertEquals(new GradeBand(3, 3), GradeBand.parse(" 3 "));
    assertEquals("10-12", GradeBand.parse("10 - 12").toString());
  }

  @Test
  void parse_malformed() {
    assertThrows(IllegalArgumentException.class, () -> GradeBand.parse("four-six"));
    assertThrows(IllegalArgumentException.class, () -> GradeBand.parse("6-4"));
    assertThrows(IllegalArgumentException.class, () -> GradeBand.parse("1-2-3"));
    assertThrows(IllegalArgumentException.class, () -> GradeBand.parse("0-3"));
  }

  @Test
  void newWindow_overlappingBands() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> NewWindow.cityWide("秋季筛查", 4, 9, Map.of("4-6", "a", "6-9", "b"), OPENS, CLOSES));

    assertTrue(e.getMessage().contains("overlap"), e.getMessage());
  }

  @Test
  void newWindow_closesBeforeOpening() {
    assertThrows(
        IllegalArgumentException.class,
        () -> NewWindow.cityWide("秋季筛查", 4, 9, Map.of("4-6", "a"), CLOSES, OPENS));
  }

  @Test
  void newWindow_bandsOrderedByGrade() {
    NewWindow window =
        NewWindow.cityWide(
            "秋季筛查", 1, 12, Map.of("10-12", "c", "4-6", "a", "7-9", "b"), OPENS, CLOSES);

    assertEquals(List.of("4-6", "7-9", "10-12"), List.copyOf(window.batteryByBand().keySet()));
  }

  @Test
  void batteryFor_gradeRangeAndBands() {
    Window window = window(List.of(), List.of(), 5, 9, WindowStatus.OPEN);

    assertEquals(Optional.empty(), window.batteryFor(4));
    assertEquals(Optional.of("g4-6"), window.batteryFor(5));
    assertEquals(Optional.of("g7-9"), window.batteryFor(9));
    assertEquals(Optional.empty(), window.batteryFor(10));
    assertArrayEquals(new int[] {5, 6, 7, 8, 9}, window.gradesInScope());
  }

  @Test
  void inScope_districtOrSchool() {
    Window window = window(List.of(1L), List.of(20L), 4, 9, WindowStatus.OPEN);

    assertTrue(window.inScope(1, 10, 5));
    assertTrue(window.inScope(2, 20, 5));
    assertFalse(window.inScope(2, 21, 5));
    assertFalse(window.inScope(1, 10, 2));
  }

  @Test
  void acceptsSubmitsAt_openAndInTime() {
    Window open = window(List.of(), List.of(), 4, 9, WindowStatus.OPEN);
    Window paused = window(List.of(), List.of(), 4, 9, WindowStatus.PAUSED);

    assertTrue(open.acceptsSubmitsAt(OPENS));
    assertFalse(open.acceptsSubmitsAt(CLOSES));
    assertFalse(open.acceptsSubmitsAt(OPENS.minusSeconds(1)));
    assertFalse(paused.acceptsSubmitsAt(OPENS.plusSeconds(60)));
  }

  @Test
  void toString_leavesSecretOut() {
    Window window = window(List.of(), List.of(), 4, 9, WindowStatus.OPEN);

    assertFalse(window.toString().contains("codeSecret"));
  }

  @Test
  void canMoveTo_lifecycle() {
    assertTrue(WindowStatus.DRAFT.canMoveTo(WindowStatus.OPEN));
    assertTrue(WindowStatus.OPEN.canMoveTo(WindowStatus.PAUSED));
    assertTrue(WindowStatus.PAUSED.canMoveTo(WindowStatus.OPEN));
    assertTrue(WindowStatus.CLOSED.canMoveTo(WindowStatus.ARCHIVED));
    assertFalse(WindowStatus.DRAFT.canMoveTo(WindowStatus.CLOSED));
    assertFalse(WindowStatus.ARCHIVED.canMoveTo(WindowStatus.OPEN));
  }

  private static Window window(
      List<Long> districts, List<Long> schools, int min, int max, WindowStatus status) {
    return new Window(
        1,
        "秋季筛查",
        status,
        districts,
        schools,
        min,
        max,
        Map.of("4-6", "g4-6", "7-9", "g7-9"),
        OPENS,
        CLOSES,
        new byte[32],
        null,
        OPENS,
        16,
        NewWindow.DEFAULT_RULE_SET);
  }
}
