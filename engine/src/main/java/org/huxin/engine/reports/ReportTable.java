package org.huxin.engine.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A published count table after {@link SmallCellSuppression}: cells by row and column key, row
 * totals, column totals and the grand total, every one a {@link ReportCell} (withheld cells carry
 * no number).
 */
public record ReportTable(
    List<String> rowKeys,
    List<String> columnKeys,
    List<List<ReportCell>> cells,
    List<ReportCell> rowTotals,
    List<ReportCell> columnTotals,
    ReportCell total) {

  public ReportTable {
    rowKeys = List.copyOf(rowKeys);
    columnKeys = List.copyOf(columnKeys);
    cells = cells.stream().map(List::copyOf).toList();
    rowTotals = List.copyOf(rowTotals);
    columnTotals = List.copyOf(columnTotals);
    Objects.requireNonNull(total, "total");
    if (cells.size() != rowKeys.size() || rowTotals.size() != rowKeys.size()) {
      throw new IllegalArgumentException("a table needs one row of cells and a total per row key");
    }
    for (List<ReportCell> row : cells) {
      if (row.size() != columnKeys.size()) {
        throw new IllegalArgumentException("every row needs one cell per column key");
      }
    }
    if (columnTotals.size() != columnKeys.size()) {
      throw new IllegalArgumentException("a table needs one total per column key");
    }
  }

  /** Publishes {@code counts} (rows × columns as keyed) with small cells withheld. */
  public static ReportTable suppressed(
      List<String> rowKeys, List<String> columnKeys, long[][] counts) {
    SmallCellSuppression.Result r = SmallCellSuppression.apply(counts);
    int rows = r.rows();
    int columns = r.columns();
    List<List<ReportCell>> cells = new ArrayList<>();
    List<ReportCell> rowTotals = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      List<ReportCell> row = new ArrayList<>();
      for (int j = 0; j < columns; j++) {
        row.add(r.cell(i, j));
      }
      cells.add(row);
      rowTotals.add(r.cell(i, columns));
    }
    List<ReportCell> columnTotals = new ArrayList<>();
    for (int j = 0; j < columns; j++) {
      columnTotals.add(r.cell(rows, j));
    }
    return new ReportTable(
        rowKeys, columnKeys, cells, rowTotals, columnTotals, r.cell(rows, columns));
  }

  public ReportCell cell(int row, int column) {
    return cells.get(row).get(column);
  }

  /** The cells of {@code row} at the given columns. */
  public ReportCell[] cells(int row, int... columns) {
    ReportCell[] out = new ReportCell[columns.length];
    for (int i = 0; i < columns.length; i++) {
      out[i] = cell(row, columns[i]);
    }
    return out;
  }

  /** The column totals at the given columns. */
  public ReportCell[] columnTotals(int... columns) {
    ReportCell[] out = new ReportCell[columns.length];
    for (int i = 0; i < columns.length; i++) {
      out[i] = columnTotals.get(columns[i]);
    }
    return out;
  }

  /** The published sum of {@code parts}: withheld if any part is. */
  public static ReportCell sum(ReportCell... parts) {
    long n = 0;
    for (ReportCell c : parts) {
      if (c.suppressed()) {
        return ReportCell.SUPPRESSED;
      }
      n += c.count();
    }
    return ReportCell.of(n);
  }
}
