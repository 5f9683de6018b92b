/*
 * Sending the answers, and what the answer to that means for the page.
 *
 * A submit carries an idempotency key made once per attempt and kept in sessionStorage, so every
 * retry (network failure, 503, reload, re-login after an expired token) sends the same key. Only a
 * 422 rejection, after which the student changes an answer, starts a new attempt.
 *
 * Students never see a score, tier or risk label: the submit response is only read for receipt,
 * submittedAt, help (the "需要帮助时" block every thank-you page shows) and message (only on the
 * submit that stored a crisis result: personal, directive or parent words, shown above the help
 * block). A later sign-in after a submit (draft answers 409 already_submitted) shows the thank-you
 * page with the receipt this tab kept, or the generic help block (i18n, national lines).
 */

import { store, KEY_PROGRESS, KEY_RECEIPT } from '/student/storage.js';
import { state, dom } from '/student/state.js';
import { t, setText, say, hush, forget } from '/student/text.js';
import { requestJson, errorCode, retryAfterSeconds, backoffSeconds, countdown } from '/student/net.js';
import { el, showNotice } from '/student/views.js';
import { progressKey } from '/student/session.js';
import { settleVisibility } from '/student/model.js';
import { persistProgress, resetDraft, stopDraftTimers } from '/student/drafts.js';
import {
  sessionExpired,
  renderPage,
  renderNav,
  itemNodes,
  markMissing,
  missingIndexes,
  focusItem,
  checkPage
} from '/student/flow.js';
import { assentOf } from '/student/assent.js';
import { cleanHelp, cleanMessage, showThanks } from '/student/thanks.js';

const API_SUBMIT = '/api/student/submit';

function submitBody() {
  const p = state.progress;
  const answers = {};
  const itemMillis = {};
  state.model.scales.forEach((scale) => {
    const a = p.answers[scale.id].slice();
    const m = p.itemMillis[scale.id].slice();
    settleVisibility(scale, a, m);
    answers[scale.id] = a;
    itemMillis[scale.id] = a.map((v, i) => (v === null || !Number.isFinite(m[i]) ? null : Math.round(m[i])));
  });
  const body = {
    idempotencyKey: p.idempotencyKey,
    locale: state.locale,
    startedAt: p.startedAt,
    answers: answers,
    itemMillis: itemMillis
  };
  const assentAt = assentOf(state.session);
  if (assentAt) body.assentedAt = assentAt;
  return body;
}

/** Goes to the first page with an unanswered visible item and highlights it; true when all are answered. */
function checkAll() {
  const scales = state.model.scales;
  for (let page = 0; page < scales.length; page += 1) {
    if (missingIndexes(scales[page]).length) {
      if (page !== state.progress.page) {
        state.progress.page = page;
        persistProgress();
        renderPage(false);
      }
      checkPage();
      return false;
    }
  }
  return true;
}

function setSubmitting(busy) {
  state.submitting = busy;
  dom.items.querySelectorAll('input').forEach((input) => {
    input.disabled = busy;
  });
  renderNav();
}

function submitStatus(titleKey, detailKey, params) {
  const box = dom.submitStatus;
  let title = box.querySelector('.notice-title');
  let detail = box.querySelector('.notice-detail');
  if (!title) {
    forget(box);
    box.textContent = '';
    title = el('p', { class: 'notice-title' });
    detail = el('p', { class: 'notice-detail', 'aria-hidden': 'true' });
    box.appendChild(
      el('div', { class: 'notice notice-wait' }, [
        el('span', { class: 'pulse', 'aria-hidden': 'true' }),
        el('div', { class: 'notice-body' }, [title, detail])
      ])
    );
  }
  setText(title, t(titleKey));
  setText(detail, detailKey ? t(detailKey, params) : '');
  detail.hidden = !detailKey;
  box.setAttribute('data-state', titleKey.replace('submit.', ''));
}

