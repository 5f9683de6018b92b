// 筛查窗口: the windows the caller's scope meets, their state (admins open, pause and close them),
// a form to create a draft window, and the students who cannot start for want of a guardian's
// consent (the server audits every view of that list).

const STATUS_NAMES = { draft: '草稿', open: '进行中', paused: '已暂停', closed: '已结束', archived: '已归档' };
const DEFAULT_BANDS = { '1-3': 'g1-3-teacher', '4-6': 'g4-6', '7-9': 'g7-9', '10-12': 'g10-12' };
const BAND_NAMES = { '1-3': '一至三年级（班主任评定，家长评定）', '4-6': '四至六年级', '7-9': '七至九年级', '10-12': '十至十二年级' };
const ADMINS = ['city_admin', 'district_admin'];

/** The message of an API error, whatever shape the server gave it. */
function messageOf(e) {
  // An ApiError's message is already in zh-CN where the code has fixed words (console.js).
  return (e && e.message) || String(e);
}

/** `2026-10-19T08:00` (local, as a datetime-local input holds it) from an ISO instant. */
function localInput(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate()) +
    'T' + pad(date.getHours()) + ':' + pad(date.getMinutes());
}

function shown(iso) {
  return new Date(iso).toLocaleString('zh-CN', { dateStyle: 'medium', timeStyle: 'short' });
}

