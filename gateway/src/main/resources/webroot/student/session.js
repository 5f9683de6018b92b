// The signed-in student's session (kept for reloads) and the slip's details in the address.

import { store, KEY_SESSION } from '/student/storage.js';

export function progressKey(session) {
  return session.window.id + '|' + session.schoolCode + '|' + session.studentNo;
}

export function isSession(s) {
  return !!(
    s &&
    typeof s.token === 'string' &&
    typeof s.questionnaire === 'string' &&
    s.window &&
    s.window.id !== undefined &&
    typeof s.schoolCode === 'string' &&
    typeof s.studentNo === 'string'
  );
}

export function dropToken() {
  store.remove('session', KEY_SESSION);
}

/**
 * The slip's details in the address. A slip's QR link carries them in the fragment
 * (#school=…&no=…&code=…), which a browser never sends, so they reach no server or proxy log;
 * slips printed before carried them in the query, and those still work. Either way they leave the
 * address bar and the history entry at once (stripSlipFromUrl).
 */
export function slipFromUrl() {
  const hash = new URLSearchParams(location.hash.replace(/^#/, ''));
  const fromHash = hash.has('school') || hash.has('no') || hash.has('code');
  const params = fromHash ? hash : new URLSearchParams(location.search);
  stripSlipFromUrl();
  return params;
}

/** Removes the slip's details from the address bar, so nobody reads the code off the screen. */
export function stripSlipFromUrl() {
  if ((location.search || location.hash) && window.history && history.replaceState) {
    history.replaceState(null, '', location.pathname);
  }
}
