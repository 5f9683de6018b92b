/*
 * What the student page keeps in the browser, and under which keys.
 *
 * State that must survive a reload lives in sessionStorage (per tab, gone when the tab closes):
 *   huxin.session                    token, window, questionnaire URL, school code, student number
 *   huxin.progress.<window|school|no> page, answers, item timings, startedAt, idempotency key, draft seq
 *   huxin.receipt.<window|school|no>  receipt and help after a successful submit
 *   huxin.assent.<window|school|no>   when the student ticked the assent line
 * The chosen locale lives in localStorage (huxin.locale). The access code is never stored.
 * Answers are deliberately never put in localStorage (shared school computers); the server draft
 * is what carries them across devices and gateway nodes (see drafts.js).
 */

export const KEY_LOCALE = 'huxin.locale';
export const KEY_SESSION = 'huxin.session';
export const KEY_PROGRESS = 'huxin.progress.';
export const KEY_RECEIPT = 'huxin.receipt.';
export const KEY_ASSENT = 'huxin.assent.';

/** JSON storage over localStorage/sessionStorage that falls back to memory when storage is blocked. */
export const store = (function () {
  const memory = { local: new Map(), session: new Map() };
  function area(kind) {
    try {
      const s = kind === 'local' ? window.localStorage : window.sessionStorage;
      s.setItem('huxin.probe', '1');
      s.removeItem('huxin.probe');
      return s;
    } catch (e) {
      return null;
    }
  }
  const areas = { local: area('local'), session: area('session') };
  return {
    get(kind, key) {
      let raw = null;
      if (areas[kind]) {
        try {
          raw = areas[kind].getItem(key);
        } catch (e) {
          raw = null;
        }
      } else if (memory[kind].has(key)) {
        raw = memory[kind].get(key);
      }
      if (raw === null || raw === undefined) return null;
      try {
        return JSON.parse(raw);
      } catch (e) {
        return null;
      }
    },
    set(kind, key, value) {
      const raw = JSON.stringify(value);
      if (areas[kind]) {
        try {
          areas[kind].setItem(key, raw);
          return;
        } catch (e) {
          // Quota or privacy mode: keep the value for this page's lifetime.
        }
      }
      memory[kind].set(key, raw);
    },
    remove(kind, key) {
      if (areas[kind]) {
        try {
          areas[kind].removeItem(key);
        } catch (e) {
          // nothing stored there
        }
      }
      memory[kind].delete(key);
    }
  };
})();
