/*
 * Huxin student page: log in with the slip, answer one page per scale, submit, see thanks.
 *
 * Implementation notes
 * - Plain ES2017, no framework. Runs under a CSP without inline scripts or styles, so every
 *   handler is attached here and every look is a CSS class.
 * - Views are <section data-view> elements in index.html; exactly one is shown. body[data-view]
 *   names the current one for tests.
 * - State that must survive a reload lives in sessionStorage (per tab, gone when the tab closes):
 *     huxin.session                    token, window, questionnaire URL, school code, student number
 *     huxin.progress.<window|school|no> page, answers, item timings, startedAt, idempotency key, draft seq
 *     huxin.receipt.<window|school|no>  receipt and help after a successful submit
 *   The chosen locale lives in localStorage (huxin.locale). The access code is never stored.
 *   Answers are deliberately never put in localStorage (shared school computers); the server draft
 *   is what carries them across devices and gateway nodes (see "server draft" below).
 * - Answers are kept per scale as arrays in item order, null for unanswered or hidden items and
 *   REFUSED ("refused") for "I'd rather not answer" on an item that offers it (item.refusal). A
 *   refusal is one more radio of the item's group; for showIf gates it counts as refusal.countsAs.
 *   persistProgress() is the one place progress is saved: sessionStorage at once, then the server
 *   draft (saveDraft: PUT /api/student/draft with page, answers and seq), debounced after an answer
 *   and at once on a page change. After login or a reload the draft is read back (reconcileDraft).
 * - A submit carries an idempotency key made once per attempt and kept in sessionStorage, so every
 *   retry (network failure, 503, reload, re-login after an expired token) sends the same key. Only a
 *   422 rejection, after which the student changes an answer, starts a new attempt.
 * - Students never see a score, tier or risk label: the submit response is only read for
 *   receipt, submittedAt, help (the "需要帮助时" block every thank-you page shows) and message (only
 *   on the submit that stored a crisis result: personal, directive or parent words, shown above the
 *   help block). A later sign-in after a submit (draft answers 409 already_submitted) shows the
 *   thank-you page with the receipt this tab kept, or the generic help block (i18n, national lines).
 */
