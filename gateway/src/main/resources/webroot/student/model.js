/*
 * The questionnaire as the page uses it: fetched in the chosen locale, checked and indexed.
 *
 * Answers are kept per scale as arrays in item order, null for unanswered or hidden items and
 * REFUSED ("refused") for "I'd rather not answer" on an item that offers it (item.refusal). A
 * refusal is one more radio of the item's group; for showIf gates it counts as refusal.countsAs.
 */

import { state } from '/student/state.js';
import { requestJson } from '/student/net.js';

/** How "I'd rather not answer" travels in answers and drafts. */
export const REFUSED = 'refused';

function questionnaireUrl(base, locale) {
  return base.replace(/\/[^/?#]*(?=([?#].*)?$)/, '/' + encodeURIComponent(locale));
}

/** Checks the questionnaire document and indexes it; throws when it cannot be shown. */
function compileQuestionnaire(doc, locale) {
  if (!doc || !Array.isArray(doc.scales) || doc.scales.length === 0) throw new Error('questionnaire has no scales');
  const scales = doc.scales.map((scale) => {
    if (!scale || typeof scale.id !== 'string' || !Array.isArray(scale.items) || scale.items.length === 0) {
      throw new Error('scale without id or items');
    }
    const scaleOptions = Array.isArray(scale.options) ? scale.options : [];
    const items = scale.items.map((item) => {
      const options = Array.isArray(item.options) && item.options.length ? item.options : scaleOptions;
      if (!options.length || options.some((o) => !o || !Number.isInteger(o.value))) {
        throw new Error('scale ' + scale.id + ' item ' + item.number + ' has no usable options');
      }
      const refusal =
        item.refusal && typeof item.refusal.label === 'string' && Number.isInteger(item.refusal.countsAs)
          ? { label: item.refusal.label, countsAs: item.refusal.countsAs }
          : null;
      return {
        number: item.number,
        text: String(item.text || ''),
        showIf: item.showIf || null,
        options: options.map((o) => ({ value: o.value, label: String(o.label === undefined ? o.value : o.label) })),
        refusal: refusal
      };
    });
    const indexByNumber = new Map();
    items.forEach((item, index) => indexByNumber.set(item.number, index));
    return {
      id: scale.id,
      title: String(scale.title || ''),
      instructions: String(scale.instructions || ''),
      items: items,
      indexByNumber: indexByNumber
    };
  });
  return {
    locale: typeof doc.locale === 'string' ? doc.locale : locale,
    battery: doc.battery,
    version: doc.version,
    title: String(doc.title || ''),
    scales: scales
  };
}

/** The value an answer counts as for showIf gates: a refusal counts as its item's countsAs. */
function countsAs(item, answer) {
  return answer === REFUSED && item.refusal ? item.refusal.countsAs : answer;
}

/** Whether answer is one item may hold: one of its options, or a refusal where it offers one. */
export function isAnswerOf(item, answer) {
  if (answer === REFUSED) return !!item.refusal;
  return Number.isInteger(answer) && item.options.some((o) => o.value === answer);
}

/**
 * Whether item index of scale is shown given the answers. Supported rule: {anyOf:[numbers], equals:v}
 * (shown when any listed item of the same scale was answered v, a refusal counting as its countsAs).
 * An unknown rule shows the item.
 */
export function isShown(scale, index, answers) {
  const rule = scale.items[index].showIf;
  if (!rule) return true;
  if (Array.isArray(rule.anyOf) && Object.prototype.hasOwnProperty.call(rule, 'equals')) {
    return rule.anyOf.some((number) => {
      const j = scale.indexByNumber.get(number);
      return j !== undefined && countsAs(scale.items[j], answers[j]) === rule.equals;
    });
  }
  return true;
}

/** Clears answers of hidden items until nothing changes; returns the indexes that were cleared. */
export function settleVisibility(scale, answers, millis) {
  const cleared = [];
  let changed = true;
  while (changed) {
    changed = false;
    scale.items.forEach((item, index) => {
      if (answers[index] !== null && !isShown(scale, index, answers)) {
        answers[index] = null;
        if (millis) millis[index] = null;
        cleared.push(index);
        changed = true;
      }
    });
  }
  return cleared;
}

/**
 * Fetches and compiles the questionnaire in locale, falling back to the URL the login gave when that
 * locale does not exist. Resolves with {status, model?, res?}; status 'bad' means it cannot be shown.
 * Rejects only when no answer came.
 */
export async function loadModel(locale) {
  const given = state.session.questionnaire;
  const wanted = questionnaireUrl(given, locale);
  let res = await requestJson('GET', wanted);
  if (res.status === 404 && wanted !== given) res = await requestJson('GET', given);
  if (res.status !== 200) return { status: res.status, res: res };
  try {
    return { status: 200, model: compileQuestionnaire(res.data, locale) };
  } catch (e) {
    return { status: 'bad' };
  }
}
