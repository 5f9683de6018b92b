package org.huxin.engine.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The allocation-free band check of the login path answers as parsing the band does. */
class GradeBandKeyTest {
  @Test
  void normalisedKeyHolds_agreesWithParse_forEveryBandAndGrade() {
    int checked = 0;
    for (int first = 1; first <= 12; first++) {
      for (int last = first; last <= 12; last++) {
        String key = new GradeBand(first, last).toString();
        for (int grade = -1; grade <= 14; grade++) {
          assertEquals(
              GradeBand.parse(key).contains(grade),
              GradeBand.normalisedKeyHolds(key, grade),
              key + " grade " + grade);
          checked++;
        }
      }
    }
    assertEquals(78 * 16, checked);
  }
}
