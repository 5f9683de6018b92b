package org.huxin.loadtest.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProgressTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void line_ratesSinceTheLastLine_countsWhatIsInProgress_staffAndWarmUpLeftOutOfTheP99() {
    RequestRecorder recorder = new RequestRecorder();
    Progress progress = new Progress(recorder, 0);
    for (int i = 0; i < 3_001; i++) {
      recorder.record("login", 5, true); // one of them told to wait: "queued" is an ok answer
    }
    recorder.record("login (queued)", 900, true);
    recorder.record("login (queued)", 40, false);
    for (int i = 0; i < 3_000; i++) {
      recorder.record("questionnaire", 3, true);
    }
    for (int i = 0; i < 1_200; i++) {
      recorder.record("submit", 30, true);
    }
    recorder.record("staff alerts", 9_000, true);
    recorder.record("warm-up login", 5_000, true);

    assertEquals(
        "PROGRESS 10 s: 300 logins/s, 1,800 in progress, 1,200 stored, 2 queued retries,"
            + " p99 900 ms so far, 1 failed",
        progress.line(10 * SECOND));

    for (int i = 0; i < 500; i++) {
      recorder.record("login", 5, true);
      recorder.record("questionnaire", 3, true);
    }
    assertEquals(
        "PROGRESS 15 s: 100 logins/s, 2,300 in progress, 1,200 stored, 2 queued retries,"
            + " p99 900 ms so far, 1 failed",
        progress.line(15 * SECOND));
  }

  @Test
  void line_beforeAnyRequest_isAllZero() {
    assertEquals(
        "PROGRESS 0 s: 0 logins/s, 0 in progress, 0 stored, 0 queued retries,"
            + " p99 0 ms so far, 0 failed",
        new Progress(new RequestRecorder(), 0).line(0));
  }
}
