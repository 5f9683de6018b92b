// 修改密码: the signed-in staff member sets her own password. After a one-time password (a new
// account, a reset) the console shows only this page until it is done. The rule: at least 10
// characters, not a common password, not containing the username; the server says which rule a
// refused password breaks. Changing ends every other session of the account.

export async function mount(view, ctx, done) {
  const { api, el, showError, session } = ctx;
  const forced = session.pending === 'change_password';
  const form = el('form', { class: 'card', 'data-testid': 'password-form', autocomplete: 'on' },
    el('h2', {}, forced ? '首次登录：请设置您自己的密码' : '修改密码'),
    el('p', { class: 'muted' },
      '密码至少 10 个字符，可以用一句话或几个词组成；不能是常见密码，也不能包含用户名。'),
    el('input', { name: 'username', autocomplete: 'username', value: session.username, hidden: true }),
    el('label', {}, forced ? '一次性密码 ' : '当前密码 ',
      el('input', { name: 'current', type: 'password', required: true, autocomplete: 'current-password', 'data-testid': 'password-current' })),
    el('label', {}, '新密码 ',
      el('input', { name: 'next', type: 'password', required: true, minlength: 10, autocomplete: 'new-password', 'data-testid': 'password-new' })),
    el('label', {}, '再输入一次 ',
      el('input', { name: 'again', type: 'password', required: true, autocomplete: 'new-password', 'data-testid': 'password-again' })),
    el('button', { type: 'submit', class: 'primary', 'data-testid': 'password-submit' }, '保存新密码'));
  const note = el('div', { class: 'banner ok', role: 'status', 'data-testid': 'password-note', hidden: true });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showError('');
    if (form.next.value !== form.again.value) {
      showError('两次输入的新密码不一样。');
      return;
    }
    try {
      await api('POST', '/api/staff/password', { currentPassword: form.current.value, newPassword: form.next.value });
      form.reset();
      if (done) {
        await done();
      } else {
        note.textContent = '密码已修改；您在其他设备上的登录已结束。';
        note.hidden = false;
      }
    } catch (e) {
      showError(e.code === 'weak_password' || e.code === 'wrong_password' ? e.serverMessage : e.message);
    }
  });
  view.append(note, form);
}
