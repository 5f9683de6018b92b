// The staff console shell: sign-in, the role-aware menu, and a hash router that mounts one
// section module at a time. Each section lives in its own file under /console/ and exports
// mount(view, ctx); ctx carries the API client, the session, small DOM helpers and the crisis
// feed (crisis.js), which the shell keeps open across sections for the roles that have it.

import { startFeed, stopFeed, clearShell, feed } from '/console/crisis.js';

const SECTIONS = [
  // id, label, module, roles that see it in the menu
  ['progress', '实时进度', 'progress.js', ['city_admin', 'district_admin', 'school_psychologist']],
  ['alerts', '危机预警', 'alerts.js', ['city_admin', 'district_admin', 'school_psychologist']],
  ['alert-channels', '预警通知', 'alert-channels.js', ['city_admin', 'district_admin']],
  ['tiers', '关注名单', 'tiers.js', ['city_admin', 'district_admin', 'school_psychologist']],
  ['followup', '跟踪台账', 'followup.js', ['city_admin', 'district_admin', 'school_psychologist', 'head_teacher']],
  ['ratings', '低年级评定', 'ratings.js', ['head_teacher', 'school_psychologist']],
  ['windows', '筛查窗口', 'windows.js', ['city_admin', 'district_admin', 'school_psychologist', 'head_teacher']],
  ['roster', '名册导入', 'roster.js', ['city_admin', 'district_admin']],
  ['reports', '统计报告', 'reports.js', ['city_admin', 'district_admin', 'school_psychologist']],
  ['audit', '审计日志', 'audit.js', ['city_admin', 'district_admin']],
  ['accounts', '账号管理', 'accounts.js', ['city_admin', 'district_admin', 'school_psychologist']],
  ['password', '修改密码', 'password.js', ['city_admin', 'district_admin', 'school_psychologist', 'head_teacher', 'ops']],
  ['totp', '两步验证', 'totp.js', ['city_admin', 'district_admin', 'school_psychologist', 'head_teacher', 'ops']],
];
// Reached by link only (e.g. #/student/42), never listed in the menu.
const HIDDEN = [['student', '学生档案', 'archive.js']];

/** An API error with the server's code and its human message. */
/**
 * zh-CN words for the server's error codes whose English message is fixed. Codes whose message
 * names a field or a value (bad_field, bad_param, invalid_transition, ...) keep the server's words,
 * which say exactly what to change.
 */
export const ERROR_TEXT = {
  login_failed: '用户名或密码不正确。',
  change_password: '请先修改一次性密码。',
  enrol_totp: '请先绑定动态口令（两步验证）。',
  otp_required: '请输入手机验证器上的 6 位动态口令。',
  username_taken: '这个用户名已被使用。',
  sign_in_throttled: '登录尝试过于频繁，请稍等片刻再试。',
  busy: '正在登录的老师较多，请稍后再试。',
  cross_origin: '此操作必须在管理控制台中进行。',
  unauthorized: '请先登录。',
  not_signed_in: '请先登录。',
  forbidden: '您的账号没有此项权限。',
  not_found: '未找到，或不在您的管理范围内。',
  empty_file: '文件是空的，请选择花名册文件。',
  file_too_large: '花名册文件超过 64 MB，请按区县或学校拆分后分别上传。',
  body_too_large: '提交的内容超过 64 KB。',
  unsupported_media_type: '提交的格式不对，请刷新页面后重试。',
  malformed_json: '提交的内容无法读取，请刷新页面后重试。',
  no_open_case: '该学生没有未结案的跟踪个案；可以直接记录动作。',
  consent_missing: '监护人尚未同意，不能记录评定。',
  store_unavailable: '暂时无法保存，请稍后重试。',
  window_closed: '筛查已结束。',
  window_not_open: '筛查尚未开始。',
  missing_window: '请先选择筛查窗口。',
  internal: '服务器出错了，请重试。',
};

export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(ERROR_TEXT[code] || message);
    this.status = status;
    this.code = code;
    this.details = details;
    this.serverMessage = message;
  }
}

/** Calls the staff API; JSON in and out. Throws ApiError with the server's message. */
export async function api(method, path, body, headers) {
  const init = { method, headers: Object.assign({}, headers || {}), credentials: 'same-origin' };
  if (body instanceof Blob || body instanceof ArrayBuffer) {
    init.body = body;
  } else if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  if (res.status === 204) return null;
  const type = res.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    // The server answers {"error": code, "message": text, ...details}.
    const e = data && typeof data === 'object' ? data : {};
    if (res.status === 401 && path !== '/api/staff/login') showLogin();
    throw new ApiError(res.status, e.error || String(res.status), e.message || res.statusText, e);
  }
  return data;
}

/** Creates an element: el('td', {class: 'n', 'data-testid': 'x'}, 'text', child...). */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** A chart in `node` (ECharts, from its WebJar), resized with the window. */
export function chart(node, option) {
  const instance = window.echarts.getInstanceByDom(node) || window.echarts.init(node);
  instance.setOption(option, true);
  if (!node.dataset.resizes) {
    node.dataset.resizes = '1';
    window.addEventListener('resize', () => instance.resize());
  }
  return instance;
}

/** Shows an error in the banner (or hides it when message is empty). */
export function showError(message) {
  const banner = document.getElementById('error');
  banner.textContent = message || '';
  banner.hidden = !message;
}

