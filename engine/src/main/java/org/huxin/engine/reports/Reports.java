package org.huxin.engine.reports;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.huxin.engine.roster.OrgUnits;
import org.huxin.engine.windows.Window;
import org.huxin.engine.windows.WindowStatus;
import org.huxin.engine.windows.WindowStore;
import org.huxin.scales.Battery;
import org.huxin.scales.LocalizedText;
import org.huxin.scales.ScaleLibrary;

/**
 * Builds reports from the store: the unit's counts in the window, and for the year-over-year series
 * the same unit in up to {@link #EARLIER_WINDOWS} earlier windows that screened all of it (opened
 * before this one, not drafts), oldest first. Blocking JDBC: call it off the event loop.
 */
public final class Reports {

  /** How many earlier windows the year-over-year series reaches back. */
  public static final int EARLIER_WINDOWS = 5;

  private final ReportQueries queries;
  private final WindowStore windows;
  private final Map<String, LocalizedText> staffNotes;

  /** Reports whose batteries are those of the shipped scale library. */
  public Reports(DataSource dataSource, WindowStore windows) {
    this(dataSource, windows, ScaleLibrary.loadDefault());
  }

  /**
   * Reports that carry, for the grades of every battery of {@code library} with a staff note
   * (grades 4–6), that note ({@link Report#notes()}).
   */
  public Reports(DataSource dataSource, WindowStore windows, ScaleLibrary library) {
    this.queries = new ReportQueries(dataSource);
    this.windows = Objects.requireNonNull(windows, "windows");
    Map<String, LocalizedText> notes = new HashMap<>();
    for (Battery battery : library.batteries()) {
      if (battery.staffNote() != null) {
        notes.put(battery.id(), battery.staffNote());
      }
    }
    this.staffNotes = Map.copyOf(notes);
  }

  public OrgUnits units() {
    return queries.units();
  }

  /** The published (suppressed) report of {@code unit} in {@code window}. */
  public Report report(Window window, ReportUnit unit) {
    List<Window> earlier =
        windows.list().stream()
            .filter(w -> w.id() != window.id())
            .filter(w -> w.status() != WindowStatus.DRAFT)
            .filter(w -> w.opensAt().isBefore(window.opensAt()))
            .filter(w -> unit.coveredBy(w.scopeDistrictIds(), w.scopeSchoolIds()))
            .sorted(Comparator.comparing(Window::opensAt).thenComparing(Window::id))
            .toList();
    earlier = earlier.subList(Math.max(0, earlier.size() - EARLIER_WINDOWS), earlier.size());
    List<YearPoint> points = new ArrayList<>();
    for (Window w : earlier) {
      points.add(ReportBuilder.point(w, queries.counts(w, unit)));
    }
    return ReportBuilder.build(window, unit, queries.counts(window, unit), points, staffNotes);
  }
}
