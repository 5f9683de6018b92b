// 两步验证: binds an authenticator app (微信/支付宝的安全中心、Google Authenticator 等 TOTP 应用)
// to the account. The server makes a secret and shows it as a QR code; it is stored only once a
// code from the app checks. Roles the deployment requires it of (HUXIN_STAFF_TOTP_REQUIRED) see
// only this page at their first sign-in. Afterwards every sign-in asks for the current code.

const SVG = 'http://www.w3.org/2000/svg';

function qr(size, path) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 ' + size + ' ' + size);
  svg.setAttribute('class', 'qr');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', '动态口令二维码');
  svg.setAttribute('shape-rendering', 'crispEdges');
  svg.setAttribute('width', '220');
  svg.setAttribute('height', '220');
  const back = document.createElementNS(SVG, 'rect');
  back.setAttribute('width', String(size));
  back.setAttribute('height', String(size));
  back.setAttribute('fill', '#fff');
  const dark = document.createElementNS(SVG, 'path');
  dark.setAttribute('d', path);
  dark.setAttribute('fill', '#000');
  svg.append(back, dark);
  return svg;
}

export async function mount(view, ctx, done) {
  const { api, el, showError, session } = ctx;
  const forced = session.pending === 'enrol_totp';
  const box = el('div', { class: 'card', 'data-testid': 'totp-box' },
    el('h2', {}, forced ? '首次登录：请绑定动态口令（两步验证）' : '两步验证'),
    el('p', { class: 'muted' },
      '用手机上的验证器应用扫描二维码，然后输入应用显示的 6 位数字。绑定后，每次登录除密码外还需输入当时的 6 位动态口令。'));
  const note = el('div', { class: 'banner ok', role: 'status', 'data-testid': 'totp-note', hidden: true });
  view.append(note, box);

  let enrolment;
  try {
    enrolment = await api('POST', '/api/staff/totp');
  } catch (e) {
    showError(e.message);
    return;
  }
  const secret = new URL(enrolment.uri).searchParams.get('secret');
  const form = el('form', { 'data-testid': 'totp-form' },
    el('label', {}, '6 位动态口令 ',
      el('input', { name: 'code', inputmode: 'numeric', pattern: '[0-9]{6}', maxlength: 6, required: true, autocomplete: 'one-time-code', 'data-testid': 'totp-code' })),
    el('button', { type: 'submit', class: 'primary', 'data-testid': 'totp-submit' }, '绑定'));
  box.append(
    qr(enrolment.qrSize, enrolment.qrPath),
    el('p', { class: 'muted' }, '无法扫码时，在应用中手动输入密钥：', el('code', { 'data-testid': 'totp-secret' }, secret)),
    form);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showError('');
    try {
      await api('POST', '/api/staff/totp/confirm', { enrolment: enrolment.enrolment, code: form.code.value.trim() });
      if (done) {
        await done();
      } else {
        box.hidden = true;
        note.textContent = '已绑定动态口令；以后登录时需要输入。';
        note.hidden = false;
      }
    } catch (e) {
      showError(e.code === 'wrong_code' ? e.serverMessage : e.message);
    }
  });
}
