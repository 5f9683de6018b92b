// 统计报告: a school, district or city report for one window — completion, tier counts by grade ×
// sex, prevalence and the year-over-year series — as charts with the exact tables beneath, plus
// CSV/XLSX export links and a printable page. Counts of 1–9 arrive withheld from the server
// (k = 10 with complementary suppression); they show as "<10" and are left out of the charts.
import {
  SEX_NAMES,
  TIER_NAMES,
  cellText,
  completionOption,
  gradeName,
  rateText,
  tiersOption,
  withheldCount,
  yoyOption,
} from '/console/reports-charts.js';

const LEVEL_NAMES = { city: '全市', district: '区县', school: '学校' };
const STATUS_NAMES = { draft: '草稿', open: '进行中', paused: '已暂停', closed: '已结束', archived: '已归档' };

export async function mount(view, ctx) {
  const { api, el, chart, showError, params } = ctx;
  document.head.append(el('link', { rel: 'stylesheet', href: '/console/reports.css' }));
  const [{ windows }, units] = await Promise.all([
    api('GET', '/api/staff/windows'),
    api('GET', '/api/staff/reports/units'),
  ]);
  if (!windows.length) {
    view.append(el('p', { class: 'muted' }, '还没有筛查窗口。'));
    return null;
  }

  const windowSelect = el(
    'select',
    { 'data-testid': 'report-window' },
    windows.map((w) => el('option', { value: w.id }, w.name + '（' + (STATUS_NAMES[w.status] || w.status) + '）')),
  );
  const preferred = windows.find((w) => String(w.id) === params[0]) || windows[0];
  windowSelect.value = String(preferred.id);
  const levelSelect = el(
    'select',
    { 'data-testid': 'report-level', onchange: fillUnits },
    units.levels.map((l) => el('option', { value: l }, LEVEL_NAMES[l] || l)),
  );
  const unitSelect = el('select', { 'data-testid': 'report-unit' });
  const show = el('button', { type: 'button', class: 'primary', 'data-testid': 'report-show', onclick: load }, '生成报告');

  const csv = el('a', { 'data-testid': 'report-export-csv', download: '' }, '导出 CSV');
  const xlsx = el('a', { 'data-testid': 'report-export-xlsx', download: '' }, '导出 Excel');
  const print = el('a', { 'data-testid': 'report-print', target: '_blank', rel: 'noopener' }, '打印版');
  const exports = el('div', { class: 'row report-exports' }, csv, xlsx, print);
  exports.hidden = true;

  const heading = el('h2');
  const note = el('p', { class: 'muted report-note' });
  // Grades 4–6: the staff note of their battery, beside every figure (footnote under each table).
  const gradeNotes = el('div', { class: 'grade-notes', 'data-testid': 'report-grade-notes' });
  const completionChart = el('div', { class: 'chart', 'data-testid': 'report-chart-completion' });
  const tierChart = el('div', { class: 'chart', 'data-testid': 'report-chart' });
  const yoyChart = el('div', { class: 'chart', 'data-testid': 'report-chart-yoy' });
  const tierTable = el('table', { class: 'report-table', 'data-testid': 'report-table' });
  const completionTable = el('table', { class: 'report-table', 'data-testid': 'report-completion-table' });
  const prevalenceTable = el('table', { class: 'report-table', 'data-testid': 'report-prevalence-table' });
  const yoyTable = el('table', { class: 'report-table', 'data-testid': 'report-yoy-table' });
  const result = el(
    'div',
    {},
    el('div', { class: 'card' }, heading, note, gradeNotes, exports),
    el('div', { class: 'card report-charts' }, completionChart, tierChart, yoyChart),
    el('div', { class: 'card' }, el('h3', {}, '分级人数（年级 × 性别 × 关注等级）'), tierTable),
    el('div', { class: 'card' }, el('h3', {}, '完成情况'), completionTable),
    el('div', { class: 'card' }, el('h3', {}, '检出率'), prevalenceTable),
    el('div', { class: 'card' }, el('h3', {}, '历年对比'), yoyTable),
  );
  result.hidden = true;

  view.append(
    el('div', { class: 'card' },
      el('div', { class: 'row report-controls' },
        el('label', {}, '筛查窗口 ', windowSelect),
        el('label', {}, '层级 ', levelSelect),
        el('label', {}, '单位 ', unitSelect),
        show,
      ),
    ),
    result,
  );
  fillUnits();

  function fillUnits() {
    const level = levelSelect.value;
    let options;
    if (level === 'city') {
      options = [el('option', { value: '' }, '全市')];
    } else if (level === 'district') {
      options = units.districts.map((d) => el('option', { value: d.id }, d.name));
    } else {
      const districtName = new Map(units.districts.map((d) => [d.id, d.name]));
      options = units.schools.map((s) =>
        el('option', { value: s.id }, (districtName.get(s.districtId) ? districtName.get(s.districtId) + ' · ' : '') + s.name),
      );
    }
    unitSelect.replaceChildren(...options);
    unitSelect.disabled = level === 'city';
  }

  function query() {
    const q = new URLSearchParams({ level: levelSelect.value });
    if (levelSelect.value !== 'city') q.set('unit', unitSelect.value);
    return '?' + q.toString();
  }

  async function load() {
    showError('');
    const base = '/api/staff/reports/' + encodeURIComponent(windowSelect.value);
    const q = query();
    show.disabled = true;
    try {
      const report = await api('GET', base + q);
      render(report);
      csv.href = base + '/export.csv' + q;
      xlsx.href = base + '/export.xlsx' + q;
      print.href = base + '/print' + q;
      exports.hidden = false;
      result.hidden = false;
    } catch (e) {
      showError(e.message);
    } finally {
      show.disabled = false;
    }
  }

  function render(report) {
    heading.textContent = LEVEL_NAMES[report.level] + ' · ' + report.unit.name + ' · ' + report.windowName;
    const withheld = withheldCount(report);
    note.textContent =
      '人数为 1–9 的单元格显示为“<10”，并按行列合计做了互补隐去（k = ' + report.k + '），' +
      '由它们算出的比例同样隐去；图中不画这些单元格。' +
      (withheld ? '本报告隐去 ' + withheld + ' 个单元格。' : '本报告没有需要隐去的单元格。');
    chart(completionChart, completionOption(report));
    chart(tierChart, tiersOption(report));
    chart(yoyChart, yoyOption(report));
    renderTierTable(report.tiers);
    renderCompletion(report.completion);
    renderPrevalence(report.prevalence);
    renderYoy(report.yearOverYear);
    const notes = (report.notes || []).map((n) => '注：' + gradeRange(n) + '：' + n.zh);
    gradeNotes.replaceChildren(...notes.map((t) => el('p', { class: 'grade-note' }, t)));
    for (const table of [tierTable, completionTable, prevalenceTable, yoyTable]) {
      if (notes.length) table.append(el('tfoot', {}, notes.map((t) => el('tr', {}, el('td', { colspan: 99, class: 'grade-note' }, t)))));
    }
  }

  function gradeRange(n) {
    return (n.firstGrade === n.lastGrade ? n.firstGrade : n.firstGrade + '–' + n.lastGrade) + '年级';
  }

  function countCell(cell) {
    return el('td', { class: cell.suppressed ? 'n suppressed' : 'n', title: cell.suppressed ? '少于10人，已隐去' : null }, cellText(cell));
  }

  function rateCell(rate) {
    return el('td', { class: rate.suppressed ? 'n suppressed' : 'n' }, rateText(rate));
  }

  function renderTierTable(t) {
    const head = el('tr', {}, el('th', {}, '年级'),
      t.columns.map((k) => el('th', {}, SEX_NAMES[k[0]] + '·' + TIER_NAMES[k[1]])), el('th', {}, '合计'));
    const rows = t.rows.map((g, i) =>
      el('tr', {}, el('td', {}, gradeName(Number(g))), t.cells[i].map(countCell), countCell(t.rowTotals[i])),
    );
    const totals = el('tr', {}, el('th', {}, '合计'), t.columnTotals.map(countCell), countCell(t.total));
    tierTable.replaceChildren(el('thead', {}, head), el('tbody', {}, rows, totals));
  }

  function renderCompletion(rows) {
    simpleTable(completionTable, ['年级', '应筛人数', '未获监护人同意', '已筛人数', '完成率'],
      rows.map((c) => el('tr', {}, el('td', {}, gradeName(c.grade)), el('td', { class: 'n' }, String(c.inScope)),
        el('td', { class: 'n' }, String(c.withoutConsent)), countCell(c.screened), rateCell(c.rate))));
  }

  function renderPrevalence(rows) {
    simpleTable(prevalenceTable, ['年级', '性别', '重点关注及以上', '密切关注及以上'],
      rows.map((p) => el('tr', {}, el('td', {}, gradeName(p.grade)), el('td', {}, SEX_NAMES[p.sex]),
        rateCell(p.atLeastKey), rateCell(p.atLeastClose))));
  }

  function renderYoy(points) {
    simpleTable(yoyTable, ['筛查窗口', '开始日期', '已筛人数', '重点关注及以上', '密切关注及以上'],
      points.map((p) => el('tr', { class: p.current ? 'current' : null }, el('td', {}, p.windowName),
        el('td', {}, p.opensAt.slice(0, 10)), countCell(p.screened), rateCell(p.atLeastKey), rateCell(p.atLeastClose))));
  }

  function simpleTable(table, headings, rows) {
    table.replaceChildren(el('thead', {}, el('tr', {}, headings.map((h) => el('th', {}, h)))), el('tbody', {}, rows));
  }

  return null;
}
