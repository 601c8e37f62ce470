/**
 * When the person last used any tab (a key, a click, a touch, a scroll), shared through
 * localStorage so an idle tab keeps the session alive for a busy one. Written at most every
 * 15 seconds: activity only needs to be known to the minute.
 */
const KEY = 'ates.activity';
const WRITE_EVERY_MS = 15_000;
let written = 0;

export function lastActivity(): number {
  return Math.max(written, Number(localStorage.getItem(KEY)) || 0);
}

export function noteActivity() {
  const now = Date.now();
  if (now - written < WRITE_EVERY_MS) return;
  written = now;
  localStorage.setItem(KEY, String(now));
}

export function watchActivity() {
  for (const type of ['keydown', 'pointerdown', 'input', 'scroll', 'touchstart'])
    globalThis.addEventListener?.(type, noteActivity, { passive: true, capture: true });
}
