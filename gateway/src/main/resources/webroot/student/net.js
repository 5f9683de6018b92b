// Requests to the gateway, and the patient waits between retries.

const REQUEST_TIMEOUT_MS = 30000;
const MAX_BACKOFF_SECONDS = 30;
const MAX_RETRY_AFTER_SECONDS = 300;

/** Ends the countdown under way early (coming back online), or null. */
let wake = null;

/**
 * One JSON request. Resolves with {status, data, headers} for any HTTP answer; rejects only when no
 * answer came. options: timeoutMs (default 30 s), keepalive (the request may outlive the page).
 */
export async function requestJson(method, url, body, token, options) {
  const opts = options || {};
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = 'Bearer ' + token;
  const ctrl = typeof AbortController === 'function' ? new AbortController() : null;
  const timer = ctrl ? setTimeout(() => ctrl.abort(), opts.timeoutMs || REQUEST_TIMEOUT_MS) : 0;
  try {
    const res = await fetch(url, {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      keepalive: opts.keepalive === true,
      signal: ctrl ? ctrl.signal : undefined
    });
    const text = await res.text();
    let data = null;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch (e) {
        data = null;
      }
    }
    return { status: res.status, data: data, headers: res.headers };
  } finally {
    clearTimeout(timer);
  }
}

export function errorCode(res) {
  return res && res.data && typeof res.data.error === 'string' ? res.data.error : '';
}

/** Seconds from a Retry-After header (delta-seconds or HTTP date), clamped to [1, 300]. */
export function retryAfterSeconds(res, fallback) {
  const header = res.headers ? res.headers.get('Retry-After') : null;
  let seconds = NaN;
  if (header) {
    const trimmed = header.trim();
    if (/^\d+$/.test(trimmed)) seconds = parseInt(trimmed, 10);
    else {
      const at = Date.parse(trimmed);
      if (!isNaN(at)) seconds = Math.ceil((at - Date.now()) / 1000);
    }
  }
  if (!isFinite(seconds)) seconds = fallback;
  return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, seconds));
}

/** Exponential backoff with jitter: about 2, 4, 8, 16, then 30 seconds. */
export function backoffSeconds(attempt) {
  const base = Math.min(MAX_BACKOFF_SECONDS, Math.pow(2, Math.min(attempt, 6)));
  return Math.max(1, Math.round(base * (0.75 + Math.random() * 0.5)));
}

/**
 * Waits the given seconds, calling onTick(secondsLeft) every second. Coming back online or
 * wakeUp() ends the wait early. A little random delay spreads retries of many clients.
 */
export function countdown(seconds, onTick) {
  return new Promise((resolve) => {
    let left = seconds;
    let done = false;
    onTick(left);
    const interval = setInterval(() => {
      left -= 1;
      if (left > 0) onTick(left);
      else finish(Math.floor(Math.random() * 500));
    }, 1000);
    function finish(extraMs) {
      if (done) return;
      done = true;
      clearInterval(interval);
      if (wake === finish) wake = null;
      setTimeout(resolve, extraMs);
    }
    wake = finish;
  });
}

export function wakeUp() {
  if (wake) wake(0);
}
