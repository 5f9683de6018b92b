package org.huxin.gateway.reports;

import java.util.List;
import java.util.Locale;
import org.huxin.engine.reports.Report;
import org.huxin.engine.reports.ReportSheets;

/**
 * The printable report page: the same sheets as the exports, as HTML tables, with room for the
 * charts that {@code /console/reports-print.js} draws from the report JSON embedded in a data block
 * (never executed; {@code <} escaped). No inline script or style, so the CSP holds.
 */
final class ReportPage {

  private ReportPage() {}

  static String html(Report report, String reportJson) {
    List<ReportSheets.Sheet> sheets = ReportSheets.of(report);
    StringBuilder h = new StringBuilder(16_384);
    String title = report.unit().name() + " · " + report.windowName() + " · 心理健康筛查报告";
    h.append("<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">")
        .append("<title>")
        .append(escape(title))
        .append("</title>")
        .append("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">")
        .append("<link rel=\"stylesheet\" href=\"/console/console.css\">")
        .append("<link rel=\"stylesheet\" href=\"/console/reports.css\">")
        .append("</head><body class=\"report-print\">")
        .append("<header><h1>")
        .append(escape(title))
        .append("</h1><button type=\"button\" id=\"print\" class=\"primary no-print\">打印</button>")
        .append("</header>");
    ReportSheets.Sheet about = sheets.get(0);
    h.append("<dl class=\"report-about\">");
    for (List<Object> row : about.rows().subList(1, about.rows().size())) {
      h.append("<dt>")
          .append(escape(text(row.get(0))))
          .append("</dt><dd>")
          .append(escape(text(row.get(1))))
          .append("</dd>");
    }
    h.append("</dl>");
    h.append("<section class=\"report-charts\">")
        .append("<div class=\"chart\" id=\"chart-completion\"></div>")
        .append("<div class=\"chart\" id=\"chart-tiers\"></div>")
        .append("<div class=\"chart\" id=\"chart-yoy\"></div>")
        .append("</section>");
    for (ReportSheets.Sheet sheet : sheets.subList(1, sheets.size())) {
      h.append("<section class=\"report-sheet\"><h2>")
          .append(escape(sheet.name()))
          .append("</h2><table class=\"report-table\"><thead><tr>");
      for (Object v : sheet.rows().get(0)) {
        h.append("<th>").append(escape(text(v))).append("</th>");
      }
      h.append("</tr></thead><tbody>");
      int columns = sheet.rows().get(0).size();
      for (List<Object> row : sheet.rows().subList(1, sheet.rows().size())) {
        if (ReportSheets.isFootnote(row)) {
          h.append("<tr class=\"report-footnote\"><td colspan=\"")
              .append(columns)
              .append("\">")
              .append(escape(text(row.get(0))))
              .append("</td></tr>");
          continue;
        }
        h.append("<tr>");
        for (int c = 0; c < row.size(); c++) {
          Object v = row.get(c);
          boolean numeric = c > 0 && !(v instanceof String s && !s.equals(ReportSheets.SUPPRESSED));
          h.append(numeric ? "<td class=\"n\">" : "<td>").append(escape(text(v))).append("</td>");
        }
        h.append("</tr>");
      }
      h.append("</tbody></table></section>");
    }
    h.append("<script type=\"application/json\" id=\"report-data\">")
        .append(reportJson.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
        .append("</script>")
        .append("<script src=\"/webjars/echarts/5.5.0/echarts.min.js\"></script>")
        .append("<script type=\"module\" src=\"/console/reports-print.js\"></script>")
        .append("</body></html>\n");
    return h.toString();
  }

  /** A sheet value as it is printed: rates as percentages with one decimal. */
  static String text(Object v) {
    if (v instanceof ReportSheets.Share share) {
      return String.format(Locale.ROOT, "%.1f%%", share.value() * 100);
    }
    return String.valueOf(v);
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
