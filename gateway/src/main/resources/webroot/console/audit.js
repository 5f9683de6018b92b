// 审计日志: who viewed or exported whose identifiable results, and when; newest first, with
// filters and "more" paging. City admins see everything, district admins their district.

import { api, el, showError } from '/console/console.js';
import { when } from '/console/followup.js';

const ROLE_NAMES = {
  city_admin: '市级管理员',
  district_admin: '区县管理员',
  school_psychologist: '学校心理教师',
  head_teacher: '班主任',
  ops: '运维',
};

export async function mount(view) {
  const student = el('input', { type: 'number', min: 1, 'data-testid': 'audit-student', placeholder: '学生ID' });
  const actor = el('input', { type: 'number', min: 1, 'data-testid': 'audit-actor', placeholder: '账号ID' });
  const action = el('input', { type: 'text', maxlength: 64, 'data-testid': 'audit-action', placeholder: '如 view_archive' });
  const tbody = el('tbody');
  const more = el('button', { type: 'button', 'data-testid': 'audit-more', hidden: true }, '更多');
  let next = null;

  function query(before) {
    const q = new URLSearchParams({ limit: '100' });
    if (student.value) q.set('student', student.value);
    if (actor.value) q.set('actor', actor.value);
    if (action.value.trim()) q.set('action', action.value.trim());
    if (before) q.set('before', String(before));
    return '/api/staff/audit?' + q.toString();
  }

  async function load(append) {
    try {
      const page = await api('GET', query(append ? next : null));
      showError('');
      if (!append) tbody.replaceChildren();
      tbody.append(
        ...page.entries.map((e) =>
          el(
            'tr',
            { 'data-testid': 'audit-row-' + e.id },
            el('td', {}, when(e.at)),
            el('td', {}, e.actorName || (e.actorId ? '#' + e.actorId : '未登录')),
            el('td', {}, ROLE_NAMES[e.actorRole] || e.actorRole || ''),
            el('td', {}, e.action),
            el('td', {}, e.studentId ? el('a', { href: '#/student/' + e.studentId }, String(e.studentId)) : ''),
            el('td', {}, e.subject || ''),
            el('td', {}, e.reason || ''),
            el('td', {}, e.ok ? '允许' : '拒绝'),
          ),
        ),
      );
      next = page.next;
      more.hidden = next === null;
    } catch (e) {
      showError(e.message);
    }
  }

  more.addEventListener('click', () => load(true));
  view.append(
    el(
      'section',
      { class: 'card' },
      el('h2', {}, '审计日志'),
      el('p', { class: 'muted' }, '每一次查看或导出可识别学生结果的操作，以及被拒绝的尝试。'),
      el(
        'form',
        { class: 'row no-print', onsubmit: (ev) => { ev.preventDefault(); load(false); } },
        el('label', {}, '学生', student),
        el('label', {}, '操作人', actor),
        el('label', {}, '动作', action),
        el('button', { type: 'submit', class: 'primary' }, '查询'),
      ),
      el(
        'table',
        { 'data-testid': 'audit-table' },
        el('thead', {}, el('tr', {}, ...['时间', '操作人', '角色', '动作', '学生', '对象', '原因', '结果'].map((h) => el('th', {}, h)))),
        tbody,
      ),
      more,
    ),
  );
  await load(false);
}
