package org.huxin.engine.reports;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * before this one, not drafts), oldest first. Every query runs on the reactive client it is given.
 */
public final class Reports {

  /** How many earlier windows the year-over-year series reaches back. */
  public static final int EARLIER_WINDOWS = 5;

  private final ReportQueries queries;
  private final WindowStore windows;
  private final Map<String, LocalizedText> staffNotes;

  /** Reports whose batteries are those of the shipped scale library. */
  public Reports(WindowStore windows) {
    this(windows, ScaleLibrary.loadDefault());
  }

  /**
   * Reports that carry, for the grades of every battery of {@code library} with a staff note
   * (grades 4–6), that note ({@link Report#notes()}).
   */
  public Reports(WindowStore windows, ScaleLibrary library) {
    this.queries = new ReportQueries();
    this.windows = Objects.requireNonNull(windows, "windows");
    Map<String, LocalizedText> notes = new HashMap<>();
    for (Battery battery : library.batteries()) {
      if (battery.staffNote() != null) {
        notes.put(battery.id(), battery.staffNote());
      }
    }
    this.staffNotes = Map.copyOf(notes);
  }

  /** Every district and school, ordered by code: what a report can be of. */
  public Future<OrgUnits> units(SqlClient client) {
    return queries.units(client);
  }

  /**
   * The published (suppressed) report of {@code unit} in {@code window}: lists the windows, then
   * sends the counts of this and every earlier window together on {@code client}; run it in a
   * transaction to read them in one go.
   */
  public Future<Report> report(SqlClient client, Window window, ReportUnit unit) {
    return windows
        .list(client)
        .compose(
            all -> {
              List<Window> earlier =
                  all.stream()
                      .filter(w -> w.id() != window.id())
                      .filter(w -> w.status() != WindowStatus.DRAFT)
                      .filter(w -> w.opensAt().isBefore(window.opensAt()))
                      .filter(w -> unit.coveredBy(w.scopeDistrictIds(), w.scopeSchoolIds()))
                      .sorted(Comparator.comparing(Window::opensAt).thenComparing(Window::id))
                      .toList();
              List<Window> series =
                  earlier.subList(Math.max(0, earlier.size() - EARLIER_WINDOWS), earlier.size());
              List<Future<UnitCounts>> counts = new ArrayList<>(series.size() + 1);
              for (Window w : series) {
                counts.add(queries.counts(client, w, unit));
              }
              counts.add(queries.counts(client, window, unit));
              return Future.all(counts)
                  .map(
                      done -> {
                        List<YearPoint> points = new ArrayList<>();
                        for (int i = 0; i < series.size(); i++) {
                          points.add(ReportBuilder.point(series.get(i), done.resultAt(i)));
                        }
                        UnitCounts now = done.resultAt(series.size());
                        return ReportBuilder.build(window, unit, now, points, staffNotes);
                      });
            });
  }
}
