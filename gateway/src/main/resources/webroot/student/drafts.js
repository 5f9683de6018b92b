/*
 * The server draft carries a student's page and answers across reloads, devices and gateway nodes.
 *
 * Where the copies live (a deliberate choice): the answers stay in sessionStorage only, never in
 * localStorage. Students often use shared school computers; localStorage would leave one child's
 * answers on the machine for the next child after the tab is closed. The server draft, reachable
 * only with the student's token, is what carries across devices, and the sessionStorage copy (with
 * its seq) is what survives a reload or a lost connection in this tab.
 *
 * seq orders the copies. It is kept with the progress per window + school + student and rises with
 * every change; a draft is sent with a seq above any the server has reported, so the server keeps the
 * newest. After login or a reload the page GETs the draft: a server seq above the local one (another
 * device, or a lost local copy) wins and the page resumes there; otherwise the local copy stays and
 * is re-sent if the server lacks it.
 *
 * Saving never blocks the student: failures only change the small status line, and the draft is
 * sent again on the next change, when the browser comes back online, after a 503's Retry-After, or
 * after a slow backoff. A "stale" answer means another device saved something newer meanwhile: this
 * tab then holds its copy until the student changes something here (the latest action wins), so a
 * tab that was offline cannot overwrite newer work from another device just by reconnecting.
 */

import { state, dom } from '/student/state.js';
import { say, hush } from '/student/text.js';
import { requestJson, errorCode, retryAfterSeconds, backoffSeconds } from '/student/net.js';
import { settleVisibility } from '/student/model.js';
import { fitProgress, storeProgress } from '/student/progress.js';
import { alreadySubmitted } from '/student/submit.js';

const API_DRAFT = '/api/student/draft';
const DRAFT_DEBOUNCE_MS = 2000;
const DRAFT_TIMEOUT_MS = 15000;
const DRAFT_LOAD_TIMEOUT_MS = 8000;
const DRAFT_MAX_BACKOFF_SECONDS = 120;

const draft = {
  ready: false, // the server draft was checked after login; saving may start
  timer: 0, // debounce
  retryTimer: 0,
  inFlight: null, // the PUT under way, if any
  again: false, // a save was asked for while one was under way
  ackedSig: null, // page + answers the server is known to hold (signature), null when unknown
  heldSig: null, // page + answers the server refused as stale; re-sent only after a new change
  serverSeq: -1, // the highest seq the server reported
  failures: 0
};

/**
 * Saves the student's page and answers. This is the single place progress leaves memory: every
 * change bumps seq and goes to sessionStorage at once, and a server draft follows (saveDraft):
 * right away when the student moved to another page (options.now), else after DRAFT_DEBOUNCE_MS.
 */
export function persistProgress(options) {
  const p = state.progress;
  if (!p || !state.session) return;
  p.seq += 1;
  storeProgress();
  scheduleDraft(options && options.now ? 0 : DRAFT_DEBOUNCE_MS);
}

/** Forgets timers and what the server holds; called whenever the session or student changes. */
export function resetDraft() {
  clearTimeout(draft.timer);
  clearTimeout(draft.retryTimer);
  draft.ready = false;
  draft.timer = 0;
  draft.retryTimer = 0;
  draft.inFlight = null;
  draft.again = false;
  draft.ackedSig = null;
  draft.heldSig = null;
  draft.serverSeq = -1;
  draft.failures = 0;
  setDraftStatus(null);
}

/** The server draft was checked after login or a reload: saving may start. */
export function startDrafts() {
  draft.ready = true;
}

/** Before a submit: no timed save goes out any more. Returns the save under way, if any. */
export function stopDraftTimers() {
  clearTimeout(draft.timer);
  clearTimeout(draft.retryTimer);
  draft.timer = 0;
  return draft.inFlight;
}

/** Answers as the server takes them: every scale, null for unanswered or hidden items. */
function draftAnswers(progress, model) {
  const answers = {};
  model.scales.forEach((scale) => {
    const a = progress.answers[scale.id].slice();
    settleVisibility(scale, a, null);
    answers[scale.id] = a;
  });
  return answers;
}

function draftSignature(page, answers) {
  return JSON.stringify([page, answers]);
}

function hasContent(progress) {
  return progress.page > 0 || Object.keys(progress.answers).some((id) => progress.answers[id].some((v) => v !== null));
}

function canDraft() {
  return !!(draft.ready && state.session && state.model && state.progress && !state.submitting && !state.progress.pendingSubmit);
}

function scheduleDraft(delayMs) {
  if (!canDraft()) return;
  clearTimeout(draft.timer);
  draft.timer = setTimeout(() => saveDraft('change'), delayMs);
  if (hasContent(state.progress)) setDraftStatus('saving');
}

/** Status line under the buttons: null (hidden), 'saving', 'saved' or 'offline' (with why: text key). */
function setDraftStatus(status, key) {
  const node = dom.draftStatus;
  if (!node) return;
  if (!status) {
    node.hidden = true;
    node.removeAttribute('data-state');
    hush(node);
    return;
  }
  node.setAttribute('data-state', status);
  say(node, key || 'draft.' + status);
  node.hidden = false;
}

