// 实时进度: a window's completion by district → school → grade → class, live over SSE.
// The chart shows the children of the current level (submitted vs not yet); a bar click drills
// down, the breadcrumb goes back. Roles that see scores also get tier counts per node.

const TIER_COLOURS = ['#6b8f71', '#c99a3e', '#d0713b', '#b23a3a'];
const LEVEL_NAMES = { city: '全市', district: '区县', school: '学校', grade: '年级', class: '班级' };
const STATUS_NAMES = { draft: '草稿', open: '进行中', paused: '已暂停', closed: '已结束', archived: '已归档' };

export async function mount(view, ctx) {
  const { api, el, chart, showError, session, params, TIER_NAMES } = ctx;
  document.head.append(el('link', { rel: 'stylesheet', href: '/console/progress.css' }));
  const { windows } = await api('GET', '/api/staff/windows');
  if (!windows.length) {
    view.append(el('p', { class: 'muted' }, '还没有筛查窗口。'));
    return null;
  }
  const preferred = windows.find((w) => String(w.id) === params[0]) || windows.find((w) => w.status === 'open') || windows[0];

  let source = null;
  let retry = null;
  let closed = false;
  let data = null;
  let path = null; // ids from the root down to the node shown; null until the first tree

  const select = el(
    'select',
    { 'data-testid': 'progress-window', onchange: () => connect(select.value) },
    windows.map((w) => el('option', { value: w.id }, w.name + '（' + (STATUS_NAMES[w.status] || w.status) + '）')),
  );
  select.value = String(preferred.id);
  const live = el('span', { class: 'live off', 'data-testid': 'progress-live' }, '连接中…');
  const submitted = el('strong', { 'data-testid': 'progress-submitted' }, '0');
  const inScope = el('span', {}, '0');
  const asOf = el('span', { class: 'muted' });
  const crumbs = el('nav', { class: 'crumbs' });
  const chartNode = el('div', { class: 'chart', 'data-testid': 'progress-chart' });
  const tierNode = session.seesScores ? el('div', { class: 'chart', 'data-testid': 'progress-tier-chart' }) : null;
  const table = el('table', { 'data-testid': 'progress-table' });

  view.append(
    el('div', { class: 'card' },
      el('div', { class: 'row' },
        el('label', {}, '筛查窗口', select),
        el('div', { class: 'stat' }, el('span', { class: 'muted' }, '已提交'), submitted, el('span', { class: 'muted' }, ' / 应筛 '), inScope),
        live,
        asOf,
      ),
    ),
    el('div', { class: 'card' }, crumbs, chartNode, tierNode, table),
  );

  function connect(windowId) {
    if (source) source.close();
    clearTimeout(retry);
    data = null;
    path = null;
    setLive(false, '连接中…');
    source = new EventSource('/api/staff/windows/' + windowId + '/progress/stream');
    source.addEventListener('open', () => setLive(true, '实时'));
    source.addEventListener('tree', (event) => {
      setLive(true, '实时');
      data = JSON.parse(event.data);
      render();
    });
    source.addEventListener('error', () => {
      if (closed) return;
      setLive(false, '重新连接中…');
      if (source.readyState === EventSource.CLOSED) {
        // The server refused (or the network dropped for good): say why once, then try again.
        api('GET', '/api/staff/windows/' + windowId + '/progress/tree')
          .then((tree) => { data = tree; render(); })
          .catch((e) => showError(e.message));
        retry = setTimeout(() => { if (!closed) connect(windowId); }, 5000);
      }
    });
  }

  function setLive(on, text) {
    live.textContent = text;
    live.classList.toggle('on', on);
    live.classList.toggle('off', !on);
  }

  /** The nodes from the root along `path`, stopping where the tree no longer has the next one. */
  function trail() {
    const nodes = [data.tree];
    for (const id of path) {
      const next = (nodes[nodes.length - 1].children || []).find((c) => c.id === id);
      if (!next) break;
      nodes.push(next);
    }
    return nodes;
  }

  function render() {
    if (!data) return;
    if (path === null) {
      // Start where the caller's scope begins to branch (a psychologist sees her school's grades).
      path = [];
      let node = data.tree;
      while (node.children && node.children.length === 1 && node.children[0].children) {
        node = node.children[0];
        path.push(node.id);
      }
    }
    const nodes = trail();
    path = nodes.slice(1).map((n) => n.id);
    const current = nodes[nodes.length - 1];
    submitted.textContent = String(data.tree.submitted);
    inScope.textContent = String(data.tree.inScope);
    asOf.textContent = '更新于 ' + new Date(data.asOf).toLocaleTimeString('zh-CN');

    crumbs.replaceChildren(
      ...nodes.flatMap((n, i) => {
        const label = n.name;
        const item = i === nodes.length - 1
          ? el('span', { class: 'here' }, label)
          : el('a', { href: '#', onclick: (e) => { e.preventDefault(); path = path.slice(0, i); render(); } }, label);
        return i === 0 ? [item] : [el('span', { class: 'sep' }, ' › '), item];
      }),
    );

    const children = current.children || [];
    const names = children.map((c) => c.name);
    const bars = chart(chartNode, {
      title: { text: '完成情况：' + current.name, left: 'center', textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 24 },
      grid: { left: 48, right: 16, top: 60, bottom: 48 },
      xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 8 ? 30 : 0 } },
      yAxis: { type: 'value', name: '人数' },
      series: [
        { name: '已提交', type: 'bar', stack: 'n', barMaxWidth: 96, itemStyle: { color: '#2f7a74' }, data: children.map((c) => c.submitted) },
        { name: '未提交', type: 'bar', stack: 'n', barMaxWidth: 96, itemStyle: { color: '#d6e3df' }, data: children.map((c) => c.inScope - c.submitted) },
      ],
    });
    bars.off('click');
    bars.on('click', (p) => drill(children[p.dataIndex]));

    if (tierNode) {
      const stacked = chart(tierNode, {
        title: { text: '风险等级分布（已提交学生）', left: 'center', textStyle: { fontSize: 14 } },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        legend: { top: 24 },
        grid: { left: 48, right: 16, top: 60, bottom: 48 },
        xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 8 ? 30 : 0 } },
        yAxis: { type: 'value', name: '人数' },
        series: [0, 1, 2, 3].map((t) => ({
          name: TIER_NAMES[t], type: 'bar', stack: 't', barMaxWidth: 96, itemStyle: { color: TIER_COLOURS[t] },
          data: children.map((c) => (c.tiers ? c.tiers[t] : 0)),
        })),
      });
      stacked.off('click');
      stacked.on('click', (p) => drill(children[p.dataIndex]));
    }

    const tiers = data.seesScores;
    const head = el('tr', {},
      el('th', {}, LEVEL_NAMES[children[0] ? children[0].level : current.level] || ''),
      el('th', { class: 'n' }, '应筛'),
      el('th', { class: 'n' }, '未获同意'),
      el('th', { class: 'n' }, '已提交'),
      el('th', { class: 'n' }, '完成率'),
      tiers ? [0, 1, 2, 3].map((t) => el('th', { class: 'n' }, TIER_NAMES[t])) : [],
    );
    const row = (n, clickable) => el('tr', { class: clickable ? 'drill' : null },
      el('td', {}, clickable ? el('a', { href: '#', onclick: (e) => { e.preventDefault(); drill(n); } }, n.name) : n.name),
      el('td', { class: 'n' }, n.inScope),
      el('td', { class: 'n' }, n.withoutConsent),
      el('td', { class: 'n' }, n.submitted),
      el('td', { class: 'n' }, percent(n.submitted, n.inScope)),
      tiers ? [0, 1, 2, 3].map((t) => el('td', { class: 'n' }, n.tiers ? n.tiers[t] : '')) : [],
    );
    const total = row(Object.assign({}, current, { name: '合计' }), false);
    total.classList.add('total');
    table.replaceChildren(
      el('thead', {}, head),
      el('tbody', {}, children.map((c) => row(c, !!c.children)), total),
    );
  }

  function drill(node) {
    if (!node || !node.children) return;
    path = path.concat([node.id]);
    render();
  }

  connect(select.value);
  return () => {
    closed = true;
    clearTimeout(retry);
    if (source) source.close();
  };
}

function percent(part, whole) {
  return whole ? (Math.round((part / whole) * 1000) / 10).toFixed(1) + '%' : '—';
}
