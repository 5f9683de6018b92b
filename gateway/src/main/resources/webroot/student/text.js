// The page's words in the chosen locale (i18n.js), and the live regions that show them.

import { format } from '/i18n.js';
import { state } from '/student/state.js';

export function t(key, params) {
  return format(state.locale, key, params);
}

/** Sets text only when it changes, so live regions do not re-announce unchanged text. */
export function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/** Messages shown in live regions, remembered as keys so a language switch re-renders them. */
const messages = new Map();

export function say(node, key, params) {
  messages.set(node, { key: key, params: params || null });
  setText(node, t(key, params));
}

export function sayRaw(node, text) {
  messages.delete(node);
  setText(node, text);
}

export function hush(node) {
  messages.delete(node);
  node.textContent = '';
}

/** Stops re-rendering node's message on a language switch: something else fills node now. */
export function forget(node) {
  messages.delete(node);
}

/** Renders every remembered message again in the current locale. */
export function retell() {
  messages.forEach((m, node) => setText(node, t(m.key, m.params)));
}
