// The language switch: the page's own words at once, the questionnaire's from the server.

import { LOCALES } from '/i18n.js';
import { store, KEY_LOCALE } from '/student/storage.js';
import { state } from '/student/state.js';
import { t, setText, retell } from '/student/text.js';
import { renderLoginButton } from '/student/login.js';
import { renderNav, switchQuestionnaireLocale } from '/student/flow.js';

/** Every word of the page itself in the current locale: title, labels, buttons, live regions. */
export function applyStaticTexts() {
  document.documentElement.lang = state.locale;
  document.title = t('doc.title');
  document.querySelectorAll('[data-i18n]').forEach((node) => setText(node, t(node.getAttribute('data-i18n'))));
  document.querySelectorAll('.lang-btn').forEach((btn) => {
    btn.setAttribute('aria-pressed', String(btn.getAttribute('data-locale') === state.locale));
  });
  retell();
  renderLoginButton();
  renderNav();
}

export function setLocale(locale) {
  if (LOCALES.indexOf(locale) < 0 || locale === state.locale) return;
  state.locale = locale;
  store.set('local', KEY_LOCALE, locale);
  applyStaticTexts();
  if (state.view === 'scale' && state.model) switchQuestionnaireLocale();
}
