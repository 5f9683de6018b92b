package org.huxin.testsupport;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.huxin.engine.city.SyntheticCity;
import org.huxin.engine.results.ResultRow;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.roster.RosterStore;
import org.huxin.engine.store.NameCipher;
import org.huxin.scales.CrisisLevel;
import org.huxin.scales.TierRuleSet;

/** Valid result rows, a fixed test cipher and the demo city loaded into a test database. */
public final class TestRows {

  /** 2025-09-15 08:00 UTC, a fixed submit time. */
  public static final Instant SUBMITTED_AT = Instant.parse("2025-09-15T08:00:00Z");

  private TestRows() {}

  /** A cipher with a fixed key (bytes 1..32): fine for tests, never for data. */
  public static NameCipher cipher() {
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (i + 1);
    }
    return new NameCipher(key);
  }

  /** Bulk-loads {@link SyntheticCity#demo()} and returns its roster, ordered by id. */
  public static List<RosterEntry> loadDemoCity(DataSource dataSource) {
    RosterStore roster = new RosterStore(dataSource);
    roster.bulkLoad(SyntheticCity.demo(), cipher());
    return roster.loadRoster();
  }

  /** A routine (tier 0) self-report of {@code student} in {@code windowId} with a fresh key. */
  public static ResultRow row(long windowId, RosterEntry student) {
    return row(windowId, student, "self", 0, false, UUID.randomUUID());
  }

  public static ResultRow row(
      long windowId,
      RosterEntry student,
      String form,
      int tier,
      boolean crisis,
      UUID idempotencyKey) {
    return row(windowId, student, form, tier, crisis, idempotencyKey, SUBMITTED_AT);
  }

  /**
   * A result submitted at {@code submittedAt}, after ten minutes on the questionnaire; a crisis is
   * 严重 (serious), escalating after 30 minutes.
   */
  public static ResultRow row(
      long windowId,
      RosterEntry student,
      String form,
      int tier,
      boolean crisis,
      UUID idempotencyKey,
      Instant submittedAt) {
    return row(
        windowId,
        student,
        form,
        tier,
        crisis ? CrisisLevel.SERIOUS : null,
        idempotencyKey,
        submittedAt);
  }

  /** A result at crisis {@code level} (null below tier 3), escalating after the default times. */
  public static ResultRow row(
      long windowId,
      RosterEntry student,
      String form,
      int tier,
      CrisisLevel level,
      UUID idempotencyKey,
      Instant submittedAt) {
    boolean crisis = level != null;
    byte[] answers = new byte[25];
    for (int i = 0; i < answers.length; i++) {
      answers[i] = (byte) ((student.id() + i) % 4);
    }
    answers[answers.length - 1] = (byte) ResultRow.MISSING_ANSWER;
    String scores = "{\"phq9\":{\"raw\":" + (tier * 5) + ",\"t\":null,\"pct\":null}}";
    String[] rules = crisis ? new String[] {"phq9.item9>=2"} : new String[0];
    return new ResultRow(
        windowId,
        student.id(),
        form,
        student.districtId(),
        student.schoolId(),
        student.classId(),
        student.grade(),
        student.sex(),
        "g7-9",
        "1.0.0",
        "none",
        answers,
        scores,
        tier,
        crisis,
        crisis ? level.code() : 0,
        crisis ? (int) TierRuleSet.DEFAULT_ESCALATION.get(level).toSeconds() : 0,
        0,
        rules,
        submittedAt.minusSeconds(600),
        submittedAt,
        600_000,
        idempotencyKey);
  }
}
