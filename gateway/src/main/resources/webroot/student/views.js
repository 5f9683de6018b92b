// The page's views (one <section data-view> shown at a time) and el(), which builds elements.

import { state, dom } from '/student/state.js';
import { say } from '/student/text.js';

export function el(tag, attrs, children) {
  const node = document.createElement(tag);
  if (attrs) {
    Object.keys(attrs).forEach((name) => {
      const value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      if (name === 'text') node.textContent = value;
      else node.setAttribute(name, value === true ? '' : String(value));
    });
  }
  (children || []).forEach((child) => node.appendChild(child));
  return node;
}

export function showView(name, focusHeading) {
  state.view = name;
  document.body.setAttribute('data-view', name);
  document.querySelectorAll('main > section[data-view]').forEach((section) => {
    section.hidden = section.getAttribute('data-view') !== name;
  });
  if (focusHeading) {
    const heading = document.querySelector('section[data-view="' + name + '"] .view-heading');
    if (heading) heading.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }
}

export function showLoading(key, params) {
  say(dom.loadingText, key, params);
  showView('loading', false);
}

export function showNotice(titleKey, messageKey) {
  say(dom.noticeTitle, titleKey);
  say(dom.noticeMessage, messageKey);
  showView('notice', true);
}
