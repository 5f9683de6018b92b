// 名册导入: a city or district admin uploads a CSV or XLSX roster; the import runs on the server
// and this view polls it every 500 ms for progress, then shows what was written or every faulty
// row (a file with any fault is rejected whole, so nothing is half-imported).

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const STATE_NAMES = {
  parsing: '读取中', validating: '校验中', writing: '写入中',
  done: '已完成', rejected: '已拒绝（未写入）', failed: '失败（未写入）',
};
const FINISHED = ['done', 'rejected', 'failed'];
const POLL_MS = 500;
const EXAMPLE =
  '区县代码,区县,学校代码,学校,学段,年级,班级,学号,姓名,性别,出生年份,监护人同意\n' +
  'D01,东城区,S0101,东城区第一小学,小学,4,2班,040215,张小明,男,2016,是';

function shown(iso) {
  return iso ? new Date(iso).toLocaleString('zh-CN', { dateStyle: 'medium', timeStyle: 'short' }) : '';
}

function typeOf(file) {
  const name = file.name.toLowerCase();
  if (name.endsWith('.csv')) return 'text/csv';
  if (name.endsWith('.xlsx')) return XLSX_TYPE;
  return null;
}

export async function mount(view, ctx) {
  const { api, el, chart, showError } = ctx;
  if (!document.querySelector('link[href="/console/roster.css"]')) {
    document.head.append(el('link', { rel: 'stylesheet', href: '/console/roster.css' }));
  }
  let timer = null;
  let gone = false;

  const fileInput = el('input', { type: 'file', accept: '.csv,.xlsx', 'data-testid': 'roster-file' });
  const uploadButton = el('button', { type: 'button', class: 'primary', 'data-testid': 'roster-upload', onclick: upload }, '上传并导入');
  const bar = el('progress', { max: 1, value: 0 });
  const barText = el('span', { class: 'muted' });
  const progressBox = el('div', { class: 'roster-progress', 'data-testid': 'roster-progress', hidden: true }, bar, barText);
  const resultBox = el('div', { 'data-testid': 'roster-result', hidden: true });
  const errorsBox = el('div', { 'data-testid': 'roster-errors', hidden: true });
  const recentBody = el('tbody');

  view.append(
    el('div', { class: 'card' },
      el('h2', {}, '导入学生名册'),
      el('p', { class: 'muted' },
        '上传 CSV（UTF-8 或 Excel 导出的 GBK）或 XLSX（第一个工作表）。首行为表头，每行一名学生；' +
        '再次导入同一名册只会更新有变化的学生，不会重复。文件中任何一行有误，整个文件都不会导入，请按下方列出的行号修改后重新上传。'),
      el('p', {}, el('a', { href: '/console/roster-template.csv', download: '名册模板.csv' }, '下载名册模板（CSV）')),
      el('details', {}, el('summary', {}, '填写示例与取值'),
        el('div', { class: 'roster-example' }, EXAMPLE),
        el('p', { class: 'muted' },
          '学段：小学、初中、高中、九年一贯制、十二年一贯制；年级 1–12；性别：男/女；监护人同意：是/否。' +
          '区县管理员只能导入本区县的行。')),
      el('div', { class: 'row' }, fileInput, uploadButton),
      progressBox,
      resultBox,
      errorsBox),
    el('div', { class: 'card' },
      el('h2', {}, '最近的导入'),
      el('table', { 'data-testid': 'roster-imports' },
        el('thead', {}, el('tr', {},
          el('th', {}, '文件'), el('th', {}, '开始'), el('th', {}, '状态'),
          el('th', {}, '行数'), el('th', {}, '新增'), el('th', {}, '更新'), el('th', {}, '错误'))),
        recentBody)),
  );

  async function upload() {
    const file = fileInput.files && fileInput.files[0];
    if (!file) { showError('请先选择名册文件（.csv 或 .xlsx）。'); return; }
    const type = typeOf(file);
    if (!type) { showError('只能导入 .csv 或 .xlsx 文件。'); return; }
    uploadButton.disabled = true;
    resultBox.hidden = true;
    errorsBox.hidden = true;
    showProgress({ state: 'parsing', rowsDone: 0, rowsTotal: null });
    try {
      const res = await fetch('/api/staff/roster/imports?name=' + encodeURIComponent(file.name), {
        method: 'POST', body: file, headers: { 'Content-Type': type }, credentials: 'same-origin',
      });
      const data = await res.json().catch(() => ({}));
      if (res.status !== 202) throw new Error(data.message || ('上传失败（' + res.status + '）'));
      poll(data.importId);
    } catch (e) {
      progressBox.hidden = true;
      uploadButton.disabled = false;
      showError(e.message || String(e));
    }
  }

  async function poll(id) {
    if (gone) return;
    let job;
    try {
      job = await api('GET', '/api/staff/roster/imports/' + id);
    } catch (e) {
      uploadButton.disabled = false;
      showError(e.message || String(e));
      return;
    }
    showProgress(job);
    if (FINISHED.includes(job.state)) {
      uploadButton.disabled = false;
      showOutcome(job);
      loadRecent();
    } else {
      timer = setTimeout(() => poll(id), POLL_MS);
    }
  }

  function showProgress(job) {
    progressBox.hidden = false;
    const total = job.rowsTotal;
    bar.max = total || 1;
    bar.value = total ? Math.min(job.rowsDone, total) : 0;
    if (!total) bar.removeAttribute('value');
    barText.textContent = STATE_NAMES[job.state] + ' · ' +
      (total ? job.rowsDone + ' / ' + total + ' 行' : '已读取 ' + job.rowsDone + ' 行');
  }

  function showOutcome(job) {
    if (job.state === 'done') {
      const c = job.counts;
      const figure = (label, n, id) => el('div', {}, el('span', { class: 'muted' }, label), el('strong', { 'data-testid': id }, n));
      const chartNode = el('div', { class: 'chart' });
      resultBox.replaceChildren(
        el('div', { class: 'banner ok' }, '导入完成：' + job.rowsTotal + ' 行，学生已可登录。'),
        el('div', { class: 'roster-figures' },
          figure('新增学生', c.studentsCreated, 'roster-created'),
          figure('更新学生', c.studentsUpdated, 'roster-updated'),
          figure('无变化', c.studentsUnchanged, 'roster-unchanged'),
          figure('新增区县', c.districtsCreated),
          figure('新增学校', c.schoolsCreated),
          figure('新增班级', c.classesCreated)),
        chartNode);
      resultBox.hidden = false;
      chart(chartNode, {
        tooltip: {},
        xAxis: { type: 'category', data: ['新增', '更新', '无变化'] },
        yAxis: { type: 'value', minInterval: 1 },
        series: [{ type: 'bar', data: [c.studentsCreated, c.studentsUpdated, c.studentsUnchanged] }],
      });
      return;
    }
    const rows = (job.errors || []).map((e) =>
      el('tr', {}, el('td', { class: 'n' }, e.row === 0 ? '—' : e.row), el('td', {}, e.column || '—'), el('td', {}, e.message)));
    errorsBox.replaceChildren(
      el('div', { class: 'banner error' },
        (job.state === 'rejected' ? '文件未导入，没有写入任何数据。' : '导入失败，没有写入任何数据。') +
        (job.errorCount ? '共 ' + job.errorCount + ' 处错误' + (job.errorCount > rows.length ? '，下表列出前 ' + rows.length + ' 处' : '') + '。' : '') +
        (job.message && !job.errorCount ? ' ' + job.message : '')),
      rows.length
        ? el('table', { class: 'roster-errors' },
          el('thead', {}, el('tr', {}, el('th', {}, '行号'), el('th', {}, '列'), el('th', {}, '原因'))),
          el('tbody', {}, rows))
        : null);
    errorsBox.hidden = false;
  }

  async function loadRecent() {
    try {
      const { imports } = await api('GET', '/api/staff/roster/imports');
      recentBody.replaceChildren(...imports.map((i) => el('tr', {},
        el('td', {}, i.fileName),
        el('td', {}, shown(i.startedAt)),
        el('td', {}, STATE_NAMES[i.state] || i.state),
        el('td', { class: 'n' }, i.rowsTotal ?? ''),
        el('td', { class: 'n' }, i.counts ? i.counts.studentsCreated : ''),
        el('td', { class: 'n' }, i.counts ? i.counts.studentsUpdated : ''),
        el('td', { class: 'n' }, i.errorCount || ''))));
      if (!imports.length) recentBody.append(el('tr', {}, el('td', { colspan: 7, class: 'muted' }, '还没有导入过名册。')));
    } catch (e) {
      showError(e.message || String(e));
    }
  }

  await loadRecent();
  return () => { gone = true; clearTimeout(timer); };
}
