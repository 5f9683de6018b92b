// 学生档案 (#/student/<id>): who the student is, the tier of every window as a line chart, every
// result with its fired rules and scale scores (a crisis with its level, 一般/严重/重大), the
// follow-up cases and the ledger, and a form that appends a ledger action without reloading. Every
// view is audited on the server.

import { api, el, chart, showError, TIER_NAMES } from '/console/console.js';
import { ACTION_NAMES, when } from '/console/followup.js';
import { LEVEL_NAMES, levelPill } from '/console/crisis.js';

const FORM_NAMES = { self: '自评', teacher: '教师评', parent: '家长评' };
const VALIDITY_NAMES = { valid: '有效', questionable: '存疑', invalid: '无效（需重测）' };
const SEX_NAMES = { F: '女', M: '男' };

/** Text for ECharts' HTML tooltip: window names are data, never markup. */
function esc(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** "（危机·一般）" after a window's tier in the chart's tooltip when it had a crisis. */
function crisisNote(point) {
  if (!point.crisis) return '';
  return point.crisisLevel && LEVEL_NAMES[point.crisisLevel] ? '（危机·' + LEVEL_NAMES[point.crisisLevel] + '）' : '（危机）';
}

/** The fired rules as a psychologist reads them: the stored explanation, else the rule id. */
function rulesText(r) {
  const explained = (r.scores && r.scores.firedRules) || [];
  if (explained.length) return explained.map((f) => f.zh || f.id).join('；');
  return r.firedRules.length ? r.firedRules.join('，') : '—';
}

/** The staff note of the result's battery (grades 4–6), beside its verdict; null for none. */
function staffNote(r) {
  if (!r.staffNote) return null;
  return el('p', { class: 'staff-note', 'data-testid': 'archive-staff-note-' + r.resultId }, '注：' + r.staffNote.zh);
}

/** One line per scale from the stored scores ({scales: {phq9: {raw, band, t?, percentile?}}, ...}). */
function scoresText(scores) {
  return Object.entries((scores && scores.scales) || {})
    .map(([scale, s]) => {
      const parts = ['原始分 ' + s.raw];
      if (s.t !== null && s.t !== undefined) parts.push('T ' + Math.round(s.t));
      if (s.percentile !== null && s.percentile !== undefined) parts.push('P' + Math.round(s.percentile));
      return scale.toUpperCase() + '：' + parts.join(' / ');
    })
    .join('；');
}

export async function mount(view, ctx) {
  const id = ctx.params[0];
  if (!id || !/^\d+$/.test(id)) {
    view.append(el('p', { class: 'muted' }, '请从关注名单或跟踪台账打开学生档案。'));
    return;
  }
  const a = await api('GET', '/api/staff/students/' + id + '/archive');
  const s = a.student;

  view.append(
    el(
      'section',
      { class: 'card' },
      el('h2', {}, s.name, ' ', el('span', { class: 'muted' }, '学号 ' + s.studentNo)),
      el(
        'p',
        {},
        `${s.schoolName} · ${s.grade} 年级 ${s.className} · ${SEX_NAMES[s.sex] || s.sex} · ${s.birthYear} 年生 · `,
        s.consent ? '监护人已知情同意' : el('strong', {}, '监护人未同意'),
      ),
    ),
  );

  view.append(consentCard(s));

  const chartNode = el('div', { class: 'chart', 'data-testid': 'archive-chart' });
  view.append(el('section', { class: 'card' }, el('h3', {}, '关注等级变化'), chartNode));
  const history = a.tierHistory;
  chart(chartNode, {
    animation: false,
    tooltip: {
      trigger: 'axis',
      formatter: (items) => items.map((i) => `${esc(i.name)}：${TIER_NAMES[i.value]}${crisisNote(history[i.dataIndex])}`).join('<br>'),
    },
    grid: { left: 90, right: 24, top: 24, bottom: 40 },
    xAxis: { type: 'category', data: history.map((h) => h.windowName), boundaryGap: false },
    yAxis: { type: 'value', min: 0, max: 3, interval: 1, axisLabel: { formatter: (v) => TIER_NAMES[v] || '' } },
    series: [
      {
        type: 'line',
        data: history.map((h) => h.tier),
        showSymbol: true,
        symbolSize: 12,
        label: { show: true, position: 'top', formatter: (p) => TIER_NAMES[p.value] },
        itemStyle: { color: '#2f7a74' },
        markArea: { silent: true, data: [[{ yAxis: 2, itemStyle: { color: 'rgba(208,113,59,0.08)' } }, { yAxis: 3 }]] },
      },
    ],
  });
  if (history.length === 0) chartNode.append(el('p', { class: 'muted' }, '尚无筛查结果。'));

  view.append(
    el(
      'section',
      { class: 'card' },
      el('h3', {}, '历次筛查结果'),
      el(
        'table',
        { 'data-testid': 'archive-results' },
        el(
          'thead',
          {},
          el('tr', {}, ...['筛查窗口', '表单', '关注等级', '触发规则', '量表得分', '效度', '常模', '提交时间'].map((h) => el('th', {}, h))),
        ),
        el(
          'tbody',
          {},
          ...a.results.map((r) =>
            el(
              'tr',
              {},
              el('td', {}, r.windowName),
              el('td', {}, FORM_NAMES[r.form] || r.form),
              el('td', { 'data-testid': 'archive-tier-' + r.resultId },
                el('span', { class: 'tier tier-' + r.tier }, TIER_NAMES[r.tier]),
                r.crisis && r.crisisLevel ? levelPill(el, r.crisisLevel) : null,
                r.crisis && r.tier !== 3 ? '（含危机条目）' : ''),
              el('td', {}, rulesText(r), staffNote(r)),
              el('td', {}, scoresText(r.scores)),
              el('td', {}, VALIDITY_NAMES[r.validity] || r.validity),
              el('td', {}, r.normVersion),
              el('td', {}, when(r.submittedAt)),
            ),
          ),
          a.results.length ? null : el('tr', {}, el('td', { colspan: 8, class: 'muted' }, '尚无筛查结果。')),
        ),
      ),
    ),
  );

  const casesBody = el('tbody');
  function renderCases() {
    casesBody.replaceChildren(
      ...a.cases.map((c) =>
        el(
          'tr',
          { class: c.overdue ? 'overdue' : null, 'data-testid': 'archive-case-' + c.caseId },
          el('td', {}, c.status === 'open' ? '进行中' : '已结案'),
          el('td', {}, el('span', { class: 'tier tier-' + c.level }, TIER_NAMES[c.level])),
          el('td', {}, when(c.openedAt)),
          el('td', {}, c.status === 'open' ? when(c.dueAt) + (c.overdue ? '（逾期）' : '') : when(c.closedAt)),
          el('td', {}, c.lastAction ? ACTION_NAMES[c.lastAction] : '尚无记录'),
        ),
      ),
    );
    if (a.cases.length === 0) casesBody.append(el('tr', {}, el('td', { colspan: 5, class: 'muted' }, '没有跟踪个案。')));
  }
  renderCases();

  const ledgerBody = el('tbody');
  function entryRow(e) {
    return el(
      'tr',
      { 'data-testid': 'ledger-entry-' + e.id },
      el('td', {}, when(e.at)),
      el('td', {}, ACTION_NAMES[e.action] || e.action),
      el('td', {}, e.actorName),
      el('td', {}, e.note || ''),
    );
  }
  ledgerBody.append(...a.ledger.map(entryRow));

  const action = el(
    'select',
    { 'data-testid': 'followup-action', 'aria-label': '跟进动作' },
    ...Object.entries(ACTION_NAMES).map(([code, label]) => el('option', { value: code }, label)),
  );
  const note = el('textarea', { 'data-testid': 'followup-note', rows: 2, maxlength: 2000, placeholder: '备注（可选，加密保存）' });
  const record = el('button', { type: 'button', class: 'primary', 'data-testid': 'followup-record' }, '记录');
  record.addEventListener('click', async () => {
    record.disabled = true;
    try {
      const body = { action: action.value };
      if (note.value.trim()) body.note = note.value.trim();
      const r = await api('POST', '/api/staff/students/' + id + '/followups', body);
      showError('');
      ledgerBody.append(entryRow(r.entry));
      if (r.case) {
        const i = a.cases.findIndex((c) => c.caseId === r.case.caseId);
        if (i >= 0) a.cases[i] = r.case;
        else a.cases.unshift(r.case);
        renderCases();
      }
      note.value = '';
    } catch (e) {
      showError(e.status === 409 ? '该学生没有进行中的个案，无需结案。' : e.message);
    } finally {
      record.disabled = false;
    }
  });

  view.append(
    el(
      'section',
      { class: 'card' },
      el('h3', {}, '跟踪个案'),
      el('table', {}, el('thead', {}, el('tr', {}, ...['状态', '开案等级', '开案时间', '截止/结案', '最近动作'].map((h) => el('th', {}, h)))), casesBody),
    ),
    el(
      'section',
      { class: 'card' },
      el('h3', {}, '干预台账'),
      el('table', { 'data-testid': 'followup-ledger' }, el('thead', {}, el('tr', {}, ...['时间', '动作', '记录人', '备注'].map((h) => el('th', {}, h)))), ledgerBody),
      el('div', { class: 'row no-print' }, el('label', {}, '动作', action), el('label', {}, '备注', note), record),
    ),
  );
}

const METHOD_NAMES = { paper_form: '纸质同意书', phone: '电话', online: '线上' };

/**
 * 监护人同意: record, for one window, that the guardian gave consent or withdrew it, and how it
 * reached the school; the history of that window below. A withdrawal holds at once: a submit after
 * it stores nothing (a crisis answer in it still reaches the school). Every record and view is
 * audited on the server.
 */
function consentCard(s) {
  const windowSelect = el('select', { 'data-testid': 'consent-record-window', onchange: () => history() });
  const given = el('select', { 'data-testid': 'consent-record-given' },
    el('option', { value: 'true' }, '同意'), el('option', { value: 'false' }, '撤回同意'));
  const method = el('select', { 'data-testid': 'consent-record-method' },
    ...Object.entries(METHOD_NAMES).map(([k, v]) => el('option', { value: k }, v)));
  const list = el('div', { 'data-testid': 'consent-history' });
  const card = el('section', { class: 'card', 'data-testid': 'consent-record' },
    el('h3', {}, '监护人同意'),
    el('p', { class: 'muted' }, '按筛查窗口记录家长或监护人的同意与撤回。撤回后该生在此窗口的提交不会保存。'),
    el('div', { class: 'row' },
      el('label', {}, '窗口 ', windowSelect), el('label', {}, '内容 ', given), el('label', {}, '方式 ', method),
      el('button', { type: 'button', 'data-testid': 'consent-record-submit', onclick: () => record() }, '记录')),
    list);

  async function history() {
    if (!windowSelect.value) return;
    try {
      const h = await api('GET', '/api/staff/students/' + s.id + '/consent?windowId=' + windowSelect.value);
      list.replaceChildren(h.records.length
        ? el('ul', {}, h.records.map((r) => el('li', {}, when(r.at) + ' · ' + (r.given ? '同意' : '撤回同意') + ' · ' +
            (METHOD_NAMES[r.method] || r.method) + (r.source === 'guardian' ? ' · 家长本人' : ''))))
        : el('p', { class: 'muted' }, '此窗口还没有记录（以名册中的同意为准）。'));
    } catch (e) {
      list.replaceChildren(el('p', { class: 'muted' }, '无法读取：' + ((e && e.message) || e)));
    }
  }

  async function record() {
    try {
      await api('POST', '/api/staff/students/' + s.id + '/consent',
        { windowId: Number(windowSelect.value), given: given.value === 'true', method: method.value });
      await history();
    } catch (e) {
      showError(e);
    }
  }

  api('GET', '/api/staff/windows')
    .then(({ windows }) => {
      windowSelect.replaceChildren(...windows.map((w) => el('option', { value: String(w.id) }, w.name)));
      return history();
    })
    .catch((e) => list.replaceChildren(el('p', { class: 'muted' }, '无法读取窗口：' + ((e && e.message) || e))));
  return card;
}
