package org.huxin.engine.norms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Φ against published table values (Abramowitz and Stegun, table 26.1). */
class NormalTest {

  @ParameterizedTest(name = "Φ({0}) = {1}")
  @CsvSource({
    "0, 0.5",
    "1, 0.8413447460685429",
    "-1, 0.15865525393145707",
    "1.96, 0.9750021048517795",
    "-2.5758293035489, 0.005",
    "3, 0.9986501019683699",
    "-4, 0.00003167124183311992",
    "-6, 9.865876450377012e-10",
    "-8, 6.220960574271819e-16"
  })
  void cdf_tableValues(double z, double phi) {
    assertEquals(phi, Normal.cdf(z), Math.min(1e-13, phi * 1e-12));
  }

  @Test
  void cdf_tails() {
    assertEquals(0, Normal.cdf(-40));
    assertEquals(1, Normal.cdf(9));
    assertEquals(0, Normal.cdf(Double.NEGATIVE_INFINITY));
    assertEquals(1, Normal.cdf(Double.POSITIVE_INFINITY));
    assertTrue(Double.isNaN(Normal.cdf(Double.NaN)));
    assertEquals(50, Normal.percentile(0));
  }

  @Property
  void cdf_symmetricAndMonotone(@ForAll @DoubleRange(min = -8, max = 8) double z) {
    assertEquals(1, Normal.cdf(z) + Normal.cdf(-z), 1e-12);
    assertTrue(Normal.cdf(z + 0.01) >= Normal.cdf(z), "at " + z);
    assertTrue(z >= -3 || Normal.cdf(z - 0.01) < Normal.cdf(z), "tail at " + z);
  }
}
