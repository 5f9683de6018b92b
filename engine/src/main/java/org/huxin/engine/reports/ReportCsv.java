package org.huxin.engine.reports;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Writes a report as one CSV file (RFC 4180, UTF-8 with a byte-order mark so that Excel reads the
 * Chinese text): each sheet of {@link ReportSheets} in turn, followed by an empty line; the first
 * (what the report covers) opens the file with its header row, each later one is introduced by a
 * line with its name. Rates are percentages with one decimal. A text cell that a spreadsheet would
 * run as a formula ({@code = + - @}) is prefixed with an apostrophe.
 */
public final class ReportCsv {

  /** The UTF-8 byte-order mark. */
  public static final String BOM = "\uFEFF";

  private ReportCsv() {}

  public static byte[] write(Report report) {
    StringBuilder out = new StringBuilder(BOM);
    List<ReportSheets.Sheet> sheets = ReportSheets.of(report);
    for (int s = 0; s < sheets.size(); s++) {
      ReportSheets.Sheet sheet = sheets.get(s);
      if (s > 0) {
        out.append(field(sheet.name())).append("\r\n");
      }
      for (List<Object> row : sheet.rows()) {
        for (int i = 0; i < row.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          out.append(value(row.get(i)));
        }
        out.append("\r\n");
      }
      out.append("\r\n");
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  static String value(Object v) {
    if (v instanceof ReportSheets.Share share) {
      return String.format(Locale.ROOT, "%.1f%%", share.value() * 100);
    }
    if (v instanceof Long n) {
      return n.toString();
    }
    return field(String.valueOf(v));
  }

  static String field(String text) {
    String s = text;
    if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0) {
      s = "'" + s;
    }
    if (s.indexOf(',') >= 0
        || s.indexOf('"') >= 0
        || s.indexOf('\n') >= 0
        || s.indexOf('\r') >= 0) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }
}
