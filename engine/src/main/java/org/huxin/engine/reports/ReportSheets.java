package org.huxin.engine.reports;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A report laid out as the named sheets (zh-CN) that both {@link ReportCsv} and {@link ReportXlsx}
 * write, so the two files always hold the same figures. A value is a {@link String}, a {@link Long}
 * count or a {@link Share}; a withheld figure is the text {@link #SUPPRESSED}.
 */
public final class ReportSheets {

  /** What a withheld count or rate shows. */
  public static final String SUPPRESSED = "<10";

  /** What a rate with nobody to divide by shows. */
  public static final String NO_RATE = "—";

  static final String[] TIER_NAMES = {"日常关注", "重点关注", "密切关注", "危机"};
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.ofHours(8));

  /** A rate, 0–1 (four decimals), shown as a percentage. */
  public record Share(double value) {}

  /** One sheet: its name and its rows, the first of them the header. */
  public record Sheet(String name, List<List<Object>> rows) {
    public Sheet {
      Objects.requireNonNull(name, "name");
      rows = rows.stream().map(r -> List.copyOf(r)).toList();
    }
  }

  private ReportSheets() {}

  /**
   * The sheets of {@code report}. A report that includes grades with a staff note (grades 4–6) says
   * it in the first sheet and ends every other sheet with it, as one-cell footnote rows ({@link
   * GradeNote#footnoteZh()}).
   */
  public static List<Sheet> of(Report report) {
    return List.of(
            about(report), completion(report), tiers(report), prevalence(report), yoy(report))
        .stream()
        .map(sheet -> sheet.name().equals("说明") ? sheet : withFootnotes(sheet, report))
        .toList();
  }

  /** Whether {@code row} is a footnote of {@link #of}: one text cell. */
  public static boolean isFootnote(List<Object> row) {
    return row.size() == 1 && row.get(0) instanceof String s && s.startsWith("注：");
  }

  private static Sheet withFootnotes(Sheet sheet, Report report) {
    if (report.notes().isEmpty()) {
      return sheet;
    }
    List<List<Object>> rows = new ArrayList<>(sheet.rows());
    for (GradeNote note : report.notes()) {
      rows.add(List.of(note.footnoteZh()));
    }
    return new Sheet(sheet.name(), rows);
  }

  /** 学校 / 区县 / 全市. */
  public static String levelName(ReportLevel level) {
    return switch (level) {
      case CITY -> "全市";
      case DISTRICT -> "区县";
      case SCHOOL -> "学校";
    };
  }

  public static String gradeName(Integer grade) {
    return grade == null ? "合计" : grade + "年级";
  }

  public static String sexName(String sex) {
    return switch (sex) {
      case "F" -> "女";
      case "M" -> "男";
      default -> "全部";
    };
  }

  /** The zh-CN heading of a tier-table column key such as {@code F2}: 女·密切关注. */
  public static String columnName(String key) {
    return sexName(key.substring(0, 1)) + "·" + TIER_NAMES[key.charAt(1) - '0'];
  }

  private static Sheet about(Report r) {
    List<List<Object>> rows = new ArrayList<>();
    rows.add(List.of("项目", "内容"));
    rows.add(List.of("筛查窗口", r.windowName()));
    rows.add(List.of("窗口编号", r.windowId()));
    rows.add(List.of("时间", DAY.format(r.opensAt()) + " 至 " + DAY.format(r.closesAt())));
    rows.add(List.of("层级", levelName(r.unit().level())));
    rows.add(List.of("单位", r.unit().name()));
    rows.add(List.of("说明", "人数为1–9的单元格显示为“<10”，并按行列合计做了互补隐去，" + "由隐去单元格算出的比例同样隐去；0照常显示。"));
    for (GradeNote note : r.notes()) {
      rows.add(List.of("注意（" + note.gradesZh() + "）", note.zh()));
    }
    return new Sheet("说明", rows);
  }

  private static Sheet completion(Report r) {
    List<List<Object>> rows = new ArrayList<>();
    rows.add(List.of("年级", "应筛人数", "未获监护人同意", "已筛人数", "完成率"));
    for (CompletionRow c : r.completion()) {
      rows.add(
          List.of(
              gradeName(c.grade()),
              c.inScope(),
              c.withoutConsent(),
              cell(c.screened()),
              rate(c.rate())));
    }
    return new Sheet("完成情况", rows);
  }

  private static Sheet tiers(Report r) {
    ReportTable t = r.tiers();
    List<List<Object>> rows = new ArrayList<>();
    List<Object> header = new ArrayList<>();
    header.add("年级");
    t.columnKeys().forEach(k -> header.add(columnName(k)));
    header.add("合计");
    rows.add(header);
    for (int i = 0; i < t.rowKeys().size(); i++) {
      List<Object> row = new ArrayList<>();
      row.add(gradeName(Integer.valueOf(t.rowKeys().get(i))));
      t.cells().get(i).forEach(c -> row.add(cell(c)));
      row.add(cell(t.rowTotals().get(i)));
      rows.add(row);
    }
    List<Object> totals = new ArrayList<>();
    totals.add(gradeName(null));
    t.columnTotals().forEach(c -> totals.add(cell(c)));
    totals.add(cell(t.total()));
    rows.add(totals);
    return new Sheet("分级人数", rows);
  }

  private static Sheet prevalence(Report r) {
    List<List<Object>> rows = new ArrayList<>();
    rows.add(List.of("年级", "性别", "重点关注及以上", "密切关注及以上"));
    for (PrevalenceRow p : r.prevalence()) {
      rows.add(
          List.of(
              gradeName(p.grade()),
              sexName(p.sex()),
              rate(p.atLeastKey()),
              rate(p.atLeastClose())));
    }
    return new Sheet("检出率", rows);
  }

  private static Sheet yoy(Report r) {
    List<List<Object>> rows = new ArrayList<>();
    rows.add(List.of("筛查窗口", "开始日期", "已筛人数", "重点关注及以上", "密切关注及以上"));
    for (YearPoint p : r.yearOverYear()) {
      rows.add(
          List.of(
              p.windowName(),
              DAY.format(p.opensAt()),
              cell(p.screened()),
              rate(p.atLeastKey()),
              rate(p.atLeastClose())));
    }
    return new Sheet("历年对比", rows);
  }

  private static Object cell(ReportCell c) {
    return c.suppressed() ? SUPPRESSED : c.count();
  }

  private static Object rate(ReportRate r) {
    if (r.suppressed()) {
      return SUPPRESSED;
    }
    return r.value() == null ? NO_RATE : new Share(r.value());
  }
}
