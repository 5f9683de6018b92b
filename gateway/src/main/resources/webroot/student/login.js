// The login view: the slip's three details, the waiting room, and the token that starts the visit.

import { store, KEY_SESSION } from '/student/storage.js';
import { state, dom } from '/student/state.js';
import { t, setText, say, hush, forget } from '/student/text.js';
import { requestJson, errorCode, retryAfterSeconds, countdown } from '/student/net.js';
import { el, showView } from '/student/views.js';
import { stripSlipFromUrl } from '/student/session.js';
import { startQuestionnaire } from '/student/flow.js';

const API_LOGIN = '/api/student/login';
const ACCESS_CODE = /^[0-9A-HJKMNP-TV-Z]{10}$/;

/** Full-width characters folded (NFKC), surrounding and inner white space removed. */
export function compact(raw) {
  const text = String(raw || '');
  const folded = typeof text.normalize === 'function' ? text.normalize('NFKC') : text;
  return folded.replace(/\s+/g, '');
}

/**
 * An access code as the server expects it: upper case, Crockford look-alikes folded
 * (O→0, I/L→1), dashes and spaces dropped, then the dash put back after five characters.
 */
export function normaliseAccessCode(raw) {
  const chars = compact(raw)
    .toUpperCase()
    .replace(/[-_\u2010-\u2015\u2212\u30FC]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (ACCESS_CODE.test(chars)) return { value: chars.slice(0, 5) + '-' + chars.slice(5), valid: true };
  return { value: chars, valid: false };
}

export function renderLoginButton() {
  if (!dom.loginSubmit) return;
  setText(dom.loginSubmit, t(state.loginBusy ? 'login.submitting' : 'login.submit'));
  dom.loginSubmit.disabled = state.loginBusy;
  dom.loginSubmit.setAttribute('aria-busy', String(state.loginBusy));
}

function setLoginBusy(busy) {
  state.loginBusy = busy;
  [dom.loginSchool, dom.loginStudent, dom.loginCode].forEach((input) => {
    input.readOnly = busy;
  });
  renderLoginButton();
}

export function markField(input, invalid) {
  if (invalid) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}

export function showLogin(options) {
  const opts = options || {};
  if (opts.schoolCode !== undefined) dom.loginSchool.value = opts.schoolCode;
  if (opts.studentNo !== undefined) dom.loginStudent.value = opts.studentNo;
  if (opts.accessCode !== undefined) dom.loginCode.value = opts.accessCode;
  [dom.loginSchool, dom.loginStudent, dom.loginCode].forEach((input) => markField(input, false));
  hush(dom.loginWait);
  if (opts.messageKey) say(dom.loginError, opts.messageKey);
  else hush(dom.loginError);
  setLoginBusy(false);
  showView('login', !opts.focusField);
  if (opts.focusField) opts.focusField.focus();
}

export function onLoginSubmit(event) {
  event.preventDefault();
  if (state.loginBusy) return;
  const schoolCode = compact(dom.loginSchool.value).toUpperCase();
  const studentNo = compact(dom.loginStudent.value);
  const code = normaliseAccessCode(dom.loginCode.value);
  dom.loginSchool.value = schoolCode;
  dom.loginStudent.value = studentNo;
  dom.loginCode.value = code.value;

  const empty = [
    [dom.loginSchool, schoolCode],
    [dom.loginStudent, studentNo],
    [dom.loginCode, code.value]
  ].filter((pair) => pair[1] === '');
  [dom.loginSchool, dom.loginStudent, dom.loginCode].forEach((input) => markField(input, false));
  if (empty.length) {
    empty.forEach((pair) => markField(pair[0], true));
    say(dom.loginError, 'login.missing');
    empty[0][0].focus();
    return;
  }
  if (!code.valid) {
    markField(dom.loginCode, true);
    say(dom.loginError, 'login.codeFormat');
    dom.loginCode.focus();
    return;
  }
  attemptLogin({ schoolCode: schoolCode, studentNo: studentNo, accessCode: code.value });
}

async function attemptLogin(body) {
  setLoginBusy(true);
  hush(dom.loginError);
  let res;
  try {
    res = await requestJson('POST', API_LOGIN, body);
  } catch (e) {
    hush(dom.loginWait);
    say(dom.loginError, 'login.network');
    setLoginBusy(false);
    return;
  }
  const code = errorCode(res);
  if (res.status === 429 || res.status === 503) {
    // Waiting room: a 503 "queued" carries a ticket that keeps the student's place in line; it goes
    // back with the next try. A 429 "too_many_attempts" is about this network address, not the student.
    const next = Object.assign({}, body);
    if (res.status === 503 && res.data && typeof res.data.ticket === 'string' && res.data.ticket) {
      next.queueTicket = res.data.ticket;
    }
    const hinted = res.data && Number.isFinite(res.data.retryAfter) ? res.data.retryAfter : 5;
    const reason = code === 'too_many_attempts' ? 'too_many_attempts' : code === 'queued' ? 'queued' : 'busy';
    await waitInLine(retryAfterSeconds(res, hinted), reason);
    attemptLogin(next);
    return;
  }
  hush(dom.loginWait);
  if (res.status === 200 && res.data && typeof res.data.token === 'string') {
    loggedIn(body, res.data);
    return;
  }
  let key = 'login.generic';
  if (res.status === 401 || res.status === 400) key = 'login.failed';
  else if (res.status === 403 && code === 'window_not_open') key = 'login.windowNotOpen';
  else if (res.status === 403 && code === 'consent_missing') key = 'login.consentMissing';
  else if (res.status === 403) key = 'login.windowClosed';
  else if (res.status === 423) key = 'login.locked';
  say(dom.loginError, key);
  setLoginBusy(false);
}

/**
 * Shows the friendly "you are in line" notice with a countdown; resolves when it is time to try again.
 * reason: 'queued' or 'busy' (the gateway is busy) or 'too_many_attempts' (this network address tried
 * too often; the wait can be minutes, so long waits are shown in minutes).
 */
function waitInLine(seconds, reason) {
  const why = reason || 'busy';
  const titleKey = why === 'too_many_attempts' ? 'wait.tooManyTitle' : 'wait.title';
  const notice = el('div', { class: 'notice notice-wait', 'data-testid': 'waiting-notice' });
  const title = el('p', { class: 'notice-title' });
  const detail = el('p', { class: 'notice-detail', 'aria-hidden': 'true' });
  notice.appendChild(el('span', { class: 'pulse', 'aria-hidden': 'true' }));
  notice.appendChild(el('div', { class: 'notice-body' }, [title, detail]));
  if (!dom.loginWait.firstChild || dom.loginWait.firstChild.getAttribute('data-testid') !== 'waiting-notice') {
    forget(dom.loginWait);
    dom.loginWait.textContent = '';
    dom.loginWait.appendChild(notice);
  }
  const live = dom.loginWait.firstChild;
  const liveTitle = live.querySelector('.notice-title');
  const liveDetail = live.querySelector('.notice-detail');
  live.setAttribute('data-reason', why);
  return countdown(seconds, (left) => {
    live.setAttribute('data-seconds', String(left));
    setText(liveTitle, t(titleKey));
    if (left >= 90) setText(liveDetail, t('wait.countdownMinutes', { minutes: Math.ceil(left / 60) }));
    else setText(liveDetail, t('wait.countdown', { seconds: left }));
  }).then(() => {
    live.setAttribute('data-seconds', '0');
    setText(liveDetail, t('wait.now'));
  });
}

function loggedIn(body, data) {
  const windowInfo = data.window && typeof data.window === 'object' ? data.window : { id: 'window' };
  state.session = {
    token: data.token,
    form: typeof data.form === 'string' ? data.form : 'self',
    window: { id: windowInfo.id, name: windowInfo.name || '', closesAt: windowInfo.closesAt || '' },
    questionnaire: String(data.questionnaire || ''),
    grade: data.grade,
    schoolCode: body.schoolCode,
    studentNo: body.studentNo
  };
  state.accessCode = body.accessCode;
  store.set('session', KEY_SESSION, state.session);
  stripSlipFromUrl();
  setLoginBusy(false);
  startQuestionnaire();
}
