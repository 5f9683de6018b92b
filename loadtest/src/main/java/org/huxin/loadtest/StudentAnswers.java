package org.huxin.loadtest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.huxin.engine.city.SyntheticAnswers;
import org.huxin.engine.city.SyntheticAnswers.Submission;
import org.huxin.engine.scoring.Answers;
import org.huxin.loadtest.reference.ReferenceScorer;
import org.huxin.scales.Battery;
import org.huxin.scales.Scale;
import org.huxin.scales.ScaleLibrary;
import org.huxin.scales.SchoolBand;
import org.huxin.scales.TierRuleSet;

/**
 * What each rehearsal student answers, derived from the student's id alone: the same seed and id
 * give the same answers in the load generator (which sends them) and in the verifier (which
 * recomputes the tier they must get with {@link ReferenceScorer}, not with the engine). The mix is
 * {@link SyntheticAnswers}': mostly routine, some key and close, a few crisis.
 *
 * <p>Thread-safe: every call makes its own generator.
 */
public final class StudentAnswers {
  /** The rehearsal window's batteries by school band, as {@link Rehearsal} opens it. */
  static final Map<String, String> BATTERIES = Map.of("7-9", "g7-9", "10-12", "g10-12");

  private final ScaleLibrary library;
  private final long seed;

  public StudentAnswers(ScaleLibrary library, long seed) {
    this.library = library;
    this.seed = seed;
  }

  /** The battery a student of {@code grade} answers in the rehearsal window. */
  public Battery battery(int grade) {
    String band = SchoolBand.ofGrade(grade).id();
    String id = BATTERIES.get(band);
    if (id == null) {
      throw new IllegalArgumentException("the rehearsal window covers grades 7-12, not " + grade);
    }
    return library.battery(id);
  }

  /** The submission of student {@code studentId}; the same arguments give the same answers. */
  public Submission submission(long studentId, int grade, char sex) {
    return new SyntheticAnswers(library, battery(grade), mix(seed, studentId)).next(grade, sex);
  }

  /** A reference scorer for the battery of {@code grade} under the default tier rules. */
  public ReferenceScorer referenceFor(int grade) {
    return new ReferenceScorer(library, battery(grade).id(), TierRuleSet.DEFAULT_ID);
  }

  /** The number of pages (one per scale) of the battery of {@code grade}. */
  public int pages(int grade) {
    return battery(grade).scaleIds().size();
  }

  /**
   * The body of {@code PUT /api/student/draft} after page {@code page} (0-based): every scale up to
   * and including that page answered, sequence number {@code page + 1}.
   */
  public String draftBody(long studentId, int grade, char sex, int page) {
    Submission s = submission(studentId, grade, sex);
    StringBuilder out = new StringBuilder(512);
    out.append("{\"seq\":").append(page + 1).append(",\"page\":").append(page);
    out.append(",\"answers\":");
    appendByScale(out, grade, s.answers(), page + 1, true);
    return out.append('}').toString();
  }

  /** The body of {@code POST /api/student/submit}: every answer, every item time, a fixed key. */
  public String submitBody(long studentId, int grade, char sex) {
    Submission s = submission(studentId, grade, sex);
    StringBuilder out = new StringBuilder(1024);
    out.append("{\"idempotencyKey\":\"").append(idempotencyKey(studentId)).append('"');
    out.append(",\"locale\":\"zh-CN\",\"answers\":");
    appendByScale(out, grade, s.answers(), Integer.MAX_VALUE, true);
    out.append(",\"itemMillis\":");
    appendByScale(out, grade, s.millis(), Integer.MAX_VALUE, false);
    return out.append('}').toString();
  }

  /** The key a student's one submit carries, so a retried submit is recognised as the same. */
  public static UUID idempotencyKey(long studentId) {
    return UUID.nameUUIDFromBytes(
        ("huxin-rehearsal-" + studentId).getBytes(StandardCharsets.US_ASCII));
  }

  private void appendByScale(
      StringBuilder out, int grade, int[] flat, int scaleLimit, boolean nullForMissing) {
    List<String> ids = battery(grade).scaleIds();
    out.append('{');
    int at = 0;
    for (int s = 0; s < ids.size(); s++) {
      Scale scale = library.scale(ids.get(s));
      int items = scale.items().size();
      if (s < scaleLimit) {
        out.append(s == 0 ? "" : ",").append('"').append(scale.id()).append("\":[");
        for (int k = 0; k < items; k++) {
          int v = flat[at + k];
          out.append(k == 0 ? "" : ",");
          if (nullForMissing && v == Answers.MISSING) {
            out.append("null");
          } else if (nullForMissing && v == Answers.REFUSED) {
            out.append("\"refused\"");
          } else {
            out.append(v);
          }
        }
        out.append(']');
      }
      at += items;
    }
    out.append('}');
  }

  /** A well-mixed per-student seed (SplitMix64's finaliser), so neighbouring ids differ. */
  private static long mix(long seed, long studentId) {
    long z = seed + 0x9E3779B97F4A7C15L * (studentId + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
