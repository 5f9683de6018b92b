// What the page holds in memory: its state, and the elements it works with (bound by main.js).

import { DEFAULT_LOCALE } from '/i18n.js';

export const state = {
  locale: DEFAULT_LOCALE,
  view: 'loading',
  session: null,
  accessCode: '',
  model: null,
  modelLoads: 0,
  progress: null,
  lastMark: 0,
  loginBusy: false,
  submitting: false
};

export const dom = {};
