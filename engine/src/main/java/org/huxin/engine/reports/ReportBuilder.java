package org.huxin.engine.reports;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.huxin.engine.windows.GradeBand;
import org.huxin.engine.windows.Window;
import org.huxin.scales.LocalizedText;

/**
 * Turns raw {@link UnitCounts} into a published {@link Report}. The one table that carries results
 * is grades × (sex × tier); it is suppressed once, and everything else is read from it (screened
 * per grade is its row total, a rate is withheld when any cell it uses is), so no two published
 * figures can be subtracted to give back a withheld one. Roster figures (in scope, without consent)
 * are not results and are shown as they are: the same staff see those students by name in the
 * consent lists.
 */
public final class ReportBuilder {

  /** Column keys of the tier table: sex ({@code F}, {@code M}) then tier 0..3. */
  public static final List<String> COLUMN_KEYS =
      List.of("F0", "F1", "F2", "F3", "M0", "M1", "M2", "M3");

  private static final String[] SEX_KEYS = {"F", "M"};

  private ReportBuilder() {}

  /** The report of {@code unit} in {@code window}, with the earlier windows' points before it. */
  public static Report build(
      Window window, ReportUnit unit, UnitCounts counts, List<YearPoint> earlier) {
    return build(window, unit, counts, earlier, Map.of());
  }

  /**
   * As {@link #build(Window, ReportUnit, UnitCounts, List)}, with a {@link GradeNote} for every
   * band of the window whose battery has a note in {@code staffNotes} (battery id to note) and
   * whose grades the report includes.
   */
  public static Report build(
      Window window,
      ReportUnit unit,
      UnitCounts counts,
      List<YearPoint> earlier,
      Map<String, LocalizedText> staffNotes) {
    List<Integer> grades = grades(window, counts);
    ReportTable tiers = tierTable(grades, counts);
    List<CompletionRow> completion = new ArrayList<>();
    long inScope = 0;
    long withoutConsent = 0;
    for (int i = 0; i < grades.size(); i++) {
      int g = grades.get(i);
      inScope += counts.inScope(g);
      withoutConsent += counts.withoutConsent(g);
      ReportCell screened = tiers.rowTotals().get(i);
      completion.add(
          new CompletionRow(
              g,
              counts.inScope(g),
              counts.withoutConsent(g),
              screened,
              SmallCellSuppression.rate(
                  new ReportCell[] {screened}, ReportCell.of(counts.inScope(g)))));
    }
    completion.add(
        new CompletionRow(
            null,
            inScope,
            withoutConsent,
            tiers.total(),
            SmallCellSuppression.rate(new ReportCell[] {tiers.total()}, ReportCell.of(inScope))));
    List<YearPoint> series = new ArrayList<>(earlier);
    series.add(point(window, true, tiers));
    return new Report(
        window.id(),
        window.name(),
        window.opensAt(),
        window.closesAt(),
        unit,
        grades,
        completion,
        tiers,
        prevalence(grades, tiers),
        series,
        notes(window, grades, staffNotes));
  }

  /** The staff notes of the window's batteries for the bands {@code grades} reach, by band. */
  static List<GradeNote> notes(
      Window window, List<Integer> grades, Map<String, LocalizedText> staffNotes) {
    List<GradeNote> out = new ArrayList<>();
    for (Map.Entry<String, String> e : window.batteryByBand().entrySet()) {
      LocalizedText note = staffNotes.get(e.getValue());
      GradeBand band = GradeBand.parse(e.getKey());
      if (note != null && grades.stream().anyMatch(band::contains)) {
        out.add(
            new GradeNote(
                band.first(),
                band.last(),
                note.get(LocalizedText.ZH_CN),
                note.get(LocalizedText.EN)));
      }
    }
    out.sort(Comparator.comparingInt(GradeNote::firstGrade));
    return out;
  }

  /** The point an earlier {@code window} contributes to the series, as its own report shows it. */
  public static YearPoint point(Window window, UnitCounts counts) {
    return point(window, false, tierTable(grades(window, counts), counts));
  }