(function () {
  'use strict';

  const I18N = window.HuxinI18n;
  const API_LOGIN = '/api/student/login';
  const API_SUBMIT = '/api/student/submit';
  const API_DRAFT = '/api/student/draft';
  const KEY_LOCALE = 'huxin.locale';
  const KEY_SESSION = 'huxin.session';
  const KEY_PROGRESS = 'huxin.progress.';
  const KEY_RECEIPT = 'huxin.receipt.';
  const KEY_ASSENT = 'huxin.assent.';
  const REQUEST_TIMEOUT_MS = 30000;
  const MAX_BACKOFF_SECONDS = 30;
  const MAX_RETRY_AFTER_SECONDS = 300;
  const DRAFT_DEBOUNCE_MS = 2000;
  const DRAFT_TIMEOUT_MS = 15000;
  const DRAFT_LOAD_TIMEOUT_MS = 8000;
  const DRAFT_MAX_BACKOFF_SECONDS = 120;
  const ACCESS_CODE = /^[0-9A-HJKMNP-TV-Z]{10}$/;
  /** How "I'd rather not answer" travels in answers and drafts. */
  const REFUSED = 'refused';
  /** The help lines every thank-you page can fall back on: the national services. */
  const NATIONAL_LINES = [
    ['help.line12356', '12356'],
    ['help.lineHope', '400-161-9995'],
    ['help.line120', '120']
  ];

  const state = {
    locale: I18N.defaultLocale,
    view: 'loading',
    session: null,
    accessCode: '',
    model: null,
    modelLoads: 0,
    progress: null,
    lastMark: 0,
    loginBusy: false,
    submitting: false,
    wake: null
  };

  const $ = (id) => document.getElementById(id);
  const dom = {};

  // ---------------------------------------------------------------- storage

  /** JSON storage over localStorage/sessionStorage that falls back to memory when storage is blocked. */
  const store = (function () {
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

  // ---------------------------------------------------------------- text

  function t(key, params) {
    return I18N.format(state.locale, key, params);
  }

  /** Sets text only when it changes, so live regions do not re-announce unchanged text. */
  function setText(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }

  /** Messages shown in live regions, remembered as keys so a language switch re-renders them. */
  const messages = new Map();

  function say(node, key, params) {
    messages.set(node, { key: key, params: params || null });
    setText(node, t(key, params));
  }

  function sayRaw(node, text) {
    messages.delete(node);
    setText(node, text);
  }

  function hush(node) {
    messages.delete(node);
    node.textContent = '';
  }

  function applyStaticTexts() {
    document.documentElement.lang = state.locale;
    document.title = t('doc.title');
    document.querySelectorAll('[data-i18n]').forEach((node) => setText(node, t(node.getAttribute('data-i18n'))));
    document.querySelectorAll('.lang-btn').forEach((btn) => {
      btn.setAttribute('aria-pressed', String(btn.getAttribute('data-locale') === state.locale));
    });
    messages.forEach((m, node) => setText(node, t(m.key, m.params)));
    renderLoginButton();
    renderNav();
  }

  // ---------------------------------------------------------------- small helpers

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach((name) => {
        const value = attrs[name];
        if (value === null || value === undefined || value === false) return;
        if (name === 'text') node.textContent = value;
        else node.setAttribute(name, value === true ? '' : String(value));
      });
    }
    (children || []).forEach((child) => node.appendChild(child));
    return node;
  }

  function domId(text) {
    return String(text).replace(/[^A-Za-z0-9_-]/g, '_');
  }

  function errorCode(res) {
    return res && res.data && typeof res.data.error === 'string' ? res.data.error : '';
  }

  function prefersReducedMotion() {
    return !!(window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches);
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

  /** Full-width characters folded (NFKC), surrounding and inner white space removed. */
  function compact(raw) {
    const text = String(raw || '');
    const folded = typeof text.normalize === 'function' ? text.normalize('NFKC') : text;
    return folded.replace(/\s+/g, '');
  }

  /**
   * An access code as the server expects it: upper case, Crockford look-alikes folded
   * (O→0, I/L→1), dashes and spaces dropped, then the dash put back after five characters.
   */
  function normaliseAccessCode(raw) {
    const chars = compact(raw)
      .toUpperCase()
      .replace(/[-_\u2010-\u2015\u2212\u30FC]/g, '')
      .replace(/O/g, '0')
      .replace(/[IL]/g, '1');
    if (ACCESS_CODE.test(chars)) return { value: chars.slice(0, 5) + '-' + chars.slice(5), valid: true };
    return { value: chars, valid: false };
  }

  // ---------------------------------------------------------------- network

  /**
   * One JSON request. Resolves with {status, data, headers} for any HTTP answer; rejects only when no
   * answer came. options: timeoutMs (default 30 s), keepalive (the request may outlive the page).
   */
  async function requestJson(method, url, body, token, options) {
    const opts = options || {};
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers.Authorization = 'Bearer ' + token;
    const ctrl = typeof AbortController === 'function' ? new AbortController() : null;
    const timer = ctrl ? setTimeout(() => ctrl.abort(), opts.timeoutMs || REQUEST_TIMEOUT_MS) : 0;
    try {
      const res = await fetch(url, {
        method: method,
        headers: headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
        keepalive: opts.keepalive === true,
        signal: ctrl ? ctrl.signal : undefined
      });
      const text = await res.text();
      let data = null;
      if (text) {
        try {
          data = JSON.parse(text);
        } catch (e) {
          data = null;
        }
      }
      return { status: res.status, data: data, headers: res.headers };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Seconds from a Retry-After header (delta-seconds or HTTP date), clamped to [1, 300]. */
  function retryAfterSeconds(res, fallback) {
    const header = res.headers ? res.headers.get('Retry-After') : null;
    let seconds = NaN;
    if (header) {
      const trimmed = header.trim();
      if (/^\d+$/.test(trimmed)) seconds = parseInt(trimmed, 10);
      else {
        const at = Date.parse(trimmed);
        if (!isNaN(at)) seconds = Math.ceil((at - Date.now()) / 1000);
      }
    }
    if (!isFinite(seconds)) seconds = fallback;
    return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, seconds));
  }

  /** Exponential backoff with jitter: about 2, 4, 8, 16, then 30 seconds. */
  function backoffSeconds(attempt) {
    const base = Math.min(MAX_BACKOFF_SECONDS, Math.pow(2, Math.min(attempt, 6)));
    return Math.max(1, Math.round(base * (0.75 + Math.random() * 0.5)));
  }

  /**
   * Waits the given seconds, calling onTick(secondsLeft) every second. Coming back online or
   * wakeUp() ends the wait early. A little random delay spreads retries of many clients.
   */
  function countdown(seconds, onTick) {
    return new Promise((resolve) => {
      let left = seconds;
      let done = false;
      onTick(left);
      const interval = setInterval(() => {
        left -= 1;
        if (left > 0) onTick(left);
        else finish(Math.floor(Math.random() * 500));
      }, 1000);
      function finish(extraMs) {
        if (done) return;
        done = true;
        clearInterval(interval);
        if (state.wake === finish) state.wake = null;
        setTimeout(resolve, extraMs);
      }
      state.wake = finish;
    });
  }

  function wakeUp() {
    if (state.wake) state.wake(0);
  }

  // ---------------------------------------------------------------- views

  function showView(name, focusHeading) {
    state.view = name;
    document.body.setAttribute('data-view', name);
    document.querySelectorAll('main > section[data-view]').forEach((section) => {
      section.hidden = section.getAttribute('data-view') !== name;
    });
    if (focusHeading) {
      const heading = document.querySelector('section[data-view="' + name + '"] .view-heading');
      if (heading) heading.focus({ preventScroll: true });
      window.scrollTo(0, 0);
    }
  }

  function showLoading(key, params) {
    say(dom.loadingText, key, params);
    showView('loading', false);
  }

  function showNotice(titleKey, messageKey) {
    say(dom.noticeTitle, titleKey);
    say(dom.noticeMessage, messageKey);
    showView('notice', true);
  }

  // ---------------------------------------------------------------- session and keys

  function progressKey(session) {
    return session.window.id + '|' + session.schoolCode + '|' + session.studentNo;
  }

  function isSession(s) {
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

  function dropToken() {
    store.remove('session', KEY_SESSION);
  }

  /**
   * The slip's details in the address. A slip's QR link carries them in the fragment
   * (#school=…&no=…&code=…), which a browser never sends, so they reach no server or proxy log;
   * slips printed before carried them in the query, and those still work. Either way they leave the
   * address bar and the history entry at once (stripSlipFromUrl).
   */
  function slipFromUrl() {
    const hash = new URLSearchParams(location.hash.replace(/^#/, ''));
    const fromHash = hash.has('school') || hash.has('no') || hash.has('code');
    const params = fromHash ? hash : new URLSearchParams(location.search);
    stripSlipFromUrl();
    return params;
  }

  /** Removes the slip's details from the address bar, so nobody reads the code off the screen. */
  function stripSlipFromUrl() {
    if ((location.search || location.hash) && window.history && history.replaceState) {
      history.replaceState(null, '', location.pathname);
    }
  }

  // ---------------------------------------------------------------- login

  function renderLoginButton() {
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

  function markField(input, invalid) {
    if (invalid) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }

  function showLogin(options) {
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

  function onLoginSubmit(event) {
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
      messages.delete(dom.loginWait);
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

  // ---------------------------------------------------------------- questionnaire model

  function questionnaireUrl(base, locale) {
    return base.replace(/\/[^/?#]*(?=([?#].*)?$)/, '/' + encodeURIComponent(locale));
  }

  /** Checks the questionnaire document and indexes it; throws when it cannot be shown. */
  function compileQuestionnaire(doc, locale) {
    if (!doc || !Array.isArray(doc.scales) || doc.scales.length === 0) throw new Error('questionnaire has no scales');
    const scales = doc.scales.map((scale) => {
      if (!scale || typeof scale.id !== 'string' || !Array.isArray(scale.items) || scale.items.length === 0) {
        throw new Error('scale without id or items');
      }
      const scaleOptions = Array.isArray(scale.options) ? scale.options : [];
      const items = scale.items.map((item) => {
        const options = Array.isArray(item.options) && item.options.length ? item.options : scaleOptions;
        if (!options.length || options.some((o) => !o || !Number.isInteger(o.value))) {
          throw new Error('scale ' + scale.id + ' item ' + item.number + ' has no usable options');
        }
        const refusal =
          item.refusal && typeof item.refusal.label === 'string' && Number.isInteger(item.refusal.countsAs)
            ? { label: item.refusal.label, countsAs: item.refusal.countsAs }
            : null;
        return {
          number: item.number,
          text: String(item.text || ''),
          showIf: item.showIf || null,
          options: options.map((o) => ({ value: o.value, label: String(o.label === undefined ? o.value : o.label) })),
          refusal: refusal
        };
      });
      const indexByNumber = new Map();
      items.forEach((item, index) => indexByNumber.set(item.number, index));
      return {
        id: scale.id,
        title: String(scale.title || ''),
        instructions: String(scale.instructions || ''),
        items: items,
        indexByNumber: indexByNumber
      };
    });
    return {
      locale: typeof doc.locale === 'string' ? doc.locale : locale,
      battery: doc.battery,
      version: doc.version,
      title: String(doc.title || ''),
      scales: scales
    };
  }

  /** The value an answer counts as for showIf gates: a refusal counts as its item's countsAs. */
  function countsAs(item, answer) {
    return answer === REFUSED && item.refusal ? item.refusal.countsAs : answer;
  }

  /** Whether answer is one item may hold: one of its options, or a refusal where it offers one. */
  function isAnswerOf(item, answer) {
    if (answer === REFUSED) return !!item.refusal;
    return Number.isInteger(answer) && item.options.some((o) => o.value === answer);
  }

  /**
   * Whether item index of scale is shown given the answers. Supported rule: {anyOf:[numbers], equals:v}
   * (shown when any listed item of the same scale was answered v, a refusal counting as its countsAs).
   * An unknown rule shows the item.
   */
  function isShown(scale, index, answers) {
    const rule = scale.items[index].showIf;
    if (!rule) return true;
    if (Array.isArray(rule.anyOf) && Object.prototype.hasOwnProperty.call(rule, 'equals')) {
      return rule.anyOf.some((number) => {
        const j = scale.indexByNumber.get(number);
        return j !== undefined && countsAs(scale.items[j], answers[j]) === rule.equals;
      });
    }
    return true;
  }

  /** Clears answers of hidden items until nothing changes; returns the indexes that were cleared. */
  function settleVisibility(scale, answers, millis) {
    const cleared = [];
    let changed = true;
    while (changed) {
      changed = false;
      scale.items.forEach((item, index) => {
        if (answers[index] !== null && !isShown(scale, index, answers)) {
          answers[index] = null;
          if (millis) millis[index] = null;
          cleared.push(index);
          changed = true;
        }
      });
    }
    return cleared;
  }

  /**
   * Fetches and compiles the questionnaire in locale, falling back to the URL the login gave when that
   * locale does not exist. Resolves with {status, model?, res?}; status 'bad' means it cannot be shown.
   * Rejects only when no answer came.
   */
  async function loadModel(locale) {
    const given = state.session.questionnaire;
    const wanted = questionnaireUrl(given, locale);
    let res = await requestJson('GET', wanted);
    if (res.status === 404 && wanted !== given) res = await requestJson('GET', given);
    if (res.status !== 200) return { status: res.status, res: res };
    try {
      return { status: 200, model: compileQuestionnaire(res.data, locale) };
    } catch (e) {
      return { status: 'bad' };
    }
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

  // ---------------------------------------------------------------- progress

  function emptyArrays(model, fill) {
    const out = {};
    model.scales.forEach((scale) => {
      out[scale.id] = scale.items.map(() => fill);
    });
    return out;
  }

  /** Stored progress made to fit the questionnaire: unknown values dropped, lengths matched. */
  function fitProgress(stored, model) {
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

  /**
   * Saves the student's page and answers. This is the single place progress leaves memory: every
   * change bumps seq and goes to sessionStorage at once, and a server draft follows (saveDraft):
   * right away when the student moved to another page (options.now), else after DRAFT_DEBOUNCE_MS.
   */
  function persistProgress(options) {
    const p = state.progress;
    if (!p || !state.session) return;
    p.seq += 1;
    storeProgress();
    scheduleDraft(options && options.now ? 0 : DRAFT_DEBOUNCE_MS);
  }

  /** Writes progress to sessionStorage as it is, without a new seq or a server draft. */
  function storeProgress() {
    if (state.progress && state.session) store.set('session', KEY_PROGRESS + progressKey(state.session), state.progress);
  }

  // ---------------------------------------------------------------- server draft

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

  /** Forgets timers and what the server holds; called whenever the session or student changes. */
  function resetDraft() {
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
  async function saveDraft(why) {
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
  function resendDraft(why) {
    if (!canDraft()) return;
    if (why === 'leave' && !draft.timer) return;
    saveDraft(why);
  }

  /** What reconcileDraft answers when the server says this form was already submitted. */
  const SUBMITTED_ELSEWHERE = Object.freeze({ submitted: true });

  /**
   * Compares the server draft with the local progress after login or a reload and returns the
   * progress to show: the server's when its seq is higher, otherwise the local one. When the draft
   * cannot be read the local copy is used; only a 401 (the token is no longer valid) returns null, so
   * the student signs in again now rather than after answering everything, and a 409
   * already_submitted returns SUBMITTED_ELSEWHERE.
   */
  async function reconcileDraft(local, model, session) {
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

  // ---------------------------------------------------------------- questionnaire flow

  async function startQuestionnaire() {
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
    draft.ready = true;
    renderPage(true);
    if (model.locale !== state.locale) switchQuestionnaireLocale();
    if (state.progress.pendingSubmit) submit();
    else saveDraft('resend');
  }

  function sessionExpired() {
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

  function itemNodes() {
    return Array.prototype.slice.call(dom.items.querySelectorAll('fieldset.item'));
  }

  function renderPage(focusHeading) {
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

  function renderNav() {
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

  function markMissing(node, missing) {
    node.classList.toggle('is-missing', missing);
    if (missing) node.setAttribute('data-missing', 'true');
    else node.removeAttribute('data-missing');
    const note = node.querySelector('.item-note');
    note.hidden = !missing;
    if (missing) node.setAttribute('aria-describedby', note.id);
    else node.removeAttribute('aria-describedby');
  }

  function missingIndexes(scale) {
    const answers = state.progress.answers[scale.id];
    return scale.items
      .map((item, index) => index)
      .filter((index) => answers[index] === null && isShown(scale, index, answers));
  }

  function focusItem(node) {
    const target = node.querySelector('input:checked') || node.querySelector('input');
    if (target) target.focus({ preventScroll: true });
    node.scrollIntoView({ block: 'center', behavior: prefersReducedMotion() ? 'auto' : 'smooth' });
  }

  /** Highlights unanswered visible items of the current page; true when there were none. */
  function checkPage() {
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

  function onAnswer(event) {
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

  function goNext() {
    if (state.submitting || !checkPage()) return;
    state.progress.page += 1;
    persistProgress({ now: true });
    renderPage(true);
  }

  function goBack() {
    if (state.submitting || state.progress.page === 0) return;
    state.progress.page -= 1;
    persistProgress({ now: true });
    renderPage(true);
  }

  async function switchQuestionnaireLocale() {
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

  function setLocale(locale) {
    if (I18N.locales.indexOf(locale) < 0 || locale === state.locale) return;
    state.locale = locale;
    store.set('local', KEY_LOCALE, locale);
    applyStaticTexts();
    if (state.view === 'scale' && state.model) switchQuestionnaireLocale();
  }

  // ---------------------------------------------------------------- submit

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
      messages.delete(box);
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

  async function submit() {
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
    clearTimeout(draft.timer);
    clearTimeout(draft.retryTimer);
    draft.timer = 0;
    if (draft.inFlight) await Promise.race([draft.inFlight, new Promise((resolve) => setTimeout(resolve, 3000))]);
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

  /** The time this student ticked the assent line for this window, or '' if not yet. */
  function assentOf(session) {
    const kept = store.get('session', KEY_ASSENT + progressKey(session));
    return kept && typeof kept.at === 'string' ? kept.at : '';
  }

  /**
   * The privacy notice before the first questionnaire: what it is for, who sees the answers, how
   * long they are kept, in the words of the student's grade band; the student ticks the assent line
   * to start, and its time goes with the submit.
   */
  function showAssent() {
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

  function assented() {
    if (!state.session || !dom.assentCheck.checked) return;
    store.set('session', KEY_ASSENT + progressKey(state.session), { at: new Date().toISOString() });
    startQuestionnaire();
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
  function alreadySubmitted() {
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

  // ---------------------------------------------------------------- thanks

  function cleanHelp(help) {
    if (!help || typeof help !== 'object') return null;
    const contacts = Array.isArray(help.contacts)
      ? help.contacts
          .filter((c) => c && (typeof c.name === 'string' || typeof c.phone === 'string'))
          .map((c) => ({ name: String(c.name || ''), phone: String(c.phone || '') }))
      : [];
    const title = typeof help.title === 'string' ? help.title : '';
    const message = typeof help.message === 'string' ? help.message : '';
    if (!title && !message && !contacts.length) return null;
    return { title: title, message: message, contacts: contacts };
  }

  /** The message a crisis result adds ({kind, title, text}), or null. */
  function cleanMessage(message) {
    if (!message || typeof message !== 'object') return null;
    const kind = ['personal', 'directive', 'parent'].indexOf(message.kind) >= 0 ? message.kind : 'personal';
    const title = typeof message.title === 'string' ? message.title : '';
    const text = typeof message.text === 'string' ? message.text : '';
    if (!title && !text) return null;
    return { kind: kind, title: title, text: text };
  }

  function isParent() {
    return !!(state.session && state.session.form === 'parent');
  }

  /**
   * Puts the crisis message (if any) on the thank-you page: a directive one first of all, as an
   * alert; a personal or parent one just above the help block.
   */
  function renderMessage(message) {
    [dom.messageTop, dom.messageNearHelp].forEach((slot) => {
      slot.textContent = '';
      slot.hidden = true;
    });
    if (!message) return;
    const directive = message.kind === 'directive';
    const slot = directive ? dom.messageTop : dom.messageNearHelp;
    const titleId = 'thanks-message-title';
    const box = el(
      'section',
      {
        class: 'thanks-message thanks-message-' + message.kind,
        'data-testid': 'thanks-message',
        'data-kind': message.kind,
        role: directive ? 'alert' : null,
        'aria-labelledby': message.title ? titleId : null
      },
      []
    );
    if (message.title) box.appendChild(el('h2', { class: 'thanks-message-title', id: titleId, text: message.title }));
    if (message.text) box.appendChild(el('p', { class: 'thanks-message-text', text: message.text }));
    slot.appendChild(box);
    slot.hidden = false;
  }

  function showThanks(receipt) {
    renderMessage(cleanMessage(receipt.message));
    const help = cleanHelp(receipt.help);
    dom.help.hidden = false;
    dom.helpContacts.querySelectorAll('.help-contact-name').forEach((node) => messages.delete(node));
    dom.helpContacts.textContent = '';
    if (!help) {
      // No words from the server (the form was submitted elsewhere): the generic block and the
      // national lines, in the page's language.
      say(dom.helpTitle, 'help.title');
      say(dom.helpMessage, isParent() ? 'help.genericParent' : 'help.generic');
      dom.helpMessage.hidden = false;
      dom.helpLead.hidden = true;
      NATIONAL_LINES.forEach((line) => {
        const item = el('li', { class: 'help-contact', 'data-testid': 'help-contact' }, [
          el('span', { class: 'help-contact-name' })
        ]);
        say(item.firstChild, line[0]);
        item.appendChild(
          el('a', {
            class: 'help-phone',
            href: 'tel:' + line[1].replace(/[^0-9+*#,]/g, ''),
            'data-testid': 'help-phone',
            text: line[1]
          })
        );
        dom.helpContacts.appendChild(item);
      });
    } else {
      if (help.title) sayRaw(dom.helpTitle, help.title);
      else say(dom.helpTitle, 'help.title');
      sayRaw(dom.helpMessage, help.message);
      dom.helpMessage.hidden = !help.message;
      dom.helpLead.hidden = !help.contacts.length || !!help.message;
      help.contacts.forEach((contact) => {
        const dial = contact.phone.replace(/[^0-9+*#,]/g, '');
        const item = el('li', { class: 'help-contact', 'data-testid': 'help-contact' }, [
          el('span', { class: 'help-contact-name', text: contact.name })
        ]);
        if (dial) {
          item.appendChild(
            el('a', {
              class: 'help-phone',
              href: 'tel:' + dial,
              'data-testid': 'help-phone',
              'aria-label': t('help.call', { name: contact.name, phone: contact.phone }),
              text: contact.phone
            })
          );
        } else if (contact.phone) {
          item.appendChild(el('span', { class: 'help-phone-text', text: contact.phone }));
        }
        dom.helpContacts.appendChild(item);
      });
    }
    if (receipt.receipt) say(dom.receipt, 'thanks.receipt', { receipt: receipt.receipt });
    else hush(dom.receipt);
    showView('thanks', true);
  }

  /** Ends this student's visit on a shared device: forget token, receipt and answers, back to an empty login. */
  function finish() {
    if (state.session) {
      const key = progressKey(state.session);
      store.remove('session', KEY_RECEIPT + key);
      store.remove('session', KEY_PROGRESS + key);
    }
    resetDraft();
    dropToken();
    state.session = null;
    state.model = null;
    state.progress = null;
    state.accessCode = '';
    showLogin({ schoolCode: '', studentNo: '', accessCode: '' });
  }

  function backToStart() {
    const session = state.session;
    resetDraft();
    dropToken();
    state.session = null;
    state.model = null;
    state.progress = null;
    showLogin({
      schoolCode: session ? session.schoolCode : dom.loginSchool.value,
      studentNo: session ? session.studentNo : dom.loginStudent.value,
      accessCode: ''
    });
  }

  // ---------------------------------------------------------------- boot

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
    state.locale = I18N.locales.indexOf(savedLocale) >= 0 ? savedLocale : I18N.defaultLocale;
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
})();
