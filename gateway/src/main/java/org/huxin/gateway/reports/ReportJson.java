package org.huxin.gateway.reports;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.huxin.engine.reports.CompletionRow;
import org.huxin.engine.reports.GradeNote;
import org.huxin.engine.reports.PrevalenceRow;
import org.huxin.engine.reports.Report;
import org.huxin.engine.reports.ReportCell;
import org.huxin.engine.reports.ReportRate;
import org.huxin.engine.reports.ReportTable;
import org.huxin.engine.reports.SmallCellSuppression;
import org.huxin.engine.reports.YearPoint;
import org.huxin.engine.roster.OrgUnits;

/**
 * The JSON of a published report. A count is {@code {"n": 42, "suppressed": false}} or {@code {"n":
 * null, "suppressed": true}}; a rate is {@code {"value": 0.1234, "suppressed": false}}, with value
 * null when withheld (suppressed true) or when there was no one to count (suppressed false).
 */
final class ReportJson {

  private ReportJson() {}

  static JsonObject report(Report r) {
    JsonObject unit =
        new JsonObject()
            .put("id", r.unit().id())
            .put("districtId", r.unit().districtId())
            .put("schoolId", r.unit().schoolId())
            .put("name", r.unit().name());
    JsonArray completion = new JsonArray();
    for (CompletionRow c : r.completion()) {
      completion.add(
          new JsonObject()
              .put("grade", c.grade())
              .put("inScope", c.inScope())
              .put("withoutConsent", c.withoutConsent())
              .put("screened", cell(c.screened()))
              .put("rate", rate(c.rate())));
    }
    JsonArray prevalence = new JsonArray();
    for (PrevalenceRow p : r.prevalence()) {
      prevalence.add(
          new JsonObject()
              .put("grade", p.grade())
              .put("sex", p.sex())
              .put("atLeastKey", rate(p.atLeastKey()))
              .put("atLeastClose", rate(p.atLeastClose())));
    }
    JsonArray series = new JsonArray();
    for (YearPoint p : r.yearOverYear()) {
      series.add(
          new JsonObject()
              .put("windowId", p.windowId())
              .put("windowName", p.windowName())
              .put("opensAt", p.opensAt().toString())
              .put("current", p.current())
              .put("screened", cell(p.screened()))
              .put("atLeastKey", rate(p.atLeastKey()))
              .put("atLeastClose", rate(p.atLeastClose())));
    }
    return new JsonObject()
        .put("windowId", r.windowId())
        .put("windowName", r.windowName())
        .put("opensAt", r.opensAt().toString())
        .put("closesAt", r.closesAt().toString())
        .put("level", r.unit().level().code())
        .put("unit", unit)
        .put("k", SmallCellSuppression.K)
        .put("grades", new JsonArray(r.grades()))
        .put("completion", completion)
        .put("tiers", table(r.tiers()))
        .put("prevalence", prevalence)
        .put("yearOverYear", series)
        .put("notes", notes(r));
  }

  /** What staff must read beside the figures of some grades (grades 4–6), one per band. */
  private static JsonArray notes(Report r) {
    JsonArray notes = new JsonArray();
    for (GradeNote n : r.notes()) {
      notes.add(
          new JsonObject()
              .put("firstGrade", n.firstGrade())
              .put("lastGrade", n.lastGrade())
              .put("zh", n.zh())
              .put("en", n.en()));
    }
    return notes;
  }

  static JsonObject units(OrgUnits units, JsonArray levels) {
    JsonArray districts = new JsonArray();
    for (OrgUnits.District d : units.districts()) {
      districts.add(new JsonObject().put("id", d.id()).put("code", d.code()).put("name", d.name()));
    }
    JsonArray schools = new JsonArray();
    for (OrgUnits.School s : units.schools()) {
      schools.add(
          new JsonObject()
              .put("id", s.id())
              .put("districtId", s.districtId())
              .put("code", s.code())
              .put("name", s.name())
              .put("stage", s.stage()));
    }
    return new JsonObject()
        .put("levels", levels)
        .put("districts", districts)
        .put("schools", schools);
  }

  private static JsonObject table(ReportTable t) {
    JsonArray cells = new JsonArray();
    for (var row : t.cells()) {
      JsonArray out = new JsonArray();
      row.forEach(c -> out.add(cell(c)));
      cells.add(out);
    }
    JsonArray rowTotals = new JsonArray();
    t.rowTotals().forEach(c -> rowTotals.add(cell(c)));
    JsonArray columnTotals = new JsonArray();
    t.columnTotals().forEach(c -> columnTotals.add(cell(c)));
    return new JsonObject()
        .put("rows", new JsonArray(t.rowKeys()))
        .put("columns", new JsonArray(t.columnKeys()))
        .put("cells", cells)
        .put("rowTotals", rowTotals)
        .put("columnTotals", columnTotals)
        .put("total", cell(t.total()));
  }

  private static JsonObject cell(ReportCell c) {
    return new JsonObject().put("n", c.count()).put("suppressed", c.suppressed());
  }

  private static JsonObject rate(ReportRate r) {
    return new JsonObject().put("value", r.value()).put("suppressed", r.suppressed());
  }
}
