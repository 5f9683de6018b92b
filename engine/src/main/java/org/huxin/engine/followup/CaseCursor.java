package org.huxin.engine.followup;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the next page of a case list starts: just past the case with this sort time (due time for
 * open and overdue lists, closing time for closed ones) and id. Written as {@code <epoch
 * microseconds>-<case id>}, the precision the database keeps, so no case is skipped or shown twice
 * between pages.
 */
public record CaseCursor(Instant at, long id) {
  private static final Pattern TEXT = Pattern.compile("(\\d{1,17})-(\\d{1,18})");

  public CaseCursor {
    Objects.requireNonNull(at, "at");
  }

  /** The cursor just past {@code row} in a list of {@code status}. */
  public static CaseCursor after(FollowupCase row, CaseStatus status) {
    return new CaseCursor(status == CaseStatus.CLOSED ? row.closedAt() : row.dueAt(), row.id());
  }

  /**
   * Reads {@link #text()}.
   *
   * @throws IllegalArgumentException when {@code text} is not a cursor this class wrote
   */
  public static CaseCursor parse(String text) {
    Matcher m = TEXT.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new IllegalArgumentException("a case cursor is <microseconds>-<id>, got " + text);
    }
    long micros = Long.parseLong(m.group(1));
    return new CaseCursor(
        Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1_000),
        Long.parseLong(m.group(2)));
  }

  public String text() {
    return (at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000) + "-" + id;
  }
}
