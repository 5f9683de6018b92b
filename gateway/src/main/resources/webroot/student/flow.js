// The questionnaire, one page per scale: start or resume, render a page, take answers, move on.

import { store, KEY_PROGRESS, KEY_RECEIPT } from '/student/storage.js';
import { state, dom } from '/student/state.js';
import { t, setText, say, hush } from '/student/text.js';
import { retryAfterSeconds, backoffSeconds, countdown } from '/student/net.js';
import { el, showView, showLoading, showNotice } from '/student/views.js';
import { progressKey, dropToken } from '/student/session.js';
import { showLogin } from '/student/login.js';
import { REFUSED, isAnswerOf, isShown, settleVisibility, loadModel } from '/student/model.js';
import { fitProgress, storeProgress } from '/student/progress.js';
import {
  persistProgress,
  resetDraft,
  startDrafts,
  saveDraft,
  reconcileDraft,
  SUBMITTED_ELSEWHERE
} from '/student/drafts.js';
import { assentOf, showAssent } from '/student/assent.js';
import { submit, alreadySubmitted } from '/student/submit.js';
import { showThanks } from '/student/thanks.js';

export async function startQuestionnaire() {
  const key = progressKey(state.session);
  const receipt = store.get('session', KEY_RECEIPT + key);
  if (receipt && typeof receipt.receipt === 'string') {
    showThanks(receipt);
    return;
  }
  if (state.session.form === 'self' && !assentOf(state.session)) {
    showAssent();
    return;
  }
  showLoading('loading.text');
  resetDraft();
  const session = state.session;
  const loads = ++state.modelLoads;
  const model = await loadModelPatiently();
  if (!model || loads !== state.modelLoads) return;
  const local = fitProgress(store.get('session', KEY_PROGRESS + key), model);
  const progress = await reconcileDraft(local, model, session);
  if (loads !== state.modelLoads || state.session !== session) return;
  if (!progress) {
    sessionExpired();
    return;
  }
  if (progress === SUBMITTED_ELSEWHERE && !local.pendingSubmit) {
    alreadySubmitted();
    return;
  }
  state.model = model;
  // Submitted, but by this tab's own submit whose answer never came: sending it again (same key)
  // answers with the receipt, so the thank-you page can show it.
  state.progress = progress === SUBMITTED_ELSEWHERE ? local : progress;
  storeProgress();
  startDrafts();
  renderPage(true);
  if (model.locale !== state.locale) switchQuestionnaireLocale();
  if (state.progress.pendingSubmit) submit();
  else saveDraft('resend');
}

/** Loads the questionnaire in the current locale, retrying until it arrives or a final answer says no. */
async function loadModelPatiently() {
  let attempt = 0;
  for (;;) {
    let outcome;
    try {
      outcome = await loadModel(state.locale);
    } catch (e) {
      outcome = { status: 0 };
    }
    if (outcome.status === 200) return outcome.model;
    if (outcome.status === 401) {
      sessionExpired();
      return null;
    }
    if (outcome.status === 'bad' || (outcome.status !== 0 && outcome.status !== 429 && outcome.status < 500)) {
      showNotice('notice.brokenTitle', 'notice.broken');
      return null;
    }
    attempt += 1;
    const seconds = outcome.res && (outcome.status === 429 || outcome.status === 503)
      ? retryAfterSeconds(outcome.res, 5)
      : backoffSeconds(attempt);
    await countdown(seconds, (left) => say(dom.loadingText, 'loading.retry', { seconds: left }));
    say(dom.loadingText, 'loading.text');
  }
}

export function sessionExpired() {
  const session = state.session;
  resetDraft();
  dropToken();
  state.session = null;
  showLogin({
    schoolCode: session ? session.schoolCode : '',
    studentNo: session ? session.studentNo : '',
    accessCode: state.accessCode,
    messageKey: 'login.expired',
    focusField: state.accessCode ? dom.loginSubmit : dom.loginCode
  });
}

function currentScale() {
  return state.model.scales[state.progress.page];
}

function domId(text) {
  return String(text).replace(/[^A-Za-z0-9_-]/g, '_');
}

function prefersReducedMotion() {
  return !!(window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches);
}

