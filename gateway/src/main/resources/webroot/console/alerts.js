// 危机预警: unacknowledged crisis alerts in the caller's scope, from the shell's one crisis feed
// (crisis.js), so this page opens no stream of its own. Each row names the school, class and
// student number (never a name or an answer), the crisis level (一般/严重/重大), where the alert came
// from (a submitted result, or a crisis answer in a draft nobody submitted), when it goes to the
// district, links to the student's archive, and lets the caller take the alert on.

import { levelPill, escalationText, SOURCE_NAMES } from '/console/crisis.js';

const TICK_MS = 30_000;

export async function mount(view, ctx) {
  const { api, el, showError, TIER_NAMES, crisis } = ctx;
  document.head.append(el('link', { rel: 'stylesheet', href: '/console/progress.css' }));
  if (!crisis) {
    view.append(el('p', { class: 'muted' }, '您的角色没有危机预警。'));
    return null;
  }

  const labels = new Map(); // studentId → { studentNo, className, schoolName }
  const asked = new Set(); // studentIds whose labels were asked for
  const live = el('span', { class: 'live off', 'data-testid': 'alerts-live' }, '连接中…');
  const body = el('tbody');
  const list = el('div', { class: 'alerts-scroll', 'data-testid': 'alerts-list' },
    el('table', { class: 'alerts-table' },
      el('thead', {}, el('tr', {},
        el('th', {}, '等级'), el('th', {}, '升级时限'), el('th', {}, '学校'), el('th', {}, '班级'), el('th', {}, '学号'),
        el('th', {}, '来源'), el('th', {}, '时间'), el('th', {}, '档案'), el('th', {}, '操作'))),
      body));
  const empty = el('p', { class: 'muted', 'data-testid': 'alerts-empty' }, '目前没有待处理的危机预警。');
  view.append(
    el('div', { class: 'card' },
      el('div', { class: 'row' }, el('h2', {}, '待处理的危机预警'), live),
      el('p', { class: 'muted' }, '请尽快确认接手并与学生当面联系；超过时限未确认的预警会升级到区县。'),
      list, empty));

  /** Student number, class and school of students not labelled yet (the server audits this). */
  async function label(ids) {
    const missing = [...new Set(ids)].filter((id) => !asked.has(id));
    if (!missing.length) return;
    missing.forEach((id) => asked.add(id));
    try {
      for (let i = 0; i < missing.length; i += 200) {
        const { students } = await api('GET', '/api/staff/alerts/students?ids=' + missing.slice(i, i + 200).join(','));
        for (const s of students) labels.set(s.studentId, s);
      }
    } catch (e) {
      missing.forEach((id) => asked.delete(id));
      showError(e.message);
      return;
    }
    render();
  }

  function render() {
    const rows = crisis.list();
    body.replaceChildren(...rows.map(row));
    list.hidden = rows.length === 0;
    empty.hidden = rows.length !== 0;
    live.textContent = crisis.connected ? '实时' : '重新连接中…';
    live.className = 'live ' + (crisis.connected ? 'on' : 'off');
    label(rows.map((a) => a.studentId));
  }

  function row(a) {
    const s = labels.get(a.studentId) || {};
    const ack = el('button', { class: 'primary', 'data-testid': 'alert-ack-' + a.alertId, onclick: () => acknowledge(a, ack) }, '确认接手');
    const due = escalationText(a, Date.now());
    const soon = !a.escalatedAt && Date.parse(a.escalateDueAt) - Date.now() < 10 * 60_000;
    return el('tr', { 'data-testid': 'alert-row-' + a.alertId, 'data-crisis-level': a.crisisLevel },
      el('td', { 'data-testid': 'alert-level-' + a.alertId },
        el('span', { class: 'tier tier-' + a.level }, TIER_NAMES[a.level]), levelPill(el, a.crisisLevel)),
      el('td', { 'data-testid': 'alert-due-' + a.alertId },
        a.escalatedAt
          ? el('span', { class: 'escalated', title: new Date(a.escalatedAt).toLocaleString('zh-CN') }, due)
          : el('span', { class: 'alert-due' + (soon ? ' soon' : ''), title: '截止 ' + new Date(a.escalateDueAt).toLocaleString('zh-CN') }, due)),
      el('td', {}, s.schoolName || crisis.schoolName(a.schoolId) || '—'),
      el('td', {}, s.className || '—'),
      el('td', {}, s.studentNo || '—'),
      el('td', { 'data-testid': 'alert-source-' + a.alertId },
        a.source === 'unsubmitted'
          ? el('span', { class: 'alert-source-unsubmitted', title: '学生在作答中给出了危机回答，但没有提交问卷' }, SOURCE_NAMES.unsubmitted)
          : SOURCE_NAMES[a.source] || SOURCE_NAMES.result),
      el('td', {}, new Date(a.createdAt).toLocaleString('zh-CN')),
      el('td', {}, el('a', { href: '#/student/' + a.studentId }, '查看档案')),
      el('td', {}, ack));
  }

  async function acknowledge(a, button) {
    button.disabled = true;
    try {
      await crisis.acknowledge(a.alertId);
      showError('');
    } catch (e) {
      button.disabled = false;
      showError(e.message);
    }
  }

  const stop = crisis.subscribe(render);
  const tick = setInterval(render, TICK_MS); // the minutes to escalation count down
  render();
  crisis.refresh();
  return () => {
    stop();
    clearInterval(tick);
  };
}
