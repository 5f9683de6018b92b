// Chart options for a staff report (ECharts 5), shared by the console section (reports.js) and
// the printable page (reports-print.js). Pure functions of the report JSON; a withheld figure is
// left out of a chart ('-') and named in the note under it.

export const TIER_NAMES = { 0: '日常关注', 1: '重点关注', 2: '密切关注', 3: '危机' };
export const SEX_NAMES = { F: '女', M: '男', all: '全部' };
const TIER_COLOURS = ['#6b8f71', '#c99a3e', '#d0713b', '#b23a3a'];

export function gradeName(grade) {
  return grade === null || grade === undefined ? '合计' : grade + '年级';
}

/** A count cell as text: the number, or "<10" when withheld. */
export function cellText(cell) {
  return cell.suppressed ? '<10' : String(cell.n);
}

/** A rate as text: a percentage with one decimal, "<10" when withheld, "—" with no one to count. */
export function rateText(rate) {
  if (rate.suppressed) return '<10';
  return rate.value === null ? '—' : (rate.value * 100).toFixed(1) + '%';
}

function value(cell) {
  return cell.suppressed ? '-' : cell.n;
}

function percent(rate) {
  return rate.suppressed || rate.value === null ? '-' : Math.round(rate.value * 1000) / 10;
}

/** Students in scope and screened, per grade. */
export function completionOption(report) {
  const rows = report.completion.filter((c) => c.grade !== null);
  return {
    title: { text: '完成情况', left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 48, right: 16, top: 36, bottom: 48 },
    xAxis: { type: 'category', data: rows.map((c) => gradeName(c.grade)) },
    yAxis: { type: 'value', name: '人数' },
    series: [
      { name: '应筛人数', type: 'bar', data: rows.map((c) => c.inScope), itemStyle: { color: '#b9c4cf' } },
      { name: '已筛人数', type: 'bar', data: rows.map((c) => value(c.screened)), itemStyle: { color: '#3b6ea5' } },
    ],
  };
}

/** Students per tier, grouped by grade, one stack per sex. */
export function tiersOption(report) {
  const t = report.tiers;
  const series = [];
  for (const sex of ['F', 'M']) {
    for (let tier = 0; tier < 4; tier++) {
      const column = t.columns.indexOf(sex + tier);
      series.push({
        name: SEX_NAMES[sex] + '·' + TIER_NAMES[tier],
        type: 'bar',
        stack: sex,
        data: t.cells.map((row) => value(row[column])),
        itemStyle: { color: TIER_COLOURS[tier], opacity: sex === 'F' ? 1 : 0.6 },
      });
    }
  }
  return {
    title: { text: '各年级分级人数（左女右男）', left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, type: 'scroll' },
    grid: { left: 48, right: 16, top: 36, bottom: 56 },
    xAxis: { type: 'category', data: t.rows.map((g) => gradeName(Number(g))) },
    yAxis: { type: 'value', name: '人数' },
    series,
  };
}

/** Shares at tier ≥ 1 and ≥ 2 across this and earlier windows. */
export function yoyOption(report) {
  const points = report.yearOverYear;
  return {
    title: { text: '历年对比', left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis', valueFormatter: (v) => (v === '-' || v === undefined ? '<10' : v + '%') },
    legend: { bottom: 0 },
    grid: { left: 48, right: 16, top: 36, bottom: 48 },
    xAxis: { type: 'category', data: points.map((p) => p.windowName) },
    yAxis: { type: 'value', name: '%' },
    series: [
      { name: '重点关注及以上', type: 'line', connectNulls: false, data: points.map((p) => percent(p.atLeastKey)) },
      { name: '密切关注及以上', type: 'line', connectNulls: false, data: points.map((p) => percent(p.atLeastClose)) },
    ],
  };
}

/** How many tier-table cells (totals included) are withheld. */
export function withheldCount(report) {
  const t = report.tiers;
  const cells = t.cells.flat().concat(t.rowTotals, t.columnTotals, [t.total]);
  return cells.filter((c) => c.suppressed).length;
}
