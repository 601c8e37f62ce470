import { MemoryTable } from '#shared/unit-of-work/memory-table';
import type { AttemptWindow } from '../../domain/lockout';
import type { AttemptReservation, LoginAttemptStore } from '../../domain/ports';

interface AttemptsItem {
  attempts: number;
  window_ends_at: number;
}

/**
 * The sign-in counters in memory. Each reserve and release reads and writes its counter with no
 * await between, which is what DynamoDB's single conditional write gives: parallel sign-ins
 * are counted one after another, never both on the same old count. Written directly, not
 * through a unit of work, like the DynamoDB store (domain/ports.ts says why).
 */
export class MemoryLoginAttemptStore implements LoginAttemptStore {
  readonly counters = new MemoryTable<AttemptsItem>('login_attempts');

  async reserve(
    emailKey: string,
    now: Date,
    policy: { maxAttempts: number; windowMs: number },
  ): Promise<AttemptReservation> {
    const stored = this.counters.get(emailKey);
    if (stored && stored.window_ends_at > now.getTime()) {
      if (stored.attempts >= policy.maxAttempts)
        return { reserved: false, window: windowOf(stored) };
      const counted = { ...stored, attempts: stored.attempts + 1 };
      this.counters.seed(emailKey, counted);
      return { reserved: true, window: windowOf(counted) };
    }
    const opened = { attempts: 1, window_ends_at: now.getTime() + policy.windowMs };
    this.counters.seed(emailKey, opened);
    return { reserved: true, window: windowOf(opened) };
  }

  async release(emailKey: string, window: AttemptWindow): Promise<void> {
    const stored = this.counters.get(emailKey);
    if (stored && stored.window_ends_at === window.endsAt.getTime() && stored.attempts > 0)
      this.counters.seed(emailKey, { ...stored, attempts: stored.attempts - 1 });
  }
}

const windowOf = (item: AttemptsItem): AttemptWindow => ({
  attempts: item.attempts,
  endsAt: new Date(item.window_ends_at),
});