export async function mount(view, ctx) {
  const { api, el, showError, session } = ctx;
  const admin = ADMINS.includes(session.role);
  const tableBody = el('tbody');
  const consentBox = el('div', { 'data-testid': 'consent-missing' });
  const consentWindow = el('select', { 'data-testid': 'consent-window', onchange: () => loadConsent() });
  const formBox = el('div', { class: 'card', hidden: true });

  view.append(
    el('div', { class: 'card' },
      el('div', { class: 'row' },
        el('h2', {}, '筛查窗口'),
        admin ? el('button', { type: 'button', 'data-testid': 'window-new', onclick: () => { formBox.hidden = !formBox.hidden; } }, '新建窗口') : null),
      el('table', { 'data-testid': 'windows-table' },
        el('thead', {}, el('tr', {},
          el('th', {}, '名称'), el('th', {}, '状态'), el('th', {}, '年级'), el('th', {}, '范围'),
          el('th', {}, '开始'), el('th', {}, '结束'), admin ? el('th', {}, '操作') : null)),
        tableBody)),
    formBox,
    el('div', { class: 'card' },
      el('h2', {}, '未获监护人同意的学生'),
      el('p', { class: 'muted' }, '这些学生（一至三年级为家长）暂不能作答。收到家长签署的知情同意书后，点“已收到同意书”记录（每次记录均留痕）；家长撤回同意请在学生档案中记录。'),
      el('label', {}, '筛查窗口 ', consentWindow),
      consentBox),
  );

  if (admin) buildForm();

  let windows = [];
  async function load() {
    ({ windows } = await api('GET', '/api/staff/windows'));
    tableBody.replaceChildren(...windows.map(row));
    if (!windows.length) tableBody.append(el('tr', {}, el('td', { colspan: 7, class: 'muted' }, '还没有筛查窗口。')));
    const previous = consentWindow.value;
    consentWindow.replaceChildren(...windows.map((w) => el('option', { value: w.id }, w.name)));
    const open = windows.find((w) => w.status === 'open');
    if (windows.some((w) => String(w.id) === previous)) consentWindow.value = previous;
    else if (open) consentWindow.value = String(open.id);
    await loadConsent();
  }

  function scopeText(w) {
    if (w.cityWide) return '全市';
    const parts = [];
    if (w.districtIds && w.districtIds.length) parts.push('区 ' + w.districtIds.join('、'));
    if (w.schoolIds && w.schoolIds.length) parts.push('学校 ' + w.schoolIds.join('、'));
    return parts.join('；');
  }

  function row(w) {
    const actions = [];
    if (admin) {
      const button = (target, label, allowed) => el('button', {
        type: 'button', 'data-testid': 'window-' + target + '-' + w.id, disabled: !allowed,
        onclick: () => change(w, target === 'open' ? 'open' : target === 'pause' ? 'paused' : 'closed'),
      }, label);
      actions.push(
        button('open', w.status === 'draft' ? '开启' : '继续', ['draft', 'paused', 'closed'].includes(w.status)),
        button('pause', '暂停', w.status === 'open'),
        button('close', '结束', ['open', 'paused'].includes(w.status)));
    }
    return el('tr', { 'data-testid': 'window-row-' + w.id },
      el('td', {}, w.name),
      el('td', { 'data-testid': 'window-status-' + w.id, 'data-status': w.status }, STATUS_NAMES[w.status] || w.status),
      el('td', {}, w.minGrade + '–' + w.maxGrade + ' 年级'),
      el('td', {}, scopeText(w)),
      el('td', {}, shown(w.opensAt)),
      el('td', {}, shown(w.closesAt)),
      admin ? el('td', { class: 'row' }, actions) : null);
  }

  async function change(w, status) {
    try {
      showError('');
      await api('POST', '/api/staff/windows/' + w.id + '/status', { status });
      await load();
    } catch (e) {
      showError('操作失败：' + messageOf(e));
    }
  }

  function buildForm() {
    const now = new Date();
    const name = el('input', { type: 'text', maxlength: 200, required: true, 'data-testid': 'window-name', placeholder: '例如：2026 秋季心理健康筛查' });
    const minGrade = el('input', { type: 'number', min: 1, max: 12, value: 1, 'data-testid': 'window-min-grade' });
    const maxGrade = el('input', { type: 'number', min: 1, max: 12, value: 12, 'data-testid': 'window-max-grade' });
    const opens = el('input', { type: 'datetime-local', 'data-testid': 'window-opens', value: localInput(new Date(now.getTime() + 86400000)) });
    const closes = el('input', { type: 'datetime-local', 'data-testid': 'window-closes', value: localInput(new Date(now.getTime() + 8 * 86400000)) });
    const bandInputs = Object.entries(DEFAULT_BANDS).map(([band, battery]) => ({
      band,
      on: el('input', { type: 'checkbox', checked: true, 'data-testid': 'window-band-on-' + band }),
      battery: el('input', { type: 'text', value: battery, 'data-testid': 'window-battery-' + band }),
    }));
    const city = session.role === 'city_admin';
    const scopeSelect = el('select', { 'data-testid': 'window-scope' },
      city ? el('option', { value: 'city' }, '全市') : null,
      city ? el('option', { value: 'districts' }, '指定区（编号）') : null,
      city ? el('option', { value: 'schools' }, '指定学校（编号）') : null,
      city ? null : el('option', { value: 'own' }, '本区'));
    const scopeIds = el('input', { type: 'text', 'data-testid': 'window-scope-ids', placeholder: '编号，用逗号分隔', hidden: true });
    scopeSelect.addEventListener('change', () => { scopeIds.hidden = !['districts', 'schools'].includes(scopeSelect.value); });
    const result = el('p', { class: 'muted', 'data-testid': 'window-create-result' });

    async function create() {
      const bands = {};
      for (const b of bandInputs) if (b.on.checked) bands[b.band] = b.battery.value.trim();
      const body = {
        name: name.value.trim(),
        minGrade: Number(minGrade.value),
        maxGrade: Number(maxGrade.value),
        batteryByBand: bands,
        opensAt: opens.value ? new Date(opens.value).toISOString() : '',
        closesAt: closes.value ? new Date(closes.value).toISOString() : '',
      };
      const ids = scopeIds.value.split(/[,，\s]+/).filter(Boolean).map(Number);
      if (scopeSelect.value === 'districts') body.districtIds = ids;
      if (scopeSelect.value === 'schools') body.schoolIds = ids;
      if (scopeSelect.value === 'own') body.districtIds = [session.districtId];
      // A band outside min..max grade is left out, so the defaults fit any grade range.
      for (const band of Object.keys(bands)) {
        const [first, last] = band.split('-').map(Number);
        if ((last || first) < body.minGrade || first > body.maxGrade) delete bands[band];
      }
      try {
        showError('');
        const created = await api('POST', '/api/staff/windows', body);
        result.textContent = '已创建草稿窗口「' + created.name + '」，确认无误后点击“开启”。';
        formBox.hidden = true;
        await load();
      } catch (e) {
        result.textContent = '';
        showError('创建失败：' + messageOf(e));
      }
    }

    formBox.append(
      el('h2', {}, '新建筛查窗口'),
      el('div', { class: 'row' },
        el('label', {}, '名称 ', name),
        el('label', {}, '最低年级 ', minGrade),
        el('label', {}, '最高年级 ', maxGrade)),
      el('div', { class: 'row' },
        el('label', {}, '开始时间 ', opens),
        el('label', {}, '结束时间 ', closes)),
      el('div', { class: 'row' }, el('label', {}, '范围 ', scopeSelect), scopeIds),
      el('table', {},
        el('thead', {}, el('tr', {}, el('th', {}, '采用'), el('th', {}, '学段'), el('th', {}, '问卷组'))),
        el('tbody', {}, bandInputs.map((b) => el('tr', {},
          el('td', {}, b.on), el('td', {}, BAND_NAMES[b.band]), el('td', {}, b.battery))))),
      el('p', { class: 'muted' }, '帮助热线默认使用全国心理援助热线（12356）等。新建的窗口为草稿，开启后学生才能登录。'),
      el('button', { type: 'button', class: 'primary', 'data-testid': 'window-create', onclick: create }, '创建'),
      result);
  }

  async function loadConsent() {
    if (!consentWindow.value) {
      consentBox.replaceChildren(el('p', { class: 'muted' }, '没有可查看的窗口。'));
      return;
    }
    try {
      const data = await api('GET', '/api/staff/windows/' + consentWindow.value + '/consent-missing');
      if (!data.classes.length) {
        consentBox.replaceChildren(el('p', { class: 'muted', 'data-testid': 'consent-missing-empty' }, '您的范围内所有学生均已获得同意。'));
        return;
      }
      consentBox.replaceChildren(
        el('p', {}, '共 ' + data.total + ' 名学生未获同意，分布在 ' + data.classes.length + ' 个班级（点击班级展开名单）。'),
        ...data.classes.map((c, i) => el('details', { class: 'consent-class', open: data.classes.length <= 3 || i === 0, 'data-testid': 'consent-class-' + c.classId },
          el('summary', {}, c.school + ' · ' + c.grade + '年级 ' + c.className + '（' + c.students.length + ' 人）'),
          el('table', {},
            el('thead', {}, el('tr', {}, el('th', {}, '学号'), el('th', {}, '姓名'), el('th', {}, '操作'))),
            el('tbody', {}, c.students.map((s) => el('tr', { 'data-testid': 'consent-row-' + s.id },
              el('td', {}, s.studentNo), el('td', {}, s.name),
              el('td', {}, el('button', { type: 'button', 'data-testid': 'consent-given-' + s.id, onclick: () => recordGiven(s) }, '已收到同意书')))))))));
    } catch (e) {
      consentBox.replaceChildren(el('p', { class: 'muted' }, '无法读取：' + messageOf(e)));
    }
  }

  /** Records the paper consent form of one student for the chosen window, then re-reads the list. */
  async function recordGiven(student) {
    try {
      await api('POST', '/api/staff/students/' + student.id + '/consent',
        { windowId: Number(consentWindow.value), given: true, method: 'paper_form' });
      await loadConsent();
    } catch (e) {
      showError(e);
    }
  }

  await load();
  return null;
}
