// 危机预警: unacknowledged crisis alerts in the caller's scope, live over SSE. Each row names the
// school, class and student number (never a name or an answer), links to the student's archive,
// and lets the caller take the alert on.

export async function mount(view, ctx) {
  const { api, el, showError, TIER_NAMES } = ctx;
  document.head.append(el('link', { rel: 'stylesheet', href: '/console/progress.css' }));

  const alerts = new Map(); // alertId → alert event
  const labels = new Map(); // studentId → { studentNo, className, schoolName, grade }
  let source = null;
  let retry = null;
  let closed = false;

  const live = el('span', { class: 'live off' }, '连接中…');
  const body = el('tbody');
  const list = el('div', { 'data-testid': 'alerts-list' },
    el('table', {},
      el('thead', {}, el('tr', {},
        el('th', {}, '时间'), el('th', {}, '学校'), el('th', {}, '班级'), el('th', {}, '学号'),
        el('th', {}, '等级'), el('th', {}, '状态'), el('th', {}, '档案'), el('th', {}, ''))),
      body));
  const empty = el('p', { class: 'muted', 'data-testid': 'alerts-empty' }, '目前没有待处理的危机预警。');
  view.append(
    el('div', { class: 'card' },
      el('div', { class: 'row' }, el('h2', {}, '待处理的危机预警'), live),
      el('p', { class: 'muted' }, '请尽快确认接手并与学生当面联系；超过时限未确认的预警会升级到区县。'),
      list, empty));

  async function label(ids) {
    const missing = [...new Set(ids)].filter((id) => !labels.has(id));
    if (!missing.length) return;
    const { students } = await api('GET', '/api/staff/alerts/students?ids=' + missing.join(','));
    for (const s of students) labels.set(s.studentId, s);
  }

  function render() {
    const rows = [...alerts.values()].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
    body.replaceChildren(...rows.map(row));
    list.hidden = rows.length === 0;
    empty.hidden = rows.length !== 0;
  }

  function row(a) {
    const s = labels.get(a.studentId) || {};
    const ack = el('button', { class: 'primary', 'data-testid': 'alert-ack-' + a.alertId, onclick: () => acknowledge(a, ack) }, '确认接手');
    return el('tr', { 'data-testid': 'alert-row-' + a.alertId },
      el('td', {}, new Date(a.createdAt).toLocaleString('zh-CN')),
      el('td', {}, s.schoolName || '—'),
      el('td', {}, s.className || '—'),
      el('td', {}, s.studentNo || '—'),
      el('td', {}, el('span', { class: 'tier tier-' + a.level }, TIER_NAMES[a.level])),
      el('td', {}, a.escalatedAt ? el('span', { class: 'escalated', title: new Date(a.escalatedAt).toLocaleString('zh-CN') }, '已升级') : '待确认'),
      el('td', {}, el('a', { href: '#/student/' + a.studentId }, '查看档案')),
      el('td', {}, ack));
  }

  async function acknowledge(a, button) {
    button.disabled = true;
    try {
      await api('POST', '/api/staff/alerts/' + a.alertId + '/ack');
      alerts.delete(a.alertId);
      render();
    } catch (e) {
      button.disabled = false;
      showError(e.message);
    }
  }

  async function take(event) {
    if (event.kind === 'acknowledged') {
      alerts.delete(event.alertId);
    } else {
      const known = alerts.get(event.alertId);
      alerts.set(event.alertId, Object.assign({}, known || {}, event));
      try { await label([event.studentId]); } catch (e) { showError(e.message); }
    }
    render();
  }

  function connect() {
    if (source) source.close();
    source = new EventSource('/api/staff/alerts/stream');
    source.addEventListener('open', () => { live.textContent = '实时'; live.className = 'live on'; });
    for (const kind of ['pending', 'delivery', 'escalation', 'acknowledged']) {
      source.addEventListener(kind, (e) => take(JSON.parse(e.data)));
    }
    source.addEventListener('error', () => {
      if (closed) return;
      live.textContent = '重新连接中…';
      live.className = 'live off';
      if (source.readyState === EventSource.CLOSED) {
        retry = setTimeout(() => { if (!closed) connect(); }, 5000);
      }
    });
  }

  const first = await api('GET', '/api/staff/alerts');
  for (const a of first.alerts) alerts.set(a.alertId, a);
  await label(first.alerts.map((a) => a.studentId)).catch((e) => showError(e.message));
  render();
  connect();
  return () => {
    closed = true;
    clearTimeout(retry);
    if (source) source.close();
  };
}