export async function submit() {
  if (state.submitting || !state.progress) return;
  hush(dom.pageMessage);
  if (!checkAll()) {
    state.progress.pendingSubmit = false;
    persistProgress();
    return;
  }
  const p = state.progress;
  if (!p.idempotencyKey) p.idempotencyKey = uuidv4();
  p.pendingSubmit = true;
  persistProgress();
  setSubmitting(true);
  submitStatus('submit.saving');
  // No draft may land after the submit: the server deletes the draft when the submit commits.
  const inFlight = stopDraftTimers();
  if (inFlight) await Promise.race([inFlight, new Promise((resolve) => setTimeout(resolve, 3000))]);
  let failures = 0;
  for (;;) {
    let res;
    try {
      res = await requestJson('POST', API_SUBMIT, submitBody(), state.session.token);
    } catch (e) {
      res = null;
    }
    if (res && res.status === 200 && res.data && typeof res.data.receipt === 'string') {
      submitted(res.data);
      return;
    }
    if (res && (res.status === 503 || res.status === 429)) {
      await countdown(retryAfterSeconds(res, 5), (left) =>
        submitStatus('submit.busy', 'submit.busyCountdown', { seconds: left })
      );
      submitStatus('submit.saving');
      continue;
    }
    if (!res || res.status >= 500) {
      failures += 1;
      await countdown(backoffSeconds(failures), (left) =>
        submitStatus('submit.offline', 'submit.offlineCountdown', { seconds: left, attempt: failures + 1 })
      );
      submitStatus('submit.saving');
      continue;
    }
    submitRejected(res);
    return;
  }
}

function submitted(data) {
  const key = progressKey(state.session);
  const receipt = {
    receipt: data.receipt,
    submittedAt: typeof data.submittedAt === 'string' ? data.submittedAt : '',
    help: cleanHelp(data.help),
    message: cleanMessage(data.message)
  };
  store.set('session', KEY_RECEIPT + key, receipt);
  store.remove('session', KEY_PROGRESS + key);
  resetDraft();
  state.progress = null;
  state.submitting = false;
  hush(dom.submitStatus);
  dom.submitStatus.removeAttribute('data-state');
  showThanks(receipt);
}

/**
 * The server says this form was already submitted (another device, or a submit whose answer this
 * tab never saw): the thank-you page, with no receipt number and the generic help block, kept like
 * a receipt so a reload shows it at once.
 */
export function alreadySubmitted() {
  const key = progressKey(state.session);
  const receipt = { receipt: '', submittedAt: '', help: null, message: null };
  store.set('session', KEY_RECEIPT + key, receipt);
  store.remove('session', KEY_PROGRESS + key);
  resetDraft();
  state.modelLoads += 1;
  state.progress = null;
  state.submitting = false;
  hush(dom.submitStatus);
  dom.submitStatus.removeAttribute('data-state');
  showThanks(receipt);
}

function submitRejected(res) {
  const p = state.progress;
  p.pendingSubmit = false;
  setSubmitting(false);
  hush(dom.submitStatus);
  dom.submitStatus.removeAttribute('data-state');
  const code = errorCode(res);
  if (res.status === 401 || code === 'token_invalid') {
    p.pendingSubmit = true;
    persistProgress();
    sessionExpired();
    return;
  }
  if (res.status === 403 && code === 'consent_withdrawn') {
    // Nothing was stored, so nothing of the answers is kept on this device either.
    const key = progressKey(state.session);
    store.remove('session', KEY_PROGRESS + key);
    resetDraft();
    state.progress = null;
    showNotice('notice.consentTitle', 'notice.consentWithdrawn');
    return;
  }
  if (res.status === 403) {
    persistProgress();
    showNotice('notice.closedTitle', 'notice.closedSubmit');
    return;
  }
  if (res.status === 422 && code === 'invalid_answer') {
    invalidAnswer(res);
    return;
  }
  persistProgress();
  say(dom.pageMessage, 'submit.generic');
}

/**
 * A 422 names a scale and item: clear that answer, go to its page, highlight it and ask again in the
 * page's own words. The server's message is for staff and names the instrument ("answer 3 of PHQ-9"),
 * which a student never reads.
 */
function invalidAnswer(res) {
  const p = state.progress;
  p.idempotencyKey = null;
  const scales = state.model.scales;
  const page = scales.findIndex((s) => s.id === res.data.scale);
  const index = page >= 0 ? scales[page].indexByNumber.get(res.data.item) : undefined;
  if (page >= 0 && index !== undefined) {
    p.answers[scales[page].id][index] = null;
    p.itemMillis[scales[page].id][index] = null;
    p.page = page;
  }
  persistProgress();
  renderPage(false);
  say(dom.pageMessage, 'quiz.invalidAnswer');
  const node = index === undefined ? null : itemNodes()[index];
  if (node && !node.hidden) {
    markMissing(node, true);
    setText(node.querySelector('.item-note'), t('quiz.invalidAnswer'));
    focusItem(node);
  }
}

function uuidv4() {
  const c = window.crypto || window.msCrypto;
  if (c && typeof c.randomUUID === 'function') {
    try {
      return c.randomUUID();
    } catch (e) {
      // not a secure context: fall through
    }
  }
  const b = new Uint8Array(16);
  c.getRandomValues(b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
}