/**
 * Sends the current page and answers as the draft, unless the server already holds them (or
 * refused them as stale). why: 'change', 'resend' (reconnect, retry timer) or 'leave' (the page is
 * being hidden: sent with keepalive so the request can outlive the page).
 */
export async function saveDraft(why) {
  clearTimeout(draft.timer);
  draft.timer = 0;
  if (!canDraft()) return;
  if (draft.inFlight) {
    draft.again = true;
    return;
  }
  const p = state.progress;
  const answers = draftAnswers(p, state.model);
  const sig = draftSignature(p.page, answers);
  if (sig === draft.ackedSig || !hasContent(p)) {
    setDraftStatus(draft.ackedSig === null ? null : 'saved');
    return;
  }
  if (sig === draft.heldSig) {
    setDraftStatus('offline', 'draft.local');
    return;
  }
  clearTimeout(draft.retryTimer);
  if (p.seq <= draft.serverSeq) {
    p.seq = draft.serverSeq + 1;
    storeProgress();
  }
  const body = { seq: p.seq, page: p.page, answers: answers };
  const session = state.session;
  setDraftStatus('saving');
  const sending = requestJson('PUT', API_DRAFT, body, session.token, {
    timeoutMs: DRAFT_TIMEOUT_MS,
    keepalive: why === 'leave'
  }).catch(() => null);
  draft.inFlight = sending;
  const res = await sending;
  if (draft.inFlight === sending) draft.inFlight = null;
  if (state.session !== session || !state.progress || !draft.ready) return;
  if (res && res.status === 200 && res.data && Number.isInteger(res.data.seq)) {
    draft.failures = 0;
    draft.serverSeq = Math.max(draft.serverSeq, res.data.seq);
    if (res.data.stale === true) {
      draft.heldSig = sig;
      setDraftStatus('offline', 'draft.local');
    } else {
      draft.ackedSig = sig;
      draft.heldSig = null;
      setDraftStatus('saved');
    }
  } else if (res && res.status === 409 && errorCode(res) === 'already_submitted') {
    // Another device submitted this form meanwhile: there is nothing left to answer here.
    alreadySubmitted();
    return;
  } else {
    draftFailed(res);
  }
  if (draft.again) {
    draft.again = false;
    saveDraft('change');
  }
}

/** A draft that did not arrive: say so quietly and plan one more try; the next change also retries. */
function draftFailed(res) {
  if (!res || res.status >= 500 || res.status === 429) {
    draft.failures += 1;
    setDraftStatus('offline', res ? 'draft.local' : 'draft.offline');
    const seconds =
      res && (res.status === 503 || res.status === 429)
        ? retryAfterSeconds(res, 5)
        : Math.min(DRAFT_MAX_BACKOFF_SECONDS, backoffSeconds(draft.failures + 1) * 2);
    clearTimeout(draft.retryTimer);
    draft.retryTimer = setTimeout(() => saveDraft('resend'), seconds * 1000);
    return;
  }
  // 401, 403, 422: the submit will tell the student what is wrong; the draft waits for the next change.
  setDraftStatus('offline', 'draft.local');
}

/** Back online, or the page is hidden: send what the server does not have yet. */
export function resendDraft(why) {
  if (!canDraft()) return;
  if (why === 'leave' && !draft.timer) return;
  saveDraft(why);
}

/** What reconcileDraft answers when the server says this form was already submitted. */
export const SUBMITTED_ELSEWHERE = Object.freeze({ submitted: true });

/**
 * Compares the server draft with the local progress after login or a reload and returns the
 * progress to show: the server's when its seq is higher, otherwise the local one. When the draft
 * cannot be read the local copy is used; only a 401 (the token is no longer valid) returns null, so
 * the student signs in again now rather than after answering everything, and a 409
 * already_submitted returns SUBMITTED_ELSEWHERE.
 */
export async function reconcileDraft(local, model, session) {
  let res = null;
  try {
    res = await requestJson('GET', API_DRAFT, undefined, session.token, { timeoutMs: DRAFT_LOAD_TIMEOUT_MS });
  } catch (e) {
    res = null;
  }
  if (res && res.status === 404) return local;
  if (res && res.status === 401) return null;
  if (res && res.status === 409 && errorCode(res) === 'already_submitted') return SUBMITTED_ELSEWHERE;
  if (!res || res.status !== 200 || !res.data || !Number.isInteger(res.data.seq)) return local;
  draft.serverSeq = res.data.seq;
  const server = fitProgress({ page: res.data.page, answers: res.data.answers }, model);
  const serverSig = draftSignature(server.page, draftAnswers(server, model));
  draft.ackedSig = serverSig;
  if (res.data.seq <= local.seq) return local;
  // Another device (or a lost local copy) is ahead: resume there. Item timings stay where this
  // device's answer is the same; a pending submit of older answers is dropped.
  model.scales.forEach((scale) => {
    server.answers[scale.id].forEach((v, i) => {
      if (v !== null && local.answers[scale.id][i] === v) server.itemMillis[scale.id][i] = local.itemMillis[scale.id][i];
    });
  });
  server.startedAt = local.startedAt;
  server.idempotencyKey = null;
  server.pendingSubmit = false;
  server.seq = res.data.seq;
  return server;
}