export const TIER_NAMES = { 0: '日常关注', 1: '重点关注', 2: '密切关注', 3: '危机' };
export const ROLE_NAMES = {
  city_admin: '市级管理员',
  district_admin: '区县管理员',
  school_psychologist: '学校心理教师',
  head_teacher: '班主任',
  ops: '运维',
};

let session = null;
let signedOutUser = null; // who was signed in before the login form last showed
let unmount = null;

function showLogin() {
  signedOutUser = session ? session.username : signedOutUser;
  session = null;
  stopFeed();
  clearShell();
  document.getElementById('login').hidden = false;
  document.getElementById('nav').hidden = true;
  document.getElementById('logout').hidden = true;
  document.getElementById('who').textContent = '';
  document.getElementById('view').replaceChildren();
}

function visible(role) {
  return SECTIONS.filter(([, , , roles]) => roles.includes(role));
}

function renderNav() {
  const nav = document.getElementById('nav');
  nav.replaceChildren(
    ...visible(session.role).map(([id, label]) =>
      el('a', { href: '#/' + id, 'data-testid': 'nav-' + id, 'data-section': id }, label),
    ),
  );
  nav.hidden = false;
  document.getElementById('logout').hidden = false;
  document.getElementById('who').textContent = session.username + ' · ' + (ROLE_NAMES[session.role] || session.role);
}

/** Counts route() calls: a section whose route was overtaken while it loaded is dropped. */
let routing = 0;

async function route() {
  if (!session) return;
  const mine = ++routing;
  const [id, ...params] = (location.hash.replace(/^#\/?/, '') || '').split('/');
  const all = SECTIONS.concat(HIDDEN);
  const section = all.find(([sid]) => sid === id) || visible(session.role)[0];
  if (!section) {
    document.getElementById('view').replaceChildren(el('p', {}, '您的角色没有可用的功能。'));
    return;
  }
  for (const a of document.querySelectorAll('#nav a')) {
    a.classList.toggle('active', a.dataset.section === section[0]);
  }
  if (unmount) {
    try { unmount(); } catch (e) { /* a section that failed to clean up must not block the next */ }
    unmount = null;
  }
  showError('');
  const view = document.getElementById('view');
  view.replaceChildren(el('p', { class: 'muted' }, '加载中…'));
  view.dataset.section = section[0];
  try {
    const module = await import('/console/' + section[2]);
    if (mine !== routing) return; // a newer route() took over while this one loaded
    // Each mount gets a host of its own: a mount overtaken half-way (two route() calls close
    // together: sign-in and a hash change) then fills a detached host, never a second copy on the page.
    const host = el('div', {});
    view.replaceChildren(host);
    const ctx = { api, el, chart, showError, session, params: params.map(decodeURIComponent), TIER_NAMES, crisis: feed() };
    const mounted = (await module.mount(host, ctx)) || null;
    if (mine !== routing) {
      try { if (mounted) mounted(); } catch (e) { /* stale section */ }
      return;
    }
    unmount = mounted;
  } catch (e) {
    if (mine !== routing) return;
    view.replaceChildren();
    showError(e.message || String(e));
  }
}

async function start() {
  document.getElementById('login-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    const body = { username: form.username.value, password: form.password.value };
    if (form.otp.value) body.otp = form.otp.value.trim();
    try {
      await api('POST', '/api/staff/login', body);
      form.password.value = '';
      form.otp.value = '';
      document.getElementById('otp-field').hidden = true;
      await signedIn();
    } catch (e) {
      if (e.code === 'otp_required') {
        // The password was right; the account has a second factor: ask for the code.
        document.getElementById('otp-field').hidden = false;
        form.otp.focus();
      }
      showError(e.message);
    }
  });
  document.getElementById('logout').addEventListener('click', async () => {
    await api('POST', '/api/staff/logout').catch(() => {});
    showLogin();
  });
  document.getElementById('crisis-notify').addEventListener('click', () => {
    const f = feed();
    if (f) f.askNotifications().catch(() => {});
  });
  document.getElementById('crisis-sound').addEventListener('click', () => {
    const f = feed();
    if (f) f.setSound(!f.soundOn());
  });
  window.addEventListener('hashchange', route);
  try {
    await signedIn();
  } catch (e) {
    showLogin();
  }
}

async function signedIn() {
  session = await api('GET', '/api/staff/me');
  if (signedOutUser && signedOutUser !== session.username && location.hash) {
    // Another account signed in: start from its own first section, not the last one's.
    history.replaceState(null, '', location.pathname);
  }
  document.getElementById('login').hidden = true;
  showError('');
  if (session.pending) {
    await pendingStep();
    return;
  }
  renderNav();
  clearShell();
  startFeed(api, session);
  await route();
}

/**
 * A session that must first change its one-time password (or enrol its second factor) sees that
 * page only; the server refuses everything else until it is done.
 */
async function pendingStep() {
  stopFeed();
  clearShell();
  document.getElementById('nav').hidden = true;
  document.getElementById('logout').hidden = false;
  document.getElementById('who').textContent = session.username;
  const view = document.getElementById('view');
  view.replaceChildren();
  view.dataset.section = session.pending;
  const module = await import(session.pending === 'change_password' ? '/console/password.js' : '/console/totp.js');
  await module.mount(view, { api, el, showError, session }, signedIn);
}

start();
