package org.huxin.engine.reports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.huxin.engine.windows.Window;
import org.huxin.engine.windows.WindowStatus;
import org.junit.jupiter.api.Test;

/** The CSV and XLSX files of a report hold the published figures and nothing withheld. */
class ReportFilesTest {

  static final Window WINDOW =
      new Window(
          3,
          "2026年秋季筛查",
          WindowStatus.OPEN,
          List.of(),
          List.of(),
          7,
          9,
          Map.of("7-9", "g7-9"),
          Instant.parse("2026-09-01T00:00:00Z"),
          Instant.parse("2026-10-31T00:00:00Z"),
          new byte[32],
          null,
          Instant.parse("2026-08-01T00:00:00Z"),
          4,
          "default");

  /** Grade 8 girls at tier 2: seven. */
  static Report sevenGirlsReport() {
    UnitCounts c = UnitCounts.empty();
    for (int g = 7; g <= 9; g++) {
      c = c.withRoster(g, 90, 3);
      c = c.plusStudents(g, 'F', 0, 30).plusStudents(g, 'M', 0, 28);
      c = c.plusStudents(g, 'F', 1, 12).plusStudents(g, 'M', 1, 11);
      c = c.plusStudents(g, 'F', 2, g == 8 ? 7 : 14).plusStudents(g, 'M', 2, 10);
    }
    ReportUnit unit = new ReportUnit(ReportLevel.SCHOOL, 1L, 2L, "第一中学, \"初中部\"");
    return ReportBuilder.build(WINDOW, unit, c, List.of());
  }

  @Test
  void build_sevenStudentCell_withheldWithComplementsInRowAndColumn() {
    ReportTable t = sevenGirlsReport().tiers();
    int grade8 = t.rowKeys().indexOf("8");
    int f2 = t.columnKeys().indexOf("F2");

    assertTrue(t.cell(grade8, f2).suppressed());
    long inRow = t.cells().get(grade8).stream().filter(ReportCell::suppressed).count();
    long inColumn = t.cells().stream().filter(row -> row.get(f2).suppressed()).count();
    assertTrue(inRow >= 2, "a complement in grade 8: " + t.cells().get(grade8));
    assertTrue(inColumn >= 2, "a complement among F2 of other grades");
    // tiers 3 are all zero and shown as 0
    assertEquals(0L, t.cell(grade8, t.columnKeys().indexOf("F3")).count());
  }

  @Test
  void csv_startsWithBomAndShowsWithheldCellsAsBelowTen() {
    Report report = sevenGirlsReport();
    byte[] csv = ReportCsv.write(report);

    assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Arrays.copyOf(csv, 3));
    String text = new String(csv, StandardCharsets.UTF_8).substring(1);
    List<String> lines = Arrays.asList(text.split("\r\n", -1));
    assertEquals("项目,内容", lines.get(0), "the file opens with a header row");
    assertTrue(lines.contains("完成情况"));
    assertTrue(lines.contains("单位,\"第一中学, \"\"初中部\"\"\""), "quoted unit name: " + lines);
    String grade8 =
        lines.stream()
            .filter(l -> l.startsWith("8年级,") && l.split(",").length == 10)
            .findFirst()
            .orElseThrow();
    // 7 withheld; its row partner is the smallest other cell (M2 = 10), its column partner F2 of
    // grade 7; the row total stays
    assertEquals("8年级,30,12,<10,0,28,11,<10,0,98", grade8);
    assertFalse(text.contains(",7,"), "the true value never appears");
  }

  @Test
  void csv_formulaLikeText_isDefused() {
    assertEquals("'=1+1", ReportCsv.field("=1+1"));
    assertEquals("\"'@x,y\"", ReportCsv.field("@x,y"));
  }

  @Test
  void xlsx_readBack_equalsTheSheets() throws Exception {
    Report report = sevenGirlsReport();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ReportXlsx.write(report, out);

    assertSameAsSheets(out.toByteArray(), ReportSheets.of(report));
  }

  /** Parses {@code xlsx} with fastexcel-reader and compares every cell with {@code expected}. */
  public static void assertSameAsSheets(byte[] xlsx, List<ReportSheets.Sheet> expected)
      throws Exception {
    try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
      List<Sheet> sheets = wb.getSheets().toList();
      assertEquals(
          expected.stream().map(ReportSheets.Sheet::name).toList(),
          sheets.stream().map(Sheet::getName).toList());
      for (int s = 0; s < sheets.size(); s++) {
        List<Row> rows = sheets.get(s).read();
        List<List<Object>> want = expected.get(s).rows();
        assertEquals(want.size(), rows.size(), expected.get(s).name());
        for (int r = 0; r < want.size(); r++) {
          for (int c = 0; c < want.get(r).size(); c++) {
            Object v = want.get(r).get(c);
            org.dhatim.fastexcel.reader.Cell cell = rows.get(r).getCell(c);
            String where = expected.get(s).name() + " row " + r + " column " + c;
            if (v instanceof Long n) {
              assertEquals(CellType.NUMBER, cell.getType(), where);
              assertEquals(0, BigDecimal.valueOf(n).compareTo(cell.asNumber()), where);
            } else if (v instanceof ReportSheets.Share share) {
              assertEquals(CellType.NUMBER, cell.getType(), where);
              assertEquals(share.value(), cell.asNumber().doubleValue(), 1e-9, where);
            } else {
              assertEquals(String.valueOf(v), cell.getText(), where);
            }
          }
        }
      }
    }
  }
}
