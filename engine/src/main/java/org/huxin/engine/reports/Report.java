package org.huxin.engine.reports;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The aggregate report of one unit in one window, with every small count already withheld:
 *
 * <ul>
 *   <li>{@code completion}: per grade, then the total row (grade null);
 *   <li>{@code tiers}: rows are grades, columns sex × tier ({@link ReportBuilder#COLUMN_KEYS}:
 *       {@code F0..F3, M0..M3}), with totals;
 *   <li>{@code prevalence}: shares at tier ≥ 1 and ≥ 2 per grade × sex, per grade, per sex and
 *       overall;
 *   <li>{@code yearOverYear}: earlier windows that screened this unit, oldest first, then this one;
 *   <li>{@code notes}: what staff must read beside the figures of some grades (grades 4–6), one per
 *       grade band the report includes whose battery carries a staff note.
 * </ul>
 */
public record Report(
    long windowId,
    String windowName,
    Instant opensAt,
    Instant closesAt,
    ReportUnit unit,
    List<Integer> grades,
    List<CompletionRow> completion,
    ReportTable tiers,
    List<PrevalenceRow> prevalence,
    List<YearPoint> yearOverYear,
    List<GradeNote> notes) {

  public Report {
    Objects.requireNonNull(windowName, "windowName");
    Objects.requireNonNull(opensAt, "opensAt");
    Objects.requireNonNull(closesAt, "closesAt");
    Objects.requireNonNull(unit, "unit");
    grades = List.copyOf(grades);
    completion = List.copyOf(completion);
    Objects.requireNonNull(tiers, "tiers");
    prevalence = List.copyOf(prevalence);
    yearOverYear = List.copyOf(yearOverYear);
    notes = List.copyOf(notes);
  }

  /**
   * The window's unique label in file names and audit rows: {@code window 3 level school unit 7}.
   */
  public String subject() {
    return "window "
        + windowId
        + " level "
        + unit.level().code()
        + " unit "
        + (unit.id() == null ? "city" : unit.id());
  }
}
