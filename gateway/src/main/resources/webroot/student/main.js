/*
 * Huxin student page: log in with the slip, answer one page per scale, submit, see thanks.
 *
 * Implementation notes
 * - Plain ES2017 in ES modules, no framework. Runs under a CSP without inline scripts or styles, so
 *   every handler is attached here (wire) and every look is a CSS class.
 * - Views are <section data-view> elements in index.html; exactly one is shown. body[data-view]
 *   names the current one for tests.
 * - The modules of /student/, from the ground up: storage (what survives a reload, and its keys),
 *   state (memory and elements), text (i18n.js in the chosen locale), net (requests and retries),
 *   views, session (the token, the slip in the address); login; model (the questionnaire and its
 *   showIf rules), progress (this tab's copy), drafts (the server's copy); flow (pages and answers),
 *   assent, submit, thanks; locale (the language switch); and this entry, which binds and boots.
 * - The student's way through the page runs both ways between modules (a login starts the
 *   questionnaire, an expired token goes back to the login, a draft can find the form submitted),
 *   so some of them import each other. No module calls another while it loads, only after boot,
 *   which is when such cycles are safe.
 */

import { DEFAULT_LOCALE, LOCALES } from '/i18n.js';
import { store, KEY_LOCALE, KEY_SESSION } from '/student/storage.js';
import { state, dom } from '/student/state.js';
import { wakeUp } from '/student/net.js';
import { isSession, dropToken, slipFromUrl } from '/student/session.js';
import { compact, normaliseAccessCode, markField, showLogin, onLoginSubmit } from '/student/login.js';
import { resendDraft } from '/student/drafts.js';
import { startQuestionnaire, onAnswer, goNext, goBack } from '/student/flow.js';
import { assented } from '/student/assent.js';
import { submit } from '/student/submit.js';
import { finish, backToStart } from '/student/thanks.js';
import { applyStaticTexts, setLocale } from '/student/locale.js';

const $ = (id) => document.getElementById(id);

function bindDom() {
  [
    ['loadingText', 'loading-text'],
    ['loginForm', 'login-form'],
    ['loginSchool', 'login-school'],
    ['loginStudent', 'login-student'],
    ['loginCode', 'login-code'],
    ['loginError', 'login-error'],
    ['loginWait', 'login-wait'],
    ['loginSubmit', 'login-submit'],
    ['quizTitle', 'quiz-title'],
    ['quizReassure', 'quiz-reassure'],
    ['progressText', 'progress-text'],
    ['progressBar', 'progress-bar'],
    ['scaleTitle', 'scale-title'],
    ['scaleInstructions', 'scale-instructions'],
    ['scaleForm', 'scale-form'],
    ['items', 'items'],
    ['pageMessage', 'page-message'],
    ['submitStatus', 'submit-status'],
    ['draftStatus', 'draft-status'],
    ['btnBack', 'btn-back'],
    ['btnNext', 'btn-next'],
    ['btnSubmit', 'btn-submit'],
    ['messageTop', 'thanks-message-top'],
    ['messageNearHelp', 'thanks-message-near-help'],
    ['help', 'help'],
    ['helpTitle', 'help-title'],
    ['helpMessage', 'help-message'],
    ['helpLead', 'help-lead'],
    ['helpContacts', 'help-contacts'],
    ['receipt', 'receipt'],
    ['btnFinish', 'btn-finish'],
    ['noticeTitle', 'notice-title'],
    ['noticeMessage', 'notice-message'],
    ['btnNoticeBack', 'btn-notice-back'],
    ['assentPurpose', 'assent-purpose'],
    ['assentWho', 'assent-who'],
    ['assentKept', 'assent-kept'],
    ['assentChoice', 'assent-choice'],
    ['assentLabel', 'assent-label'],
    ['assentCheck', 'assent-check'],
    ['btnAssent', 'btn-assent']
  ].forEach((pair) => {
    dom[pair[0]] = $(pair[1]);
  });
}

function wire() {
  document.querySelectorAll('.lang-btn').forEach((btn) => {
    btn.addEventListener('click', () => setLocale(btn.getAttribute('data-locale')));
  });
  dom.loginForm.addEventListener('submit', onLoginSubmit);
  dom.loginCode.addEventListener('blur', () => {
    const code = normaliseAccessCode(dom.loginCode.value);
    if (code.valid) dom.loginCode.value = code.value;
  });
  [dom.loginSchool, dom.loginStudent, dom.loginCode].forEach((input) => {
    input.addEventListener('input', () => markField(input, false));
  });
  dom.scaleForm.addEventListener('submit', (event) => event.preventDefault());
  dom.items.addEventListener('change', onAnswer);
  dom.btnNext.addEventListener('click', goNext);
  dom.btnBack.addEventListener('click', goBack);
  dom.btnSubmit.addEventListener('click', submit);
  dom.btnFinish.addEventListener('click', finish);
  dom.btnNoticeBack.addEventListener('click', backToStart);
  dom.assentCheck.addEventListener('change', () => {
    dom.btnAssent.disabled = !dom.assentCheck.checked;
  });
  dom.btnAssent.addEventListener('click', assented);
  window.addEventListener('online', () => {
    wakeUp();
    resendDraft('resend');
  });
  // A change still waiting for its debounce goes out before the tab is hidden or closed.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') resendDraft('leave');
  });
  window.addEventListener('pagehide', () => resendDraft('leave'));
}

function boot() {
  bindDom();
  const savedLocale = store.get('local', KEY_LOCALE);
  state.locale = LOCALES.indexOf(savedLocale) >= 0 ? savedLocale : DEFAULT_LOCALE;
  applyStaticTexts();
  wire();

  const params = slipFromUrl();
  const fromUrl = {
    schoolCode: compact(params.get('school')).toUpperCase(),
    studentNo: compact(params.get('no')),
    accessCode: params.get('code') ? normaliseAccessCode(params.get('code')).value : ''
  };
  const saved = store.get('session', KEY_SESSION);
  const sameStudent =
    isSession(saved) &&
    (!fromUrl.schoolCode || fromUrl.schoolCode === saved.schoolCode) &&
    (!fromUrl.studentNo || fromUrl.studentNo === saved.studentNo);
  if (sameStudent) {
    state.session = saved;
    startQuestionnaire();
    return;
  }
  if (saved) dropToken();
  showLogin({
    schoolCode: fromUrl.schoolCode,
    studentNo: fromUrl.studentNo,
    accessCode: fromUrl.accessCode,
    focusField: null
  });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
else boot();
