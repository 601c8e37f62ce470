/**
 * Brute-force policy: at most MAX_ATTEMPTS passwords are checked for one e-mail within WINDOW_MS
 * of the first of them; every further attempt is refused (429) until that window ends. An
 * attempt is counted (reserved) *before* its password is checked, atomically, so parallel
 * guesses cannot outrun the count. A correct password hands its own reservation back, so
 * signing in often is never a lockout, but it does not wipe out the wrong guesses before it.
 * The window is fixed, not sliding, so a locked-out user knows exactly when to try again.
 */
export const LOCKOUT_POLICY = { maxAttempts: 5, windowMs: 15 * 60 * 1000 } as const;

export interface AttemptWindow {
  /** Passwords checked, or being checked, in this window and not handed back by a success. */
  attempts: number;
  /** When the counting window that began with its first attempt ends. */
  endsAt: Date;
}

// The policy is applied atomically by the store's reservation (its conditions name the parts);
// the use case only reports the window it was refused in.
export const secondsUntilUnlocked = (window: AttemptWindow, now: Date) =>
  Math.max(1, Math.ceil((window.endsAt.getTime() - now.getTime()) / 1000));
