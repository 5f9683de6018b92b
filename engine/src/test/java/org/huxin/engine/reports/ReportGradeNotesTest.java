package org.huxin.engine.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.huxin.engine.windows.Window;
import org.huxin.engine.windows.WindowStatus;
import org.huxin.scales.Battery;
import org.huxin.scales.LocalizedText;
import org.huxin.scales.ScaleLibrary;
import org.junit.jupiter.api.Test;

/**
 * A report that includes grades 4–6 carries their battery's staff note (SCALES.md, Norms: grades
 * 4–6) in its first sheet and as a footnote on every other sheet, so the CSV, the XLSX and the
 * printed page all say it; a report of grades 7–9 only says nothing of it.
 */
class ReportGradeNotesTest {

  private static final String NOTE = "本地改编表述，界值未在该年龄验证，结果仅供初筛";
  private static final Map<String, LocalizedText> STAFF_NOTES = staffNotes();

  private static Map<String, LocalizedText> staffNotes() {
    Battery g46 = ScaleLibrary.loadDefault().battery("g4-6");
    return Map.of(g46.id(), g46.staffNote());
  }

  private static Window window(int minGrade, int maxGrade, Map<String, String> bands) {
    return new Window(
        5,
        "2026年秋季筛查",
        WindowStatus.OPEN,
        List.of(),
        List.of(),
        minGrade,
        maxGrade,
        bands,
        Instant.parse("2026-09-01T00:00:00Z"),
        Instant.parse("2026-10-31T00:00:00Z"),
        new byte[32],
        null,
        Instant.parse("2026-08-01T00:00:00Z"),
        4,
        "default");
  }

  private static Report report(int minGrade, int maxGrade, Map<String, String> bands) {
    UnitCounts c = UnitCounts.empty();
    for (int g = minGrade; g <= maxGrade; g++) {
      c = c.withRoster(g, 60, 0).plusStudents(g, 'F', 0, 25).plusStudents(g, 'M', 1, 30);
    }
    ReportUnit unit = new ReportUnit(ReportLevel.SCHOOL, 1L, 2L, "第一小学");
    return ReportBuilder.build(window(minGrade, maxGrade, bands), unit, c, List.of(), STAFF_NOTES);
  }

  @Test
  void build_primaryGradesCarryTheNote() {
    Report r = report(4, 9, Map.of("4-6", "g4-6", "7-9", "g7-9"));
    assertEquals(List.of(new GradeNote(4, 6, NOTE, STAFF_NOTES.get("g4-6").get("en"))), r.notes());
    List<ReportSheets.Sheet> sheets = ReportSheets.of(r);
    assertTrue(
        sheets.get(0).rows().contains(List.of("注意（4–6年级）", NOTE)), sheets.get(0).rows().toString());
    for (ReportSheets.Sheet sheet : sheets.subList(1, sheets.size())) {
      List<Object> last = sheet.rows().get(sheet.rows().size() - 1);
      assertEquals(List.of("注：4–6年级：" + NOTE), last, sheet.name());
      assertTrue(ReportSheets.isFootnote(last));
    }
  }

  @Test
  void build_secondaryOnlyHasNoNote() {
    Report r = report(7, 9, Map.of("7-9", "g7-9"));
    assertEquals(List.of(), r.notes());
    for (ReportSheets.Sheet sheet : ReportSheets.of(r)) {
      for (List<Object> row : sheet.rows()) {
        assertFalse(row.toString().contains(NOTE), sheet.name());
      }
    }
    // a window that covers 4–6 but a report of a school with only grades 7–9 screened
    Report school = report(7, 9, Map.of("4-6", "g4-6", "7-9", "g7-9"));
    assertEquals(List.of(), school.notes());
  }

  @Test
  void csvAndXlsx_carryTheNote() throws Exception {
    Report r = report(4, 6, Map.of("4-6", "g4-6"));
    String csv = new String(ReportCsv.write(r), StandardCharsets.UTF_8);
    assertTrue(csv.contains("注意（4–6年级）," + NOTE), csv);
    assertEquals(4, csv.split("注：4–6年级：" + NOTE, -1).length - 1, "one footnote per table");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ReportXlsx.write(r, out);
    ReportFilesTest.assertSameAsSheets(out.toByteArray(), ReportSheets.of(r));
  }
}
