// 预警通知: where crisis alerts reach a phone. Each school or district has WeCom or DingTalk group
// robots or an SMS gateway; a school without one falls back to its district's own channel, and
// escalations always go to the district's. Each row shows whether the channel works (正常 /
// 发送失败 with the error and since when); city and district admins add, edit, switch off, delete
// and test channels. The server never sends the webhook URL or secret back: only scheme and host.

const KINDS = { wecom: '企业微信群机器人', dingtalk: '钉钉群机器人', sms: '短信网关' };
const URL_HINTS = {
  wecom: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…',
  dingtalk: 'https://oapi.dingtalk.com/robot/send?access_token=…',
  sms: 'https://短信网关地址/…',
};
const SECRET_LABELS = { dingtalk: '加签密钥（SEC 开头）', sms: '访问令牌（可选，Bearer）' };

function when(iso) {
  return iso ? new Date(iso).toLocaleString('zh-CN', { dateStyle: 'medium', timeStyle: 'short' }) : '';
}

function messageOf(e) {
  return (e && e.message) || String(e);
}

export async function mount(view, ctx) {
  const { api, el, showError } = ctx;
  const tableBody = el('tbody');
  const note = el('div', { class: 'banner ok', 'data-testid': 'channel-note', hidden: true });
  const formBox = el('div', { class: 'card', hidden: true, 'data-testid': 'channel-form-box' });
  let manage = false;
  let units = { districts: [], schools: [] };

  view.append(
    el('div', { class: 'card' },
      el('div', { class: 'row' },
        el('h2', {}, '预警通知'),
        el('button', { type: 'button', class: 'primary', 'data-testid': 'channel-new', hidden: true, onclick: () => openForm(null) }, '添加通知通道')),
      el('p', { class: 'muted' },
        '危机预警会立即发送到学校的通知通道；学校没有启用的通道时，发送到区县的通道。超过时限无人确认的预警会升级发送到区县的通道。',
        '消息只包含学校名称、预警数量、危机等级和预警编号，不含学生姓名、学号或作答内容。'),
      note,
      el('table', { 'data-testid': 'channels-table' },
        el('thead', {}, el('tr', {},
          el('th', {}, '区县 / 学校'), el('th', {}, '名称'), el('th', {}, '类型'), el('th', {}, '地址'),
          el('th', {}, '状态'), el('th', { class: 'n' }, '待重发'), el('th', {}, ''))),
        tableBody)),
    formBox,
  );

  async function load() {
    const answer = await api('GET', '/api/staff/alert-channels');
    manage = answer.manage;
    view.querySelector('[data-testid=channel-new]').hidden = !manage;
    tableBody.replaceChildren(...answer.channels.map(row));
    if (!answer.channels.length) {
      tableBody.append(el('tr', {}, el('td', { colspan: 7, class: 'muted' },
        '还没有通知通道：危机预警目前只在工作台显示。请为区县添加至少一个通道。')));
    }
  }

  function status(c) {
    if (!c.enabled) return el('span', { class: 'muted', 'data-testid': 'channel-status-' + c.id, 'data-status': 'off' }, '已停用');
    if (!c.status.ok) {
      return el('span', { 'data-testid': 'channel-status-' + c.id, 'data-status': 'failing' },
        el('span', { class: 'tier tier-3' }, '发送失败'), ' ',
        el('span', { class: 'muted' }, '自 ' + when(c.status.failingSince) + '：' + (c.status.lastError || '')));
    }
    return el('span', { 'data-testid': 'channel-status-' + c.id, 'data-status': 'ok' },
      el('span', { class: 'tier tier-0' }, '正常'), ' ',
      el('span', { class: 'muted' }, c.status.lastOkAt ? '最近成功 ' + when(c.status.lastOkAt) : '尚未发送'));
  }

  function row(c) {
    const actions = manage ? [
      el('button', { type: 'button', 'data-testid': 'channel-test-' + c.id, onclick: (e) => test(c, e.target) }, '发送测试'),
      el('button', { type: 'button', 'data-testid': 'channel-edit-' + c.id, onclick: () => openForm(c) }, '编辑'),
      el('button', { type: 'button', 'data-testid': 'channel-toggle-' + c.id, onclick: () => toggle(c) }, c.enabled ? '停用' : '启用'),
      el('button', { type: 'button', 'data-testid': 'channel-delete-' + c.id, onclick: () => remove(c) }, '删除'),
    ] : [];
    return el('tr', { 'data-testid': 'channel-row-' + c.id },
      el('td', {}, c.districtName, c.schoolName ? ' / ' + c.schoolName : '（区县通道）'),
      el('td', {}, c.name),
      el('td', {}, KINDS[c.kind] || c.kind, c.kind === 'sms' ? ' · ' + c.recipients.length + ' 个号码' : ''),
      el('td', { class: 'muted' }, c.url),
      el('td', {}, status(c)),
      el('td', { class: 'n' }, c.status.failingNotifications || ''),
      el('td', { class: 'row' }, actions));
  }

  async function act(work, done) {
    try {
      showError('');
      note.hidden = true;
      note.className = 'banner ok';
      await work();
      if (done) { note.textContent = done; note.hidden = false; }
      await load();
    } catch (e) {
      showError('操作失败：' + messageOf(e));
    }
  }

  function test(c, button) {
    button.disabled = true;
    act(async () => {
      const r = await api('POST', '/api/staff/alert-channels/' + c.id + '/test');
      note.textContent = r.ok ? '测试消息已发送到「' + c.name + '」，请在群或手机上确认收到。' : '「' + c.name + '」测试失败：' + r.error;
      note.className = 'banner ' + (r.ok ? 'ok' : 'error');
      note.hidden = false;
    }).finally(() => { button.disabled = false; });
  }

  function toggle(c) {
    act(() => api('PUT', '/api/staff/alert-channels/' + c.id, { enabled: !c.enabled }),
      c.enabled ? '已停用「' + c.name + '」，未发出的通知改由替代通道发送。' : '已启用「' + c.name + '」。');
  }

  function remove(c) {
    if (!window.confirm('删除通知通道「' + c.name + '」？未发出的通知将改由替代通道发送。')) return;
    act(() => api('DELETE', '/api/staff/alert-channels/' + c.id), '已删除「' + c.name + '」。');
  }

  async function openForm(c) {
    if (!units.districts.length && !units.schools.length) {
      units = await api('GET', '/api/staff/reports/units').catch(() => units);
    }
    const editing = c !== null;
    const scope = el('select', { 'data-testid': 'channel-scope', disabled: editing });
    for (const d of units.districts) {
      scope.append(el('option', { value: 'd' + d.id }, d.name + '（区县通道）'));
      for (const s of units.schools.filter((x) => x.districtId === d.id)) {
        scope.append(el('option', { value: 's' + s.id }, d.name + ' / ' + s.name));
      }
    }
    if (editing) scope.value = c.schoolId ? 's' + c.schoolId : 'd' + c.districtId;
    const kind = el('select', { 'data-testid': 'channel-kind', disabled: editing },
      ...Object.entries(KINDS).map(([k, label]) => el('option', { value: k }, label)));
    if (editing) kind.value = c.kind;
    const name = el('input', { type: 'text', maxlength: 100, required: true, 'data-testid': 'channel-name', value: editing ? c.name : '', placeholder: '例如：区心理危机干预群' });
    const url = el('input', { type: 'url', maxlength: 2048, 'data-testid': 'channel-url', autocomplete: 'off' });
    const secret = el('input', { type: 'password', maxlength: 512, 'data-testid': 'channel-secret', autocomplete: 'new-password' });
    const phones = el('textarea', { rows: 3, 'data-testid': 'channel-recipients', placeholder: '每行一个手机号' });
    if (editing) phones.value = c.recipients.join('\n');
    const enabled = el('input', { type: 'checkbox', checked: editing ? c.enabled : true, 'data-testid': 'channel-enabled' });
    const secretLabel = el('span');
    const secretBox = el('label', {}, secretLabel, secret);
    const phoneBox = el('label', {}, '接收短信的手机号', phones);

    function shape() {
      url.placeholder = editing ? '留空则不修改（当前：' + c.url + '）' : URL_HINTS[kind.value];
      secretBox.hidden = !SECRET_LABELS[kind.value];
      secretLabel.textContent = (SECRET_LABELS[kind.value] || '') + (editing && c.hasSecret ? '（留空则不修改）' : '');
      phoneBox.hidden = kind.value !== 'sms';
    }
    kind.addEventListener('change', shape);
    shape();

    async function save(event) {
      event.preventDefault();
      const body = { name: name.value.trim(), enabled: enabled.checked };
      if (url.value.trim()) body.url = url.value.trim();
      if (secret.value.trim()) body.secret = secret.value.trim();
      if (kind.value === 'sms') body.recipients = phones.value.split(/[\s,，;；]+/).filter(Boolean);
      if (!editing) {
        body.kind = kind.value;
        const [type, id] = [scope.value[0], Number(scope.value.slice(1))];
        if (type === 's') body.schoolId = id; else body.districtId = id;
        if (!body.url) { showError('请填写 Webhook 或短信网关地址。'); return; }
      }
      await act(async () => {
        if (editing) await api('PUT', '/api/staff/alert-channels/' + c.id, body);
        else await api('POST', '/api/staff/alert-channels', body);
        formBox.hidden = true;
      }, editing ? '已保存「' + body.name + '」。' : '已添加「' + body.name + '」，建议点击“发送测试”确认能收到。');
    }

    formBox.replaceChildren(
      el('h2', {}, editing ? '编辑通知通道' : '添加通知通道'),
      el('form', { class: 'row', 'data-testid': 'channel-form', onsubmit: save },
        el('label', {}, '区县 / 学校', scope),
        el('label', {}, '类型', kind),
        el('label', {}, '名称', name),
        el('label', {}, 'Webhook / 网关地址（仅支持 https）', url),
        secretBox,
        phoneBox,
        el('label', {}, el('span', {}, '启用'), enabled),
        el('button', { type: 'submit', class: 'primary', 'data-testid': 'channel-save' }, '保存'),
        el('button', { type: 'button', onclick: () => { formBox.hidden = true; } }, '取消')),
      el('p', { class: 'muted' }, '地址中含有机器人密钥，保存后只显示域名；密钥和令牌加密保存，不会再显示。'));
    formBox.hidden = false;
    name.focus();
  }

  await load();
}
