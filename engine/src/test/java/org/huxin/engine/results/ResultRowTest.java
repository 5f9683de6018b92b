package org.huxin.engine.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ResultRowTest {

  @Test
  void constructor_validRow() {
    ResultRow row = row("self", 'F', 2, "{\"phq9\":{\"raw\":12}}", new byte[] {1, 2, (byte) 255});

    assertEquals(2, row.tier());
    assertEquals(255, row.answers()[2] & 0xff);
  }

  @Test
  void constructor_copiesArrays() {
    byte[] answers = {1, 2, 3};
    ResultRow row = row("self", 'F', 0, "{}", answers);
    answers[0] = 9;
    row.answers()[1] = 9;

    assertEquals(1, row.answers()[0]);
    assertEquals(2, row.answers()[1]);
  }

  @Test
  void constructor_unknownForm() {
    assertMessage("form", () -> row("student", 'F', 0, "{}", new byte[] {1}));
  }

  @Test
  void constructor_badSex() {
    assertMessage("sex", () -> row("self", 'X', 0, "{}", new byte[] {1}));
  }

  @Test
  void constructor_tierOutOfRange() {
    assertMessage("tier must be 0..3", () -> row("self", 'M', 4, "{}", new byte[] {1}));
  }

  @Test
  void constructor_invalidJson() {
    assertMessage(
        "scoresJson is not valid JSON", () -> row("self", 'M', 0, "{\"a\":", new byte[] {1}));
  }

  @Test
  void constructor_jsonNotAnObject() {
    assertMessage("JSON object", () -> row("self", 'M', 0, "[1,2]", new byte[] {1}));
  }

  @Test
  void constructor_jsonTrailingText() {
    assertMessage("after its closing brace", () -> row("self", 'M', 0, "{} {}", new byte[] {1}));
  }

  @Test
  void constructor_jsonNulEscape() {
    assertMessage("NUL", () -> row("self", 'M', 0, "{\"a\":\"\\u0000\"}", new byte[] {1}));
  }

  @Test
  void constructor_noAnswers() {
    assertMessage("answers is empty", () -> row("self", 'M', 0, "{}", new byte[0]));
  }

  @Test
  void constructor_crisisLevelGoesWithTheCrisis() {
    assertMessage(
        "crisisLevel must be 0..0, got 2",
        () ->
            new ResultRow(
                1,
                2,
                "self",
                3,
                4,
                5,
                7,
                'F',
                "g7-9",
                "1",
                "none",
                new byte[] {1},
                "{}",
                2,
                false,
                2,
                0,
                0,
                new String[0],
                null,
                Instant.EPOCH,
                0,
                UUID.randomUUID()));
    assertMessage(
        "crisisLevel must be 1..3, got 0",
        () ->
            new ResultRow(
                1,
                2,
                "self",
                3,
                4,
                5,
                7,
                'F',
                "g7-9",
                "1",
                "none",
                new byte[] {1},
                "{}",
                3,
                true,
                0,
                600,
                0,
                new String[0],
                null,
                Instant.EPOCH,
                0,
                UUID.randomUUID()));
    assertMessage(
        "escalateAfterS must be positive for a crisis",
        () ->
            new ResultRow(
                1,
                2,
                "self",
                3,
                4,
                5,
                7,
                'F',
                "g7-9",
                "1",
                "none",
                new byte[] {1},
                "{}",
                3,
                true,
                3,
                0,
                0,
                new String[0],
                null,
                Instant.EPOCH,
                0,
                UUID.randomUUID()));
  }

  private static void assertMessage(String expected, Runnable construct) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construct::run);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  private static ResultRow row(String form, char sex, int tier, String scores, byte[] answers) {
    Instant now = Instant.parse("2025-09-15T08:00:00Z");
    return new ResultRow(
        1,
        2,
        form,
        3,
        4,
        5,
        7,
        sex,
        "g7-9",
        "1",
        "none",
        answers,
        scores,
        tier,
        tier == 3,
        tier == 3 ? 2 : 0,
        tier == 3 ? 1800 : 0,
        0,
        new String[] {"rule"},
        null,
        now,
        1000,
        UUID.randomUUID());
  }
}
