// The student's page and answers in this tab: fitted to the questionnaire, kept in sessionStorage.

import { store, KEY_PROGRESS } from '/student/storage.js';
import { state } from '/student/state.js';
import { progressKey } from '/student/session.js';
import { isAnswerOf, settleVisibility } from '/student/model.js';

function emptyArrays(model, fill) {
  const out = {};
  model.scales.forEach((scale) => {
    out[scale.id] = scale.items.map(() => fill);
  });
  return out;
}

/** Stored progress made to fit the questionnaire: unknown values dropped, lengths matched. */
export function fitProgress(stored, model) {
  const p = stored && typeof stored === 'object' ? stored : {};
  const answers = emptyArrays(model, null);
  const millis = emptyArrays(model, null);
  model.scales.forEach((scale) => {
    const oldAnswers = p.answers && Array.isArray(p.answers[scale.id]) ? p.answers[scale.id] : [];
    const oldMillis = p.itemMillis && Array.isArray(p.itemMillis[scale.id]) ? p.itemMillis[scale.id] : [];
    scale.items.forEach((item, index) => {
      const v = oldAnswers[index];
      if (isAnswerOf(item, v)) {
        answers[scale.id][index] = v;
        millis[scale.id][index] = Number.isFinite(oldMillis[index]) ? oldMillis[index] : null;
      }
    });
    settleVisibility(scale, answers[scale.id], millis[scale.id]);
  });
  const page = Number.isInteger(p.page) ? Math.min(Math.max(p.page, 0), model.scales.length - 1) : 0;
  return {
    page: page,
    answers: answers,
    itemMillis: millis,
    startedAt: typeof p.startedAt === 'string' ? p.startedAt : null,
    idempotencyKey: typeof p.idempotencyKey === 'string' ? p.idempotencyKey : null,
    pendingSubmit: p.pendingSubmit === true,
    seq: Number.isInteger(p.seq) ? p.seq : 0
  };
}

/** Writes progress to sessionStorage as it is, without a new seq or a server draft. */
export function storeProgress() {
  if (state.progress && state.session) store.set('session', KEY_PROGRESS + progressKey(state.session), state.progress);
}
