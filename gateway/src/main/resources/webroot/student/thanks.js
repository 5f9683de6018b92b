// The thank-you page: receipt, the crisis message if any, the help block; then the next student.

import { store, KEY_PROGRESS, KEY_RECEIPT } from '/student/storage.js';
import { state, dom } from '/student/state.js';
import { t, say, sayRaw, hush, forget } from '/student/text.js';
import { el, showView } from '/student/views.js';
import { progressKey, dropToken } from '/student/session.js';
import { showLogin } from '/student/login.js';
import { resetDraft } from '/student/drafts.js';

/** The help lines every thank-you page can fall back on: the national services. */
const NATIONAL_LINES = [
  ['help.line12356', '12356'],
  ['help.lineHope', '400-161-9995'],
  ['help.line120', '120']
];

export function cleanHelp(help) {
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
export function cleanMessage(message) {
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

export function showThanks(receipt) {
  renderMessage(cleanMessage(receipt.message));
  const help = cleanHelp(receipt.help);
  dom.help.hidden = false;
  dom.helpContacts.querySelectorAll('.help-contact-name').forEach((node) => forget(node));
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
export function finish() {
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

export function backToStart() {
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
