package org.huxin.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import org.huxin.engine.city.SyntheticAnswers.Submission;
import org.huxin.engine.scoring.CompiledBattery;
import org.huxin.engine.scoring.Respondent;
import org.huxin.engine.scoring.ScoringEngine;
import org.huxin.scales.ScaleLibrary;
import org.junit.jupiter.api.Test;

class StudentAnswersTest {
  private static final ScaleLibrary LIBRARY = ScaleLibrary.loadDefault();
  private static final StudentAnswers ANSWERS = new StudentAnswers(LIBRARY, 20261122L);

  @Test
  void submission_sameIdSameAnswers() {
    Submission a = ANSWERS.submission(4711, 8, 'F');
    Submission b = ANSWERS.submission(4711, 8, 'F');
    assertTrue(Arrays.equals(a.answers(), b.answers()));
    assertTrue(Arrays.equals(a.millis(), b.millis()));
    assertNotEquals(
        Arrays.toString(a.answers()), Arrays.toString(ANSWERS.submission(4712, 8, 'F').answers()));
  }

  /** The verifier's recomputation must agree with the engine, or every rehearsal would fail. */
  @Test
  void referenceFor_agreesWithTheEngineOnEveryTierOfTwoThousandStudents() throws Exception {
    ScoringEngine engine = ScoringEngine.compile(LIBRARY);
    int[] tiers = new int[4];
    for (long id = 1; id <= 2000; id++) {
      int grade = 7 + (int) (id % 6);
      char sex = id % 2 == 0 ? 'F' : 'M';
      Submission s = ANSWERS.submission(id, grade, sex);
      CompiledBattery battery = engine.battery(ANSWERS.battery(grade).id());
      int engineTier =
          battery.score(s.answers(), s.millis(), new Respondent(grade, sex)).tier().level();
      int referenceTier =
          ANSWERS.referenceFor(grade).score(s.answers(), s.millis(), grade, sex).tier();
      assertEquals(referenceTier, engineTier, "student " + id);
      tiers[engineTier]++;
    }
    for (int tier = 0; tier < 4; tier++) {
      assertTrue(tiers[tier] > 0, "no student in tier " + tier + ": " + Arrays.toString(tiers));
    }
  }

  @Test
  void submitBody_holdsEveryItemByScaleAndAFixedKey() {
    Submission s = ANSWERS.submission(99, 11, 'M');
    JsonObject body = new JsonObject(ANSWERS.submitBody(99, 11, 'M'));
    assertEquals(StudentAnswers.idempotencyKey(99).toString(), body.getString("idempotencyKey"));
    JsonObject answers = body.getJsonObject("answers");
    assertEquals(ANSWERS.battery(11).scaleIds(), answers.fieldNames().stream().toList());
    int items = answers.stream().mapToInt(e -> ((JsonArray) e.getValue()).size()).sum();
    assertEquals(s.answers().length, items);
    assertEquals(answers.fieldNames(), body.getJsonObject("itemMillis").fieldNames());
  }

  @Test
  void draftBody_answersThePagesSoFar() {
    JsonObject draft = new JsonObject(ANSWERS.draftBody(99, 8, 'F', 1));
    assertEquals(2, draft.getInteger("seq"));
    assertEquals(1, draft.getInteger("page"));
    assertEquals(
        ANSWERS.battery(8).scaleIds().subList(0, 2),
        draft.getJsonObject("answers").fieldNames().stream().toList());
  }
}