  private static YearPoint point(Window window, boolean current, ReportTable tiers) {
    return new YearPoint(
        window.id(),
        window.name(),
        window.opensAt(),
        current,
        tiers.total(),
        SmallCellSuppression.rate(tiers.columnTotals(1, 2, 3, 5, 6, 7), tiers.total()),
        SmallCellSuppression.rate(tiers.columnTotals(2, 3, 6, 7), tiers.total()));
  }

  /**
   * The window's screened grades that the unit has students in (a junior school shows grades 7–9,
   * not 4–12), and any other grade that has results.
   */
  static List<Integer> grades(Window window, UnitCounts counts) {
    TreeSet<Integer> grades = new TreeSet<>();
    for (int g : window.gradesInScope()) {
      if (counts.inScope(g) > 0) {
        grades.add(g);
      }
    }
    for (int g = 1; g <= UnitCounts.GRADES; g++) {
      if (counts.screened(g) > 0) {
        grades.add(g);
      }
    }
    return List.copyOf(grades);
  }

  static ReportTable tierTable(List<Integer> grades, UnitCounts counts) {
    long[][] cells = new long[Math.max(1, grades.size())][COLUMN_KEYS.size()];
    for (int i = 0; i < grades.size(); i++) {
      for (int s = 0; s < UnitCounts.SEXES; s++) {
        for (int t = 0; t < UnitCounts.TIERS; t++) {
          cells[i][s * UnitCounts.TIERS + t] = counts.students(grades.get(i), s, t);
        }
      }
    }
    if (grades.isEmpty()) {
      return new ReportTable(
          List.of(),
          COLUMN_KEYS,
          List.of(),
          List.of(),
          COLUMN_KEYS.stream().map(k -> ReportCell.of(0)).toList(),
          ReportCell.of(0));
    }
    return ReportTable.suppressed(
        grades.stream().map(String::valueOf).toList(), COLUMN_KEYS, cells);
  }

  private static List<PrevalenceRow> prevalence(List<Integer> grades, ReportTable tiers) {
    List<PrevalenceRow> rows = new ArrayList<>();
    for (int i = 0; i < grades.size(); i++) {
      for (int s = 0; s < UnitCounts.SEXES; s++) {
        int b = s * UnitCounts.TIERS;
        ReportCell n = ReportTable.sum(tiers.cells(i, b, b + 1, b + 2, b + 3));
        rows.add(
            new PrevalenceRow(
                grades.get(i),
                SEX_KEYS[s],
                SmallCellSuppression.rate(tiers.cells(i, b + 1, b + 2, b + 3), n),
                SmallCellSuppression.rate(tiers.cells(i, b + 2, b + 3), n)));
      }
      ReportCell n = tiers.rowTotals().get(i);
      rows.add(
          new PrevalenceRow(
              grades.get(i),
              "all",
              SmallCellSuppression.rate(tiers.cells(i, 1, 2, 3, 5, 6, 7), n),
              SmallCellSuppression.rate(tiers.cells(i, 2, 3, 6, 7), n)));
    }
    for (int s = 0; s < UnitCounts.SEXES; s++) {
      int b = s * UnitCounts.TIERS;
      ReportCell n = ReportTable.sum(tiers.columnTotals(b, b + 1, b + 2, b + 3));
      rows.add(
          new PrevalenceRow(
              null,
              SEX_KEYS[s],
              SmallCellSuppression.rate(tiers.columnTotals(b + 1, b + 2, b + 3), n),
              SmallCellSuppression.rate(tiers.columnTotals(b + 2, b + 3), n)));
    }
    rows.add(
        new PrevalenceRow(
            null,
            "all",
            SmallCellSuppression.rate(tiers.columnTotals(1, 2, 3, 5, 6, 7), tiers.total()),
            SmallCellSuppression.rate(tiers.columnTotals(2, 3, 6, 7), tiers.total())));
    return rows;
  }
}
