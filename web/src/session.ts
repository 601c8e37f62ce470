import { useEffect, useState } from 'preact/hooks';

export type Role = 'admin' | 'manager' | 'accountant' | 'worker';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  created_at: string;
  updated_at: string;
}

export interface Session {
  token: string;
  user: User;
  /** Milliseconds since the epoch when the token stops being accepted (its `exp`). */
  expiresAt: number | null;
}

/**
 * The signed-in employee, kept in sessionStorage: it survives a reload but not the tab, and
 * other tabs sign in on their own. A token the API refuses (401) or one past its `exp` ends the
 * session with a message the sign-in page shows.
 */
const KEY = 'ates.session';
const listeners = new Set<() => void>();
let current: Session | null = read();
let endedBecause: string | null = null;
let expiryTimer: ReturnType<typeof setTimeout> | undefined;

function read(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

function expiryOf(token: string): number | null {
  try {
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')));
    return typeof payload.exp === 'number' ? payload.exp * 1000 : null;
  } catch {
    return null;
  }
}

function publish() {
  clearTimeout(expiryTimer);
  if (current?.expiresAt) {
    const left = current.expiresAt - Date.now();
    if (left <= 0) return endSession('Your session has expired. Please sign in again.');
    // setTimeout overflows past ~24.8 days; a token lives far shorter than that.
    expiryTimer = setTimeout(
      () => endSession('Your session has expired. Please sign in again.'),
      Math.min(left, 2 ** 31 - 1),
    );
  }
  for (const listener of listeners) listener();
}

export const getSession = () => current;

export function startSession(token: string, user: User) {
  current = { token, user, expiresAt: expiryOf(token) };
  endedBecause = null;
  sessionStorage.setItem(KEY, JSON.stringify(current));
  publish();
}

/** Signs out; `reason` is shown on the sign-in page (none for a deliberate sign-out). */
export function endSession(reason: string | null = null) {
  current = null;
  endedBecause = reason;
  sessionStorage.removeItem(KEY);
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

// A stored session may already be past its expiry when the page loads.
publish();
