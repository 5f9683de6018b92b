package org.huxin.loadtest.summary;

import java.util.Locale;
import java.util.Map;

/**
 * The line a rehearsal prints every few seconds while it runs, so whoever started it sees it move:
 * elapsed time, students let in a second since the last line (a sign-in answers 200 or "queued",
 * both ok, so they are counted by the questionnaire each fetches once in), students in whose result
 * is not stored yet (mid-questionnaire, their drafts held by the cluster), results stored, sign-in
 * retries after the waiting room queued a student, the worst p99 of the measured student requests
 * so far and how many requests failed (warm-up and consoles included). All from the simulation's
 * own {@link RequestRecorder}, so it works against any target, including one whose metrics the
 * generator cannot reach. Counts and times only, nothing about a student.
 */
public final class Progress {

  /**
   * Request names left out of the p99: the staff consoles' ("staff …") and the warm-up's, as the
   * summary leaves them out of its student figures.
   */
  private static final String STAFF = "staff ";

  private static final String WARM_UP = "warm-up ";

  /** A sign-in retried after the waiting room queued it. */
  private static final String QUEUED = "login (queued)";

  private final RequestRecorder recorder;
  private final long startNanos;
  private long lastNanos;
  private long lastLogins;

  public Progress(RequestRecorder recorder, long startNanos) {
    this.recorder = recorder;
    this.startNanos = startNanos;
    this.lastNanos = startNanos;
  }

  /** The line for {@code nowNanos} ({@link System#nanoTime()}); the next one rates from here. */
  public synchronized String line(long nowNanos) {
    Map<String, RequestFigures> figures = recorder.figures();
    long logins = ok(figures, "questionnaire");
    double seconds = Math.max(1e-3, (nowNanos - lastNanos) / 1e9);
    long perSecond = Math.round((logins - lastLogins) / seconds);
    lastNanos = nowNanos;
    lastLogins = logins;
    long stored = ok(figures, "submit");
    long inProgress = Math.max(0, logins - stored);
    long queued = figures.getOrDefault(QUEUED, RequestFigures.NONE).count();
    long p99 = 0;
    long failed = 0;
    for (Map.Entry<String, RequestFigures> e : figures.entrySet()) {
      failed += e.getValue().ko();
      if (!e.getKey().startsWith(STAFF) && !e.getKey().startsWith(WARM_UP)) {
        p99 = Math.max(p99, e.getValue().p99());
      }
    }
    return String.format(
        Locale.ROOT,
        "PROGRESS %d s: %,d logins/s, %,d in progress, %,d stored, %,d queued retries,"
            + " p99 %,d ms so far, %,d failed",
        Math.round((nowNanos - startNanos) / 1e9),
        perSecond,
        inProgress,
        stored,
        queued,
        p99,
        failed);
  }

  private static long ok(Map<String, RequestFigures> figures, String name) {
    return figures.getOrDefault(name, RequestFigures.NONE).ok();
  }
}
