// The console's one crisis feed (DESIGN.md, "The crisis path"): after sign-in, for the roles that
// have it, the shell opens ONE EventSource to /api/staff/alerts/stream that lives across section
// changes, and keeps the pending alerts in a Map by id. Every page shows the count (header badge,
// tab title); new alerts are announced in an assertive live region and, when the staff member
// asked for them, by a desktop notification and a short beep.
//
// Delivery is confirmed, not assumed: every alert the console shows is POSTed to
// /api/staff/alerts/received (in batches), and only the ids the server answers as `first` (never
// confirmed by this staff member before) are announced, notified and sounded, so a reload or a
// second tab does not ring again. The pending list is re-read on every (re)connect and every 30 s,
// merged by alertId; acknowledged alerts leave the Map. Nothing here logs a student.

const STREAM = '/api/staff/alerts/stream';
const POLL_MS = 30_000;
const MAX_BACKOFF_MS = 60_000;
const SOUND_KEY = 'huxin.console.sound';
const BASE_TITLE = '护心 · 工作台';

/** The roles with the crisis feed; head teachers and ops open no stream. */
export const FEED_ROLES = ['city_admin', 'district_admin', 'school_psychologist'];

/** 一般 / 严重 / 重大 by the API's key. */
export const LEVEL_NAMES = { general: '一般', serious: '严重', major: '重大' };

/** Where an alert came from: a stored result, or a crisis answer in a draft nobody submitted. */
export const SOURCE_NAMES = { result: '已提交结果', unsubmitted: '未提交作答' };

/** A crisis level as a pill: its word, and a class whose colours keep WCAG AA contrast. */
export function levelPill(el, key) {
  const known = Object.prototype.hasOwnProperty.call(LEVEL_NAMES, key);
  return el('span', { class: 'crisis-level crisis-level-' + (known ? key : 'unknown'), 'data-level': key }, known ? LEVEL_NAMES[key] : '—');
}

/** "X 分钟后升级到区县", "即将升级到区县" or "已升级", as of `now` (ms). */
export function escalationText(alert, now) {
  if (alert.escalatedAt) return '已升级到区县';
  const due = Date.parse(alert.escalateDueAt);
  if (Number.isNaN(due)) return '';
  const minutes = Math.ceil((due - now) / 60_000);
  if (minutes <= 0) return '即将升级到区县';
  if (minutes < 60) return minutes + ' 分钟后升级到区县';
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return hours + ' 小时' + (rest ? ' ' + rest + ' 分钟' : '') + '后升级到区县';
}

let current = null;

/** The feed of the signed-in staff member, or null for a role without one. */
export function feed() {
  return current;
}

/**
 * Starts the feed for `session` (stopping any earlier one); returns it, or null when the role has
 * no crisis feed. `api` is the shell's JSON client.
 */
export function startFeed(api, session) {
  stopFeed();
  if (!FEED_ROLES.includes(session.role)) return null;
  current = new Feed(api);
  current.start();
  return current;
}

export function stopFeed() {
  if (current) current.stop();
  current = null;
}

class Feed {
  constructor(api) {
    this.api = api;
    this.alerts = new Map(); // alertId → alert, the unacknowledged ones in scope
    this.listeners = new Set();
    this.confirmed = new Set(); // ids this console has POSTed (or is about to POST) as received
    this.toConfirm = new Set();
    this.confirmTimer = null;
    this.gone = new Set(); // ids acknowledged while this console watched
    this.arrived = new Map(); // alertId → refresh generation in which the stream brought it
    this.generation = 0;
    this.serverCount = 0; // the server's total, which may exceed the list it sent (at most 200)
    this.listComplete = true;
    this.schools = new Map(); // schoolId → name, from /api/staff/reports/units (not audited)
    this.connected = false;
    this.stopped = false;
    this.source = null;
    this.retry = null;
    this.poll = null;
    this.attempt = 0;
    this.refreshing = null;
    this.audio = null;
    this.sound = readSound();
    this.onVisible = () => {
      if (document.visibilityState === 'visible') this.refresh();
    };
  }

