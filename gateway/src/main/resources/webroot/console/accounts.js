// 账号管理: the staff accounts the signed-in admin manages. A city admin manages every account, a
// district admin the school psychologists and head teachers of her district, a school psychologist
// the head teachers of her school. A new account or a reset shows its one-time password once; the
// holder must change it at her first sign-in. Disabling an account ends its sessions and open
// pages at once; every change is written to the audit log.

import { ROLE_NAMES } from '/console/console.js';

/** Which unit each role is tied to: the form asks for that one only. */
const UNIT_OF = {
  city_admin: null,
  ops: null,
  district_admin: 'district',
  school_psychologist: 'school',
  head_teacher: 'class',
};

function when(iso) {
  return iso ? new Date(iso).toLocaleString('zh-CN', { dateStyle: 'medium', timeStyle: 'short' }) : '';
}

export async function mount(view, ctx) {
  const { api, el, showError } = ctx;
  const tableBody = el('tbody');
  const note = el('div', { class: 'banner ok', 'data-testid': 'account-note', role: 'status', hidden: true });
  const formBox = el('div', { class: 'card', hidden: true, 'data-testid': 'account-form-box' });
  let roles = [];
  let units = null;
  let classes = null;

  view.append(
    el('div', { class: 'card' },
      el('div', { class: 'row' },
        el('h2', {}, '账号管理'),
        el('button', { type: 'button', class: 'primary', 'data-testid': 'account-new', onclick: () => openForm(null) }, '新建账号')),
      el('p', { class: 'muted' },
        '新账号和重置后的账号会得到一次性密码，只显示这一次，请当面或电话告知本人；本人首次登录时必须修改。',
        '停用账号会立即结束其所有登录和打开的页面。所有操作都记入审计日志。'),
      note,
      el('table', { 'data-testid': 'accounts-table' },
        el('thead', {}, el('tr', {},
          el('th', {}, '用户名'), el('th', {}, '姓名'), el('th', {}, '角色'), el('th', {}, '范围'),
          el('th', {}, '状态'), el('th', {}, '创建时间'), el('th', {}, ''))),
        tableBody)),
    formBox,
  );

  function showPassword(username, password) {
    note.replaceChildren(
      el('strong', {}, username + ' 的一次性密码：'), ' ',
      el('code', { 'data-testid': 'one-time-password' }, password), ' ',
      el('span', { class: 'muted' }, '（只显示这一次；首次登录须修改）'));
    note.hidden = false;
  }

  function say(text) {
    note.replaceChildren(text);
    note.hidden = false;
  }

  async function loadUnits() {
    if (!units) units = await api('GET', '/api/staff/reports/units').catch(() => ({ districts: [], schools: [] }));
    if (!classes) classes = (await api('GET', '/api/staff/classes').catch(() => ({ classes: [] }))).classes;
  }

  function scopeText(a) {
    const parts = [];
    if (units) {
      const d = units.districts.find((x) => x.id === a.districtId);
      const s = units.schools.find((x) => x.id === a.schoolId);
      if (d) parts.push(d.name);
      if (s) parts.push(s.name);
    } else {
      if (a.districtId) parts.push('区县 ' + a.districtId);
      if (a.schoolId) parts.push('学校 ' + a.schoolId);
    }
    if (a.classId) {
      const c = (classes || []).find((x) => x.id === a.classId);
      parts.push(c ? c.grade + '年级 ' + c.name : '班级 ' + a.classId);
    }
    return parts.length ? parts.join(' / ') : '全市';
  }

  async function load() {
    const answer = await api('GET', '/api/staff/accounts');
    roles = answer.roles;
    await loadUnits();
    tableBody.replaceChildren(...answer.accounts.map(row));
    if (!answer.accounts.length) {
      tableBody.append(el('tr', {}, el('td', { colspan: 7, class: 'muted' }, '您管理的范围内还没有账号。')));
    }
  }

  function row(a) {
    const state = a.disabled ? '已停用' : a.mustChangePassword ? '待首次登录' : '正常';
    return el('tr', { 'data-testid': 'account-row-' + a.username },
      el('td', {}, a.username),
      el('td', {}, a.displayName),
      el('td', {}, ROLE_NAMES[a.role] || a.role),
      el('td', {}, scopeText(a)),
      el('td', { 'data-testid': 'account-state-' + a.username }, state, a.totp ? ' · 已绑定动态口令' : ''),
      el('td', {}, when(a.createdAt)),
      el('td', {},
        el('button', { type: 'button', 'data-testid': 'account-toggle-' + a.username, onclick: () => toggle(a) }, a.disabled ? '启用' : '停用'),
        el('button', { type: 'button', 'data-testid': 'account-reset-' + a.username, onclick: () => reset(a) }, '重置密码'),
        el('button', { type: 'button', 'data-testid': 'account-scope-' + a.username, onclick: () => openForm(a) }, '修改角色')));
  }

  async function toggle(a) {
    if (!a.disabled && !confirm('停用 ' + a.username + '？其所有登录和打开的页面会立即结束。')) return;
    try {
      await api('POST', '/api/staff/accounts/' + a.id + (a.disabled ? '/enable' : '/disable'));
      say((a.disabled ? '已启用 ' : '已停用 ') + a.username + '。');
      await load();
    } catch (e) {
      showError(e.message);
    }
  }

  async function reset(a) {
    if (!confirm('重置 ' + a.username + ' 的密码？其所有登录会立即结束。')) return;
    try {
      const answer = await api('POST', '/api/staff/accounts/' + a.id + '/reset-password');
      showPassword(a.username, answer.oneTimePassword);
      await load();
    } catch (e) {
      showError(e.message);
    }
  }

  function unitSelect(role, current) {
    const unit = UNIT_OF[role];
    if (!unit) return null;
    let options = [];
    if (unit === 'district') options = units.districts.map((d) => [d.id, d.name]);
    if (unit === 'school') options = units.schools.map((s) => [s.id, s.name]);
    if (unit === 'class') options = (classes || []).map((c) => [c.id, c.schoolName + ' · ' + c.grade + '年级 ' + c.name]);
    const label = { district: '区县', school: '学校', class: '班级' }[unit];
    return el('label', {}, label + ' ',
      el('select', { name: 'unit', required: true, 'data-testid': 'account-unit' },
        options.map(([id, name]) => el('option', { value: id, selected: current === id }, name))));
  }

  function openForm(existing) {
    showError('');
    const roleSelect = el('select', { name: 'role', 'data-testid': 'account-role' },
      roles.map((r) => el('option', { value: r, selected: existing && existing.role === r }, ROLE_NAMES[r] || r)));
    const unitBox = el('div');
    const current = existing
      ? { district: existing.districtId, school: existing.schoolId, class: existing.classId }
      : {};
    const renderUnit = () => {
      const unit = UNIT_OF[roleSelect.value];
      unitBox.replaceChildren(unitSelect(roleSelect.value, unit ? current[unit] : null) || '');
    };
    roleSelect.addEventListener('change', renderUnit);
    const fields = existing ? [] : [
      el('label', {}, '用户名 ', el('input', { name: 'username', required: true, maxlength: 64, pattern: '[A-Za-z0-9._@-]+', autocomplete: 'off', 'data-testid': 'account-username' })),
      el('label', {}, '姓名 ', el('input', { name: 'displayName', required: true, maxlength: 100, autocomplete: 'off', 'data-testid': 'account-name' })),
    ];
    const form = el('form', { 'data-testid': 'account-form' },
      el('h3', {}, existing ? '修改 ' + existing.username + ' 的角色和范围' : '新建账号'),
      ...fields,
      el('label', {}, '角色 ', roleSelect),
      unitBox,
      el('p', { class: 'muted' }, existing ? '修改后该账号的所有登录会结束，需重新登录。' : ''),
      el('button', { type: 'submit', class: 'primary', 'data-testid': 'account-submit' }, existing ? '保存' : '创建'),
      el('button', { type: 'button', onclick: () => { formBox.hidden = true; } }, '取消'));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const role = roleSelect.value;
      const body = { role };
      const unit = UNIT_OF[role];
      if (unit) body[unit + 'Id'] = Number(form.unit.value);
      try {
        if (existing) {
          await api('PUT', '/api/staff/accounts/' + existing.id + '/scope', body);
          say('已修改 ' + existing.username + ' 的角色。');
        } else {
          body.username = form.username.value.trim();
          body.displayName = form.displayName.value.trim();
          const answer = await api('POST', '/api/staff/accounts', body);
          showPassword(answer.account.username, answer.oneTimePassword);
        }
        formBox.hidden = true;
        await load();
      } catch (e) {
        showError(e.message);
      }
    });
    formBox.replaceChildren(form);
    formBox.hidden = false;
    renderUnit();
  }

  try {
    await load();
  } catch (e) {
    showError(e.message);
  }
}
