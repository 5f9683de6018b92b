package org.huxin.engine.city;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.huxin.engine.scoring.CompiledBattery;
import org.huxin.engine.scoring.Respondent;
import org.huxin.engine.scoring.ScoringEngine;
import org.huxin.engine.scoring.Tier;
import org.huxin.scales.Battery;
import org.huxin.scales.ScaleLibrary;
import org.junit.jupiter.api.Test;

class SyntheticAnswersTest {
  private static final ScaleLibrary LIBRARY = ScaleLibrary.loadDefault();
  private static final ScoringEngine ENGINE = ScoringEngine.compile(LIBRARY);

  @Test
  void next_everyBatteryScoresWithoutRejection() {
    for (Battery definition : LIBRARY.batteries()) {
      CompiledBattery battery = ENGINE.battery(definition.id());
      SyntheticAnswers answers = new SyntheticAnswers(LIBRARY, definition, 11L);
      int grade = definition.band().first();
      boolean crisis = false;
      for (int i = 0; i < 3_000; i++) {
        SyntheticAnswers.Submission s = answers.next(grade, i % 2 == 0 ? 'F' : 'M');
        Tier tier =
            assertDoesNotThrow(
                    () -> battery.score(s.answers(), s.millis(), new Respondent(grade, 'F')),
                    definition.id())
                .tier();
        crisis |= tier == Tier.CRISIS;
      }
      assertTrue(crisis, definition.id() + ": 3,000 synthetic submissions held no crisis");
    }
  }
}
