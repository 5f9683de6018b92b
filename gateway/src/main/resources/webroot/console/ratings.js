// 低年级评定: grades 1–3 do not answer for themselves. The head teacher rates each child of her
// class with the PSC-17 teacher form (parents rate at home with the parent code on the slip).
// The server answers "stored" only: this page never shows a score, tier or rule.

const SEX = { F: '女', M: '男' };

function messageOf(e) {
  // An ApiError's message is already in zh-CN where the code has fixed words (console.js).
  return (e && e.message) || String(e);
}

function uuid() {
  if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
  const b = window.crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
}

/** Whether a window rates grades 1–3 (its 1-3 band names a teacher battery) and is open. */
function ratesYoungGrades(w) {
  return w.status === 'open' && w.minGrade <= 3 && w.batteryByBand && Object.keys(w.batteryByBand).some((b) => Number(b.split('-')[0]) <= 3);
}

export async function mount(view, ctx) {
  const { api, el, showError, session, params } = ctx;
  const { windows } = await api('GET', '/api/staff/windows');
  const rating = windows.filter(ratesYoungGrades);
  if (!rating.length) {
    view.append(el('div', { class: 'card' }, el('p', { class: 'muted', 'data-testid': 'ratings-empty' }, '目前没有进行中的一至三年级评定窗口。')));
    return null;
  }
  const windowSelect = el('select', { 'data-testid': 'ratings-window', onchange: () => load() },
    rating.map((w) => el('option', { value: w.id }, w.name)));
  const teacher = session.role === 'head_teacher';
  // A head teacher rates her own class; others pick one of the grades 1–3 classes in their scope.
  const { classes } = await api('GET', '/api/staff/classes?minGrade=1&maxGrade=3');
  const classInput = el('select', { 'data-testid': 'ratings-class-id', disabled: teacher, onchange: () => load() },
    teacher ? null : el('option', { value: '' }, '请选择班级'),
    classes.map((c) => el('option', { value: c.id }, c.schoolName + ' · ' + c.grade + '年级 ' + c.name)));
  classInput.value = String(teacher ? session.classId : (params[0] || ''));
  const heading = el('p', { class: 'muted' });
  const tbody = el('tbody');
  const table = el('table', { 'data-testid': 'ratings-class' },
    el('thead', {}, el('tr', {},
      el('th', {}, '学号'), el('th', {}, '姓名'), el('th', {}, '性别'), el('th', {}, '评定'))),
    tbody);

  view.append(
    el('div', { class: 'card' },
      el('div', { class: 'row' },
        el('label', {}, '评定窗口 ', windowSelect),
        el('label', {}, '班级 ', classInput)),
      heading,
      el('p', { class: 'muted' }, '请根据孩子最近的在校表现逐题作答（0 = 从不，1 = 有时，2 = 经常）。提交后只显示“已评定”，不显示结果；需要关注的孩子由心理老师跟进。')),
    el('div', { class: 'card' }, table),
  );

  let questionnaire = null;
  let questionnairePath = '';
  let openRow = null;
  let rated = 0;
  let showCount = () => {};

  async function load() {
    showError('');
    if (!classInput.value) {
      tbody.replaceChildren(el('tr', {}, el('td', { colspan: 4, class: 'muted' }, '请选择班级。')));
      return;
    }
    try {
      const data = await api('GET', '/api/staff/classes/' + classInput.value + '/ratings?window=' + windowSelect.value);
      rated = data.students.filter((s) => s.rated).length;
      showCount = () => {
        heading.textContent = data.school + ' · ' + data.grade + '年级 ' + data.className + ' · ' +
          rated + ' / ' + data.students.length + ' 已评定';
      };
      showCount();
      if (data.questionnaire !== questionnairePath) {
        questionnairePath = data.questionnaire;
        questionnaire = await api('GET', questionnairePath);
      }
      openRow = null;
      tbody.replaceChildren(...data.students.map((s) => studentRow(data, s)));
    } catch (e) {
      tbody.replaceChildren();
      heading.textContent = '';
      showError('无法打开班级：' + messageOf(e));
    }
  }

  function studentRow(data, s) {
    const cell = el('td');
    const tr = el('tr', { 'data-testid': 'rating-row-' + s.id },
      el('td', {}, s.studentNo), el('td', {}, s.name), el('td', {}, SEX[s.sex] || ''), cell);
    if (s.rated) {
      cell.append(el('span', { 'data-testid': 'rating-done-' + s.id }, '已评定'));
    } else if (!s.consent) {
      cell.append(el('span', { class: 'muted' }, '待家长同意'));
    } else {
      cell.append(el('button', { type: 'button', 'data-testid': 'rating-open-' + s.id, onclick: () => openForm(data, s, tr, cell) }, '评定'));
    }
    return tr;
  }

  function openForm(data, s, tr, cell) {
    if (openRow) openRow.remove();
    const form = el('form', { class: 'rating-form', 'data-testid': 'rating-form-' + s.id });
    const groups = [];
    for (const scale of questionnaire.scales) {
      form.append(el('h3', {}, scale.title), scale.instructions ? el('p', { class: 'muted' }, scale.instructions) : null);
      for (const item of scale.items) {
        const name = 'r-' + s.id + '-' + scale.id + '-' + item.number;
        const fieldset = el('fieldset', { 'data-testid': 'rating-item-' + scale.id + '-' + item.number },
          el('legend', {}, item.number + '. ' + item.text),
          scale.options.map((o) => el('label', {},
            el('input', { type: 'radio', name, value: o.value, 'data-testid': 'rating-' + scale.id + '-' + item.number + '-' + o.value }),
            ' ' + o.label + ' ')));
        form.append(fieldset);
        groups.push({ scale: scale.id, name, fieldset });
      }
    }
    const status = el('p', { class: 'muted', role: 'status' });
    const submit = el('button', { type: 'submit', class: 'primary', 'data-testid': 'rating-submit' }, '提交评定');
    form.append(status, el('div', { class: 'row' }, submit,
      el('button', { type: 'button', onclick: () => { holder.remove(); openRow = null; } }, '取消')));
    const key = uuid();
    const startedAt = new Date().toISOString();
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const answers = {};
      let missing = 0;
      for (const g of groups) {
        const chosen = form.querySelector('input[name="' + g.name + '"]:checked');
        (answers[g.scale] = answers[g.scale] || []).push(chosen ? Number(chosen.value) : null);
        g.fieldset.classList.toggle('missing', !chosen);
        if (!chosen) missing += 1;
      }
      if (missing) {
        status.textContent = '还有 ' + missing + ' 题没有选择。';
        return;
      }
      submit.disabled = true;
      status.textContent = '正在提交…';
      try {
        await api('POST', '/api/staff/classes/' + classInput.value + '/ratings/' + s.id,
          { window: Number(windowSelect.value), idempotencyKey: key, startedAt, answers });
        holder.remove();
        openRow = null;
        cell.replaceChildren(el('span', { 'data-testid': 'rating-done-' + s.id }, '已评定'));
        rated += 1;
        showCount();
      } catch (e) {
        submit.disabled = false;
        status.textContent = '提交失败：' + messageOf(e);
      }
    });
    const holder = el('tr', { class: 'rating-form-row' }, el('td', { colspan: 4 }, form));
    tr.after(holder);
    openRow = holder;
    const first = form.querySelector('input');
    if (first) first.focus();
  }

  await load();
  return null;
}
