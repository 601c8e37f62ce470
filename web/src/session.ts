import { useEffect, useState } from 'preact/hooks';
import { lastActivity, noteActivity, watchActivity } from './activity';
import type { User } from './types';

export type { Role, User } from './types';

export interface Session {
  token: string;
  user: User;
  /**
   * Milliseconds on *this browser's* clock when the token stops being accepted: its lifetime
   * (`exp − iat`) counted from when it arrived, so a wrong clock on the desk does not matter.
   */
  expiresAt: number | null;
}

/**
 * The signed-in employee, kept in localStorage so every tab shares one session: a new tab is
 * signed in already, a refreshed token reaches every tab (the `storage` event), and signing out
 * in one tab signs out all of them.
 *
 * Lifetimes (README, Dashboards): a token lives 10 minutes; a minute before it ends the app
 * trades it for a fresh one (`POST /auth/refresh`) if the person used any tab in the last
 * 30 minutes. Idle longer, the token runs out and the app asks for the password, then returns
 * to the page that was open. Auth ends any session 12 hours after its sign-in.
 */
const KEY = 'ates.session';
/** Why the shared session ended, written by the tab that ended it, so every tab says the same. */
const END_KEY = 'ates.session.ended';
const SIGNED_OUT_ELSEWHERE = 'You signed out in another tab.';
const REFRESH_BEFORE_MS = 60_000;
export const IDLE_LIMIT_MS = 30 * 60_000;
const EXPIRED = 'Your session has expired. Please sign in again.';

const listeners = new Set<() => void>();
let current: Session | null = read();
let endedBecause: string | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;

function read(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

function lifetimeOf(token: string): number | null {
  try {
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')));
    if (typeof payload.exp !== 'number') return null;
    const issued = typeof payload.iat === 'number' ? payload.iat : Date.now() / 1000;
    return (payload.exp - issued) * 1000;
  } catch {
    return null;
  }
}

/** Sets the timer for the next refresh (or the end); tells every component. */
function publish() {
  clearTimeout(timer);
  if (current?.expiresAt) {
    const left = current.expiresAt - Date.now();
    if (left <= 0) return endSession(EXPIRED);
    // setTimeout overflows past ~24.8 days; a token lives far shorter than that.
    const wait = Math.max(0, Math.min(left - REFRESH_BEFORE_MS, 2 ** 31 - 1));
    timer = setTimeout(() => void refreshOrEnd(), wait);
  }
  for (const listener of listeners) listener();
}

/** A minute before the end: a fresh token if anyone used a tab lately, else the end. */
async function refreshOrEnd() {
  const held = current;
  if (!held?.expiresAt) return;
  const left = held.expiresAt - Date.now();
  if (left <= 0) return endSession(EXPIRED);
  if (Date.now() - lastActivity() > IDLE_LIMIT_MS) {
    // Idle: look again shortly (a key press before the end still earns a refresh).
    timer = setTimeout(() => void refreshOrEnd(), Math.min(10_000, left));
    return;
  }
  await oneTabAtATime(async () => {
    const stored = read();
    // Another tab refreshed while this one waited for the lock: take its token.
    if (stored && stored.token !== held.token) return adopt(stored);
    if (current?.token !== held.token) return;
    try {
      const response = await fetch('/auth/refresh', {
        method: 'POST',
        headers: { authorization: `Bearer ${held.token}` },
      });
      if (response.status === 401) return endSession(EXPIRED);
      if (!response.ok) throw new Error(`refresh answered ${response.status}`);
      const { token, user } = (await response.json()) as { token: string; user: User };
      keep(token, user);
    } catch {
      // Offline or a hiccup: try again shortly while the token still holds.
      timer = setTimeout(() => void refreshOrEnd(), Math.min(10_000, left));
    }
  });
}

/** Web Locks where the browser has them, so two tabs do not refresh the same token at once. */
function oneTabAtATime(work: () => Promise<void>): Promise<void> {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  return locks ? locks.request('ates.refresh', work).then(() => undefined) : work();
}

function adopt(session: Session | null) {
  current = session;
  publish();
}

export const getSession = () => current;

/** A sign-in: the person is here now. */
export function startSession(token: string, user: User) {
  noteActivity();
  keep(token, user);
}

/** A new token, shared with every tab. A refresh is not activity: only the person is. */
function keep(token: string, user: User) {
  const lifetime = lifetimeOf(token);
  current = { token, user, expiresAt: lifetime === null ? null : Date.now() + lifetime };
  endedBecause = null;
  localStorage.setItem(KEY, JSON.stringify(current));
  publish();
}

/** Signs out in every tab; `reason` is shown on the sign-in page (none for a deliberate one). */
export function endSession(reason: string | null = null) {
  current = null;
  endedBecause = reason;
  localStorage.setItem(END_KEY, reason ?? SIGNED_OUT_ELSEWHERE);
  localStorage.removeItem(KEY);
  publish();
}

/** Why the last session ended, once: the sign-in page reads it. */
export const sessionEndReason = () => endedBecause;

export function useSession(): Session | null {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = () => setTick((tick) => tick + 1);
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  return current;
}

// Another tab signed in, refreshed or signed out.
globalThis.addEventListener?.('storage', (event) => {
  if (event.key !== KEY && event.key !== null) return;
  const stored = read();
  if (stored?.token === current?.token) return;
  // The reason comes from the tab that ended it: each tab's own clock and timers may lag
  // (a background tab's timers are throttled), so guessing from them here can be wrong.
  if (!stored && current) endedBecause = localStorage.getItem(END_KEY) ?? SIGNED_OUT_ELSEWHERE;
  adopt(stored);
});

watchActivity();
// A stored session may already be past its expiry when the page loads.
publish();
