import { DailyQuotaSpentError } from '../domain/mailing';

/**
 * How long a spent quota is believed before the account is asked again: SES counts a rolling
 * 24 hours, so room comes back as old sends age out; AWS advises waiting up to 10 minutes after
 * a throttling error before trying again (docs/operations.md, "SES").
 */
export const QUOTA_RECHECK_MS = 10 * 60_000;

/** SES v2's throttling answer once the account's 24-hour quota is spent. */
export const isDailyQuotaExceeded = (error: unknown): boolean =>
  (error as Error | undefined)?.name === 'TooManyRequestsException' &&
  /daily message quota exceeded/i.test((error as Error).message);

/**
 * This process's view of the account's `SendQuota`: `Max24HourSend` (-1: unlimited) less
 * `SentLast24Hours` when it was read, less what this process sent since. Spent, it refuses a
 * send without asking SES (no hot retries) until {@link QUOTA_RECHECK_MS} has passed; SES stays
 * the authority, since other processes send too: its quota refusal spends it here as well.
 */
export class DailyQuota {
  private sentHere = 0;
  private spentAt: number | undefined;

  constructor(
    readonly max: number,
    readonly sentBefore: number,
    private readonly now: () => number = Date.now,
  ) {
    if (max >= 0 && sentBefore >= max) this.spentAt = now();
  }

  /** Throws DailyQuotaSpentError when no send is left. */
  assertRoom(): void {
    if (this.spentAt !== undefined) throw new DailyQuotaSpentError(this.max);
  }

  /** SES took one recipient's e-mail. */
  sent(): void {
    this.sentHere += 1;
    if (this.max >= 0 && this.sentBefore + this.sentHere >= this.max) this.spentAt ??= this.now();
  }

  /** SES said the quota is spent. */
  spend(): DailyQuotaSpentError {
    this.spentAt ??= this.now();
    return new DailyQuotaSpentError(this.max);
  }

  /** Spent long enough ago that the account is worth asking again. */
  get stale(): boolean {
    return this.spentAt !== undefined && this.now() - this.spentAt >= QUOTA_RECHECK_MS;
  }
}