  start() {
    this.connect();
    this.poll = setInterval(() => this.refresh(), POLL_MS);
    document.addEventListener('visibilitychange', this.onVisible);
    this.refresh();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retry);
    clearTimeout(this.confirmTimer);
    clearInterval(this.poll);
    document.removeEventListener('visibilitychange', this.onVisible);
    if (this.source) this.source.close();
    this.source = null;
    this.listeners.clear();
    if (this.audio) this.audio.close().catch(() => {});
    this.audio = null;
  }

  /** Calls fn() after every change; returns the function that stops it. */
  subscribe(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Pending alerts, newest first. */
  list() {
    return [...this.alerts.values()].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : b.alertId - a.alertId));
  }

  /** How many alerts in scope wait for someone to take them on. */
  count() {
    return this.listComplete ? this.alerts.size : Math.max(this.alerts.size, this.serverCount);
  }

  schoolName(id) {
    return this.schools.get(id) || '';
  }

  connect() {
    if (this.stopped) return;
    if (this.source) this.source.close();
    const source = new EventSource(STREAM);
    this.source = source;
    source.addEventListener('open', () => {
      this.attempt = 0;
      this.connected = true;
      this.changed();
      this.refresh(); // whatever happened while the stream was down
    });
    for (const kind of ['pending', 'delivery', 'escalation', 'acknowledged']) {
      source.addEventListener(kind, (event) => {
        let data;
        try {
          data = JSON.parse(event.data);
        } catch (e) {
          return;
        }
        this.take(data);
      });
    }
    source.addEventListener('error', () => {
      if (this.stopped || this.source !== source) return;
      this.connected = false;
      this.changed();
      if (source.readyState === EventSource.CLOSED) {
        // The browser gave up (an HTTP error, not a dropped connection): try again ourselves,
        // waiting longer each time.
        this.attempt += 1;
        const wait = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(this.attempt, 6)) * (0.75 + Math.random() * 0.5);
        clearTimeout(this.retry);
        this.retry = setTimeout(() => this.connect(), wait);
        this.refresh();
      }
    });
  }

  /** One event from the stream. */
  take(event) {
    const id = event.alertId;
    if (event.kind === 'acknowledged') {
      this.gone.add(id);
      if (this.alerts.delete(id) && !this.listComplete) this.serverCount = Math.max(0, this.serverCount - 1);
      this.changed();
      return;
    }
    if (this.gone.has(id)) return;
    const known = this.alerts.get(id);
    if (!known && !this.listComplete) this.serverCount += 1;
    this.alerts.set(id, Object.assign({}, known || {}, event));
    if (!known) this.arrived.set(id, this.generation);
    this.changed();
    this.confirm([event]);
  }

  /** Re-reads the pending list and merges it by id; at most one read at a time. */
  refresh() {
    if (this.stopped) return Promise.resolve();
    if (this.refreshing) return this.refreshing;
    const generation = ++this.generation;
    this.refreshing = this.api('GET', '/api/staff/alerts')
      .then((data) => {
        if (this.stopped) return;
        const listed = new Map(data.alerts.map((a) => [a.alertId, a]));
        for (const id of [...this.alerts.keys()]) {
          // Not listed: acknowledged by someone, unless the stream brought it after the read began.
          const since = this.arrived.get(id);
          if (!listed.has(id) && !(since !== undefined && since >= generation)) this.alerts.delete(id);
        }
        for (const [id, a] of listed) {
          if (this.gone.has(id)) continue;
          this.alerts.set(id, Object.assign({}, this.alerts.get(id) || {}, a));
        }
        for (const id of [...this.arrived.keys()]) if (!this.alerts.has(id)) this.arrived.delete(id);
        this.serverCount = data.pending;
        this.listComplete = data.pending <= data.alerts.length;
        this.changed();
        this.confirm(data.alerts);
      })
      .catch(() => {
        // The badge keeps its last count; the stream and the next poll try again.
      })
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }

  /** Queues these alerts' ids for one batched confirmation a moment later. */
  confirm(alerts) {
    for (const a of alerts) {
      if (!this.confirmed.has(a.alertId)) {
        this.confirmed.add(a.alertId);
        this.toConfirm.add(a.alertId);
      }
    }
    if (this.toConfirm.size && !this.confirmTimer) {
      this.confirmTimer = setTimeout(() => {
        this.confirmTimer = null;
        const ids = [...this.toConfirm];
        this.toConfirm.clear();
        for (let i = 0; i < ids.length; i += 200) this.received(ids.slice(i, i + 200)); // the API's batch limit
      }, 50);
    }
  }

  /**
   * Tells the server this console shows these alerts; announces (and, if asked for, notifies and
   * sounds) the ones it answers as first seen by this staff member.
   */
  async received(ids) {
    if (this.stopped || !ids.length) return;
    let answer;
    try {
      answer = await this.api('POST', '/api/staff/alerts/received', { alertIds: ids });
    } catch (e) {
      ids.forEach((id) => this.confirmed.delete(id)); // asked again on the next read
      return;
    }
    const first = (answer.first || []).map((id) => this.alerts.get(id)).filter(Boolean);
    if (this.stopped || !first.length) return;
    await this.nameSchools(first);
    this.announce(first);
  }

  /** Learns the names of schools it has not seen yet (the caller's units; nothing is audited). */
  async nameSchools(alerts) {
    if (alerts.every((a) => this.schools.has(a.schoolId))) return;
    try {
      const units = await this.api('GET', '/api/staff/reports/units');
      for (const s of units.schools || []) this.schools.set(s.id, s.name);
    } catch (e) {
      // Announced without the school's name.
    }
  }

  announce(alerts) {
    const words = alerts.map((a) => (this.schoolName(a.schoolId) || '本辖区学校') + '，' + (LEVEL_NAMES[a.crisisLevel] || '危机'));
    const region = document.getElementById('crisis-announce');
    if (region) {
      // New text in the assertive region is read out at once.
      region.textContent = '新的危机预警：' + words.join('；');
    }
    if (this.sound) this.beep();
    if ('Notification' in window && Notification.permission === 'granted') {
      for (const [i, a] of alerts.entries()) {
        try {
          // Like the phone sinks: a school and a level, never a student.
          const n = new Notification('护心：新的危机预警', {
            body: words[i] + '。请登录工作台确认接手。',
            tag: 'huxin-alert-' + a.alertId,
            requireInteraction: true,
          });
          n.onclick = () => {
            window.focus();
            location.hash = '#/alerts';
            n.close();
          };
        } catch (e) {
          // Some browsers allow notifications only from a service worker; the page still shows it.
        }
      }
    }
  }

  /** Takes an alert on; resolves true when the server accepted. */
  async acknowledge(id) {
    await this.api('POST', '/api/staff/alerts/' + id + '/ack');
    this.gone.add(id);
    if (this.alerts.delete(id) && !this.listComplete) this.serverCount = Math.max(0, this.serverCount - 1);
    this.changed();
    return true;
  }

  /** Whether notifications can still be asked for (the button shows only then). */
  canAskNotifications() {
    return 'Notification' in window && Notification.permission === 'default';
  }

  /** Asks for notification permission; only ever from a click. */
  async askNotifications() {
    if (!('Notification' in window)) return 'unsupported';
    const answer = await Notification.requestPermission();
    this.changed();
    return answer;
  }

  soundOn() {
    return this.sound;
  }

  /** Turns the beep on or off (saved on this computer); a click also unlocks audio. */
  setSound(on) {
    this.sound = on;
    try {
      localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
    } catch (e) {
      // private mode: for this page only
    }
    if (on) this.beep();
    this.changed();
  }

  /** A short two-tone beep through WebAudio; no audio file. */
  beep() {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    try {
      if (!this.audio) this.audio = new Context();
      const ctx = this.audio;
      if (ctx.state === 'suspended') ctx.resume().catch(() => {});
      const start = ctx.currentTime + 0.01;
      [880, 660].forEach((hz, i) => {
        const osc = ctx.createOscillator();
        const gain = ctx.createGain();
        osc.type = 'sine';
        osc.frequency.value = hz;
        const t = start + i * 0.22;
        gain.gain.setValueAtTime(0.0001, t);
        gain.gain.exponentialRampToValueAtTime(0.25, t + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.2);
        osc.connect(gain).connect(ctx.destination);
        osc.start(t);
        osc.stop(t + 0.21);
      });
    } catch (e) {
      // No sound device: the badge and the live region still tell.
    }
  }

  changed() {
    renderShell(this);
    for (const fn of [...this.listeners]) {
      try {
        fn();
      } catch (e) {
        // one broken section must not stop the badge
      }
    }
  }
}