function buildItem(scale, item, index) {
  const base = domId(scale.id) + '-' + domId(item.number);
  const noteId = 'note-' + base;
  const legend = el('legend', { class: 'item-legend' }, [
    el('span', { class: 'item-number', text: String(item.number) }),
    el('span', { class: 'item-text', text: item.text })
  ]);
  const options = el('div', { class: 'options' });
  const longest = item.options.reduce((n, o) => Math.max(n, o.label.length), 0);
  if (item.options.length <= 6 && longest <= 24) options.classList.add('options-row');
  const answer = state.progress.answers[scale.id][index];
  item.options.forEach((option) => {
    const testId = 'q-' + scale.id + '-' + item.number + '-' + option.value;
    const inputId = 'q-' + base + '-' + domId(option.value);
    const input = el('input', {
      type: 'radio',
      class: 'option-input',
      id: inputId,
      name: 'item-' + base,
      value: String(option.value),
      'data-index': String(index),
      'data-testid': testId,
      disabled: state.submitting
    });
    input.checked = answer === option.value;
    options.appendChild(
      el('label', { class: 'option', for: inputId }, [
        input,
        el('span', { class: 'option-face' }, [
          el('span', { class: 'option-mark', 'aria-hidden': 'true' }),
          el('span', { class: 'option-label', text: option.label })
        ])
      ])
    );
  });
  const children = [legend, options];
  if (item.refusal) {
    // One more radio of the same group (same name), as large and as easy to reach as the others,
    // set apart only by its own row and a quieter look.
    const inputId = 'q-' + base + '-refused';
    const input = el('input', {
      type: 'radio',
      class: 'option-input',
      id: inputId,
      name: 'item-' + base,
      value: REFUSED,
      'data-index': String(index),
      'data-testid': 'q-' + scale.id + '-' + item.number + '-' + REFUSED,
      disabled: state.submitting
    });
    input.checked = answer === REFUSED;
    children.push(
      el('div', { class: 'options options-refusal' }, [
        el('label', { class: 'option option-refusal', for: inputId }, [
          input,
          el('span', { class: 'option-face' }, [
            el('span', { class: 'option-mark', 'aria-hidden': 'true' }),
            el('span', { class: 'option-label', text: item.refusal.label })
          ])
        ])
      ])
    );
  }
  const note = el('p', { class: 'item-note', id: noteId, 'data-i18n': 'quiz.itemMissing', text: t('quiz.itemMissing') });
  note.hidden = true;
  children.push(note);
  return el(
    'fieldset',
    {
      class: 'item card',
      id: 'item-' + base,
      'data-index': String(index),
      'data-number': String(item.number),
      'data-testid': 'item-' + scale.id + '-' + item.number
    },
    children
  );
}

export function itemNodes() {
  return Array.prototype.slice.call(dom.items.querySelectorAll('fieldset.item'));
}

export function renderPage(focusHeading) {
  const model = state.model;
  const p = state.progress;
  const scale = currentScale();
  setText(dom.quizTitle, model.title);
  dom.quizTitle.hidden = !model.title;
  const parent = !!(state.session && state.session.form === 'parent');
  dom.quizReassure.setAttribute('data-i18n', parent ? 'quiz.reassureParent' : 'quiz.reassure');
  dom.quizReassure.setAttribute('data-form', parent ? 'parent' : 'self');
  setText(dom.quizReassure, t(parent ? 'quiz.reassureParent' : 'quiz.reassure'));
  say(dom.progressText, 'quiz.part', { n: p.page + 1, total: model.scales.length });
  dom.progressBar.max = model.scales.length;
  dom.progressBar.value = p.page + 1;
  setText(dom.scaleTitle, scale.title);
  setText(dom.scaleInstructions, scale.instructions);
  dom.scaleInstructions.hidden = !scale.instructions;
  dom.items.textContent = '';
  const fragment = document.createDocumentFragment();
  scale.items.forEach((item, index) => fragment.appendChild(buildItem(scale, item, index)));
  dom.items.appendChild(fragment);
  applyVisibility(scale);
  hush(dom.pageMessage);
  if (!state.submitting) hush(dom.submitStatus);
  renderNav();
  if (!p.startedAt) {
    p.startedAt = new Date().toISOString();
    persistProgress();
  }
  state.lastMark = Date.now();
  showView('scale', focusHeading);
}

