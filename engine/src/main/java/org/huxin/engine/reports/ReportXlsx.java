package org.huxin.engine.reports;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * Writes a report as an XLSX workbook with one worksheet per sheet of {@link ReportSheets}: counts
 * as numbers, rates as numbers formatted {@code 0.0%}, withheld figures as the text {@code <10}.
 * Streams with fastexcel; blocking, so call it off the event loop.
 */
public final class ReportXlsx {

  private ReportXlsx() {}

  public static void write(Report report, OutputStream out) throws IOException {
    Workbook workbook = new Workbook(out, "Huxin", "1.0");
    for (ReportSheets.Sheet sheet : ReportSheets.of(report)) {
      Worksheet ws = workbook.newWorksheet(sheet.name());
      List<List<Object>> rows = sheet.rows();
      for (int r = 0; r < rows.size(); r++) {
        List<Object> row = rows.get(r);
        for (int c = 0; c < row.size(); c++) {
          Object v = row.get(c);
          if (v instanceof Long n) {
            ws.value(r, c, n);
          } else if (v instanceof ReportSheets.Share share) {
            ws.value(r, c, share.value());
            ws.style(r, c).format("0.0%").set();
          } else {
            ws.value(r, c, String.valueOf(v));
          }
          if (r == 0) {
            ws.style(r, c).bold().set();
          }
        }
      }
      ws.width(0, 14);
    }
    workbook.finish();
  }
}
