// The privacy notice a student reads and ticks before the first questionnaire of a window.

import { store, KEY_ASSENT } from '/student/storage.js';
import { state, dom } from '/student/state.js';
import { say } from '/student/text.js';
import { showView } from '/student/views.js';
import { progressKey } from '/student/session.js';
import { startQuestionnaire } from '/student/flow.js';

/** The time this student ticked the assent line for this window, or '' if not yet. */
export function assentOf(session) {
  const kept = store.get('session', KEY_ASSENT + progressKey(session));
  return kept && typeof kept.at === 'string' ? kept.at : '';
}

/**
 * The privacy notice before the first questionnaire: what it is for, who sees the answers, how
 * long they are kept, in the words of the student's grade band; the student ticks the assent line
 * to start, and its time goes with the submit.
 */
export function showAssent() {
  const band = Number(state.session.grade) <= 6 ? 'primary' : 'secondary';
  say(dom.assentPurpose, 'assent.purpose.' + band);
  say(dom.assentWho, 'assent.who.' + band);
  say(dom.assentKept, 'assent.kept.' + band);
  say(dom.assentChoice, 'assent.choice.' + band);
  say(dom.assentLabel, 'assent.label.' + band);
  dom.assentCheck.checked = false;
  dom.btnAssent.disabled = true;
  showView('assent', true);
}

export function assented() {
  if (!state.session || !dom.assentCheck.checked) return;
  store.set('session', KEY_ASSENT + progressKey(state.session), { at: new Date().toISOString() });
  startQuestionnaire();
}
