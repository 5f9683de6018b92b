// 跟踪台账: follow-up cases in the caller's scope. Admins and psychologists see the level and open
// the archive; a head teacher sees her class's tasks (never a tier) and records interviews and
// parent contacts inline.

import { api, el, showError, TIER_NAMES } from '/console/console.js';

/** zh-CN labels of the ledger actions, in the order they usually happen. */
export const ACTION_NAMES = {
  interview: '已约谈',
  parent_informed: '已告知家长',
  referred: '已转介医院',
  hospital_feedback: '医院反馈',
  closed: '结案',
};

/** The actions a head teacher may record. */
export const HEAD_TEACHER_ACTIONS = ['interview', 'parent_informed'];

const STATUS_NAMES = { open: '未结案', overdue: '已逾期', closed: '已结案' };

/** Local date and time, minutes precision. */
export function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export async function mount(view, ctx) {
  const headTeacher = ctx.session.role === 'head_teacher';
  let status = 'open';
  const summary = el('p', { class: 'muted', 'data-testid': 'cases-summary' });
  const tbody = el('tbody');
  // Pages of 500: the next one is appended below, where the reader already is.
  const more = el('button', { type: 'button', class: 'no-print', 'data-testid': 'cases-more', hidden: true }, '');
  let next = null;
  let total = 0;
  let overdueTotal = 0;
  more.addEventListener('click', () => fetchPage(true));
  const filters = el(
    'div',
    { class: 'row no-print' },
    ...Object.entries(STATUS_NAMES).map(([code, label]) =>
      el('button', { type: 'button', 'data-status': code, 'data-testid': 'cases-filter-' + code, onclick: () => load(code) }, label),
    ),
  );
  const head = el(
    'tr',
    {},
    el('th', {}, '学号'),
    el('th', {}, '姓名'),
    el('th', { class: 'n' }, '年级'),
    el('th', {}, '班级'),
    headTeacher ? null : el('th', {}, '学校'),
    headTeacher ? null : el('th', {}, '关注等级'),
    el('th', {}, '开案'),
    el('th', {}, '截止'),
    el('th', {}, '最近动作'),
    el('th', {}, headTeacher ? '记录' : '档案'),
  );
  view.append(
    el(
      'section',
      { class: 'card' },
      el('h2', {}, '跟踪台账'),
      el('p', { class: 'muted' }, headTeacher
        ? '本班需要跟进的学生。请在约谈或联系家长后及时记录。'
        : '每位密切关注或危机学生都有一个跟踪个案，结案前保持开放；逾期个案以底色标出。'),
      filters,
      summary,
      el('table', { 'data-testid': 'cases-table' }, el('thead', {}, head), tbody),
      more,
    ),
  );

  function actionCell(c) {
    if (!headTeacher) {
      return el('td', {}, el('a', { href: '#/student/' + c.studentId, 'data-testid': 'case-archive-' + c.studentId }, '查看档案'));
    }
    if (c.status !== 'open') return el('td', {});
    const select = el(
      'select',
      { 'data-testid': 'case-action-' + c.studentId, 'aria-label': '跟进动作' },
      ...HEAD_TEACHER_ACTIONS.map((a) => el('option', { value: a }, ACTION_NAMES[a])),
    );
    const button = el('button', { type: 'button', 'data-testid': 'case-record-' + c.studentId }, '记录');
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const r = await api('POST', '/api/staff/students/' + c.studentId + '/followups', {
          action: select.value,
          windowId: c.windowId,
        });
        showError('');
        Object.assign(c, r.case || {});
        render(current);
      } catch (e) {
        showError(e.message);
      } finally {
        button.disabled = false;
      }
    });
    return el('td', {}, el('div', { class: 'row' }, select, button));
  }

  let current = [];
  function render(cases) {
    current = cases;
    tbody.replaceChildren(
      ...cases.map((c) =>
        el(
          'tr',
          { 'data-testid': 'case-row-' + c.studentId, class: c.overdue ? 'overdue' : null },
          el('td', {}, c.studentNo),
          el('td', {}, c.name),
          el('td', { class: 'n' }, c.grade),
          el('td', {}, c.className),
          headTeacher ? null : el('td', {}, c.schoolName),
          headTeacher ? null : el('td', {}, c.level === undefined ? '' : el('span', { class: 'tier tier-' + c.level }, TIER_NAMES[c.level])),
          el('td', {}, when(c.openedAt)),
          el('td', {}, when(c.dueAt), c.overdue ? el('span', { class: 'muted' }, '（逾期）') : null),
          el('td', {}, c.lastAction ? ACTION_NAMES[c.lastAction] + ' · ' + when(c.lastActionAt) : '尚无记录'),
          actionCell(c),
        ),
      ),
    );
    if (cases.length === 0) {
      tbody.append(el('tr', {}, el('td', { colspan: headTeacher ? 8 : 10, class: 'muted' }, '没有' + STATUS_NAMES[status] + '的个案。')));
    }
  }

  function showSummary() {
    const shown = current.length < total ? `（已显示 ${current.length} 个）` : '';
    summary.textContent = `${STATUS_NAMES[status]}：${total} 个` + (status === 'open' ? `，其中逾期 ${overdueTotal} 个` : '') + shown;
    more.hidden = !next;
    more.textContent = `再显示 ${Math.min(500, total - current.length)} 个`;
  }

  async function fetchPage(append) {
    const query = '?status=' + encodeURIComponent(status) + (append && next ? '&after=' + encodeURIComponent(next) : '');
    more.disabled = true;
    try {
      const data = await api('GET', '/api/staff/followups' + query);
      next = data.next || null;
      total = data.total;
      overdueTotal = data.overdue || 0;
      render(append ? current.concat(data.cases) : data.cases);
      showSummary();
    } catch (e) {
      showError(e.message);
    } finally {
      more.disabled = false;
    }
  }

  async function load(chosen) {
    status = chosen;
    next = null;
    for (const b of filters.querySelectorAll('button')) b.classList.toggle('primary', b.dataset.status === status);
    await fetchPage(false);
  }

  await load(status);
}
