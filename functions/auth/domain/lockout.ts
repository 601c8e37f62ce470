/**
 * Brute-force policy: after MAX_FAILURES refused sign-ins for one e-mail within WINDOW_MS of the
 * first of them, every further attempt is refused (429) until that window ends. The window is
 * fixed, not sliding, and attempts made while locked do not extend it, so a locked-out user
 * knows exactly when they may try again.
 */
export const LOCKOUT_POLICY = { maxFailures: 5, windowMs: 15 * 60 * 1000 } as const;

export interface FailureWindow {
  failures: number;
  /** When the counting window that began with the first failure ends. */
  endsAt: Date;
}

export const windowIsOpen = (window: FailureWindow | undefined, now: Date) =>
  window !== undefined && now.getTime() < window.endsAt.getTime();

export const isLockedOut = (window: FailureWindow | undefined, now: Date) =>
  windowIsOpen(window, now) && window!.failures >= LOCKOUT_POLICY.maxFailures;

export const secondsUntilUnlocked = (window: FailureWindow, now: Date) =>
  Math.max(1, Math.ceil((window.endsAt.getTime() - now.getTime()) / 1000));
