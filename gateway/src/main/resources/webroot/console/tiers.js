// 关注名单: one school's screened students by tier (highest first) with the rules that fired; a
// crisis (tier 3) shows its level, 一般/严重/重大, beside 危机; a grade 4–6 result its battery's staff note.
// Every list shown is written to the audit trail, one row per student, by the server.

import { levelPill } from '/console/crisis.js';

const TIER_COLOURS = ['#6b8f71', '#c99a3e', '#d0713b', '#b23a3a'];
const VALIDITY = { 0: '有效', 1: '存疑', 2: '无效（需重测）' };
const SEX = { F: '女', M: '男' };

export async function mount(view, ctx) {
  const { api, el, chart, showError, session, params, TIER_NAMES } = ctx;
  document.head.append(el('link', { rel: 'stylesheet', href: '/console/progress.css' }));
  const { windows } = await api('GET', '/api/staff/windows');
  if (!windows.length) {
    view.append(el('p', { class: 'muted' }, '还没有筛查窗口。'));
    return null;
  }
  const preferred = windows.find((w) => String(w.id) === params[0]) || windows.find((w) => w.status === 'open') || windows[0];
  const psychologist = session.role === 'school_psychologist';

  const windowSelect = el('select', { 'data-testid': 'tiers-window', onchange: () => schoolsThenLoad() },
    windows.map((w) => el('option', { value: w.id }, w.name)));
  windowSelect.value = String(preferred.id);
  const schoolSelect = el('select', { 'data-testid': 'tiers-school', onchange: () => load() });
  // Values: 'min:1' (重点关注及以上, the default: who needs attention), 'all', or one tier.
  const tierSelect = el('select', { 'data-testid': 'tiers-tier', onchange: () => load() },
    el('option', { value: 'min:1' }, TIER_NAMES[1] + '及以上'),
    el('option', { value: 'all' }, '全部等级'),
    [3, 2, 1, 0].map((t) => el('option', { value: t }, '仅' + TIER_NAMES[t])));
  tierSelect.value = 'min:1';
  const summary = el('p', { class: 'muted' });
  const chartNode = el('div', { class: 'chart small', 'data-testid': 'tiers-chart' });
  const list = el('div', { 'data-testid': 'tiers-list' });

  view.append(
    el('div', { class: 'card' },
      el('div', { class: 'row' },
        el('label', {}, '筛查窗口', windowSelect),
        psychologist ? null : el('label', {}, '学校', schoolSelect),
        el('label', {}, '风险等级', tierSelect)),
      summary),
    el('div', { class: 'card' }, chartNode),
    el('div', { class: 'card' }, list),
  );

  async function schoolsThenLoad() {
    if (psychologist) {
      schoolSelect.replaceChildren(el('option', { value: session.schoolId }, ''));
      schoolSelect.value = String(session.schoolId);
    } else {
      const previous = schoolSelect.value;
      const { tree } = await api('GET', '/api/staff/windows/' + windowSelect.value + '/progress/tree');
      const schools = (tree.children || []).flatMap((d) => (d.children || []).map((s) => ({ d, s })));
      schoolSelect.replaceChildren(...schools.map(({ d, s }) =>
        el('option', { value: s.id }, (tree.children.length > 1 ? d.name + ' · ' : '') + s.name)));
      if (schools.some(({ s }) => String(s.id) === previous)) schoolSelect.value = previous;
      else if (schools.some(({ s }) => String(s.id) === params[1])) schoolSelect.value = params[1];
    }
    await load();
  }

  async function load() {
    if (!schoolSelect.value) {
      list.replaceChildren(el('p', { class: 'muted' }, '您的范围内没有参加本次筛查的学校。'));
      return;
    }
    const filter = tierSelect.value === 'all' ? '' : tierSelect.value.startsWith('min:')
      ? '&minTier=' + tierSelect.value.slice(4) : '&tier=' + tierSelect.value;
    const query = '?school=' + encodeURIComponent(schoolSelect.value) + filter;
    let data;
    try {
      data = await api('GET', '/api/staff/windows/' + windowSelect.value + '/tiers' + query);
    } catch (e) {
      showError(e.message);
      return;
    }
    showError('');
    summary.textContent = data.schoolName + '：应筛 ' + data.inScope + ' 人，已提交 ' + data.submitted + ' 人。名单中每位学生的查看都会记入审计日志。';
    chart(chartNode, {
      tooltip: { trigger: 'item', formatter: '{b}：{c} 人（{d}%）' },
      legend: { orient: 'vertical', left: 8, top: 'middle' },
      series: [{
        type: 'pie', radius: ['40%', '70%'], center: ['55%', '50%'],
        label: { formatter: '{b}\n{c} 人' },
        data: [0, 1, 2, 3].map((t) => ({ name: TIER_NAMES[t], value: data.tierCounts[t], itemStyle: { color: TIER_COLOURS[t] } })),
      }],
    });
    list.replaceChildren(...groups(data.students));
  }

  function groups(students) {
    if (!students.length) return [el('p', { class: 'muted' }, '没有符合条件的学生。')];
    const out = [];
    for (const t of [3, 2, 1, 0]) {
      const inTier = students.filter((s) => s.tier === t);
      if (!inTier.length) continue;
      out.push(el('section', { class: 'tier-group', 'data-tier': t },
        el('h3', {}, el('span', { class: 'tier tier-' + t }, TIER_NAMES[t]), inTier.length + ' 人'),
        el('table', {},
          el('thead', {}, el('tr', {},
            el('th', {}, '学号'), el('th', {}, '姓名'), el('th', {}, '年级'), el('th', {}, '班级'), el('th', {}, '性别'),
            t === 3 ? el('th', {}, '危机等级') : null,
            el('th', {}, '触发规则'), el('th', {}, '有效性'), el('th', {}, '提交时间'), el('th', {}, '预警'))),
          el('tbody', {}, inTier.map(row)))));
    }
    return out;
  }

  function row(s) {
    return el('tr', { 'data-testid': 'tier-row-' + s.studentId },
      el('td', {}, s.studentNo),
      el('td', {}, el('a', { href: '#/student/' + s.studentId }, s.name)),
      el('td', { class: 'n' }, s.grade),
      el('td', {}, s.className),
      el('td', {}, SEX[s.sex] || s.sex),
      s.tier === 3
        ? el('td', { 'data-testid': 'tier-level-' + s.studentId },
          el('span', { class: 'tier tier-3' }, TIER_NAMES[3]), s.crisisLevel ? levelPill(el, s.crisisLevel) : null)
        : null,
      el('td', { class: 'wrap' }, s.firedRules.length
        ? el('ul', { class: 'rules' }, s.firedRules.map((r) => el('li', { title: r.id }, r.zh || r.en || r.id)))
        : el('span', { class: 'muted' }, '无'),
      s.staffNote ? el('p', { class: 'staff-note', 'data-testid': 'tier-staff-note-' + s.studentId }, '注：' + s.staffNote.zh) : null),
      el('td', {}, VALIDITY[s.validity] || s.validity),
      el('td', {}, new Date(s.submittedAt).toLocaleString('zh-CN')),
      el('td', {}, s.crisis ? (s.alertPending ? el('span', { class: 'pending' }, '未确认') : '已确认') : ''));
  }

  await schoolsThenLoad();
  return null;
}