function readSound() {
  try {
    return localStorage.getItem(SOUND_KEY) === 'on';
  } catch (e) {
    return false;
  }
}

/** The header badge, the tab title and the notification and sound controls. */
function renderShell(f) {
  const n = f.count();
  const badge = document.getElementById('crisis-count');
  if (badge) {
    badge.hidden = false;
    badge.classList.toggle('has-pending', n > 0);
    badge.dataset.count = String(n);
    badge.querySelector('.crisis-count-n').textContent = String(n);
    badge.setAttribute('aria-label', n > 0 ? '待确认的危机预警 ' + n + ' 条' : '没有待确认的危机预警');
    badge.title = f.connected ? '危机预警：实时' : '危机预警：正在重新连接';
    badge.classList.toggle('offline', !f.connected);
  }
  document.title = n > 0 ? '(' + n + ') ' + BASE_TITLE : BASE_TITLE;
  const notify = document.getElementById('crisis-notify');
  if (notify) notify.hidden = !f.canAskNotifications();
  const sound = document.getElementById('crisis-sound');
  if (sound) {
    sound.hidden = false;
    sound.setAttribute('aria-pressed', String(f.soundOn()));
    sound.textContent = f.soundOn() ? '提示音：开' : '提示音：关';
  }
}

/** Hides the shell's crisis controls (signed out, or a role without the feed). */
export function clearShell() {
  for (const id of ['crisis-count', 'crisis-notify', 'crisis-sound']) {
    const node = document.getElementById(id);
    if (node) node.hidden = true;
  }
  const region = document.getElementById('crisis-announce');
  if (region) region.textContent = '';
  document.title = BASE_TITLE;
}