function applyVisibility(scale) {
  const answers = state.progress.answers[scale.id];
  itemNodes().forEach((node) => {
    const index = Number(node.getAttribute('data-index'));
    const shown = isShown(scale, index, answers);
    node.hidden = !shown;
    if (!shown) {
      node.querySelectorAll('input').forEach((input) => {
        input.checked = false;
      });
      markMissing(node, false);
    }
  });
}

export function renderNav() {
  if (!dom.btnNext || !state.model || !state.progress) return;
  const last = state.progress.page === state.model.scales.length - 1;
  dom.btnBack.hidden = state.progress.page === 0;
  dom.btnBack.disabled = state.submitting;
  dom.btnNext.hidden = last;
  dom.btnSubmit.hidden = !last;
  dom.btnSubmit.disabled = state.submitting;
  dom.btnSubmit.setAttribute('aria-busy', String(state.submitting));
  dom.btnSubmit.classList.toggle('is-busy', state.submitting);
  setText(dom.btnSubmit, t(state.submitting ? 'submit.saving' : 'quiz.submit'));
}

export function markMissing(node, missing) {
  node.classList.toggle('is-missing', missing);
  if (missing) node.setAttribute('data-missing', 'true');
  else node.removeAttribute('data-missing');
  const note = node.querySelector('.item-note');
  note.hidden = !missing;
  if (missing) node.setAttribute('aria-describedby', note.id);
  else node.removeAttribute('aria-describedby');
}

export function missingIndexes(scale) {
  const answers = state.progress.answers[scale.id];
  return scale.items
    .map((item, index) => index)
    .filter((index) => answers[index] === null && isShown(scale, index, answers));
}

export function focusItem(node) {
  const target = node.querySelector('input:checked') || node.querySelector('input');
  if (target) target.focus({ preventScroll: true });
  node.scrollIntoView({ block: 'center', behavior: prefersReducedMotion() ? 'auto' : 'smooth' });
}

/** Highlights unanswered visible items of the current page; true when there were none. */
export function checkPage() {
  const missing = missingIndexes(currentScale());
  const nodes = itemNodes();
  nodes.forEach((node) => markMissing(node, missing.indexOf(Number(node.getAttribute('data-index'))) >= 0));
  if (!missing.length) {
    hush(dom.pageMessage);
    return true;
  }
  say(dom.pageMessage, 'quiz.missingSummary', { count: missing.length });
  focusItem(nodes[missing[0]]);
  return false;
}

export function onAnswer(event) {
  const input = event.target;
  if (!input || input.type !== 'radio' || !state.progress) return;
  const scale = currentScale();
  const index = Number(input.getAttribute('data-index'));
  const value = input.value === REFUSED ? REFUSED : Number(input.value);
  if (!isAnswerOf(scale.items[index], value)) return;
  const now = Date.now();
  const spent = Math.max(0, now - state.lastMark);
  state.lastMark = now;
  state.progress.answers[scale.id][index] = value;
  const millis = state.progress.itemMillis[scale.id];
  millis[index] = (millis[index] || 0) + spent;
  settleVisibility(scale, state.progress.answers[scale.id], millis);
  applyVisibility(scale);
  const node = input.closest('fieldset.item');
  if (node && node.classList.contains('is-missing')) {
    markMissing(node, false);
    const left = missingIndexes(scale).filter((i) => itemNodes()[i].classList.contains('is-missing')).length;
    if (left) say(dom.pageMessage, 'quiz.missingSummary', { count: left });
    else hush(dom.pageMessage);
  }
  persistProgress();
}

export function goNext() {
  if (state.submitting || !checkPage()) return;
  state.progress.page += 1;
  persistProgress({ now: true });
  renderPage(true);
}

export function goBack() {
  if (state.submitting || state.progress.page === 0) return;
  state.progress.page -= 1;
  persistProgress({ now: true });
  renderPage(true);
}

export async function switchQuestionnaireLocale() {
  const loads = ++state.modelLoads;
  let outcome;
  try {
    outcome = await loadModel(state.locale);
  } catch (e) {
    outcome = { status: 0 };
  }
  if (loads !== state.modelLoads || !state.session || !state.progress) return;
  if (outcome.status !== 200) {
    if (state.view === 'scale') say(dom.pageMessage, 'quiz.languageUnavailable');
    return;
  }
  const scrollY = window.scrollY;
  state.model = outcome.model;
  state.progress = fitProgress(state.progress, outcome.model);
  if (state.view === 'scale') {
    renderPage(false);
    window.scrollTo(0, scrollY);
  }
}
