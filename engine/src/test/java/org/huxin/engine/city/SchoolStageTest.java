package org.huxin.engine.city;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SchoolStageTest {

  @Test
  void fromCode_roundTrips() {
    for (SchoolStage stage : SchoolStage.values()) {
      assertEquals(stage, SchoolStage.fromCode(stage.code()));
    }
  }

  @Test
  void fromCode_unknown() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SchoolStage.fromCode("college"));

    assertTrue(e.getMessage().contains("nine-year"), e.getMessage());
  }

  @Test
  void teaches_gradeRange() {
    assertTrue(SchoolStage.JUNIOR.teaches(7));
    assertFalse(SchoolStage.JUNIOR.teaches(10));
    assertTrue(SchoolStage.TWELVE_YEAR.teaches(12));
  }
}
