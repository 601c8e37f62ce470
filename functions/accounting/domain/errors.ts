import { Refusal, type RefusalCategory } from '#shared/refusal';
import type { RefusalTable } from '#shared/unit-of-work/refusals';

/** Why Accounting refused a request, in its own words; each kind is one shared refusal. */
export type AccountingErrorKind =
  | 'bad_date'
  | 'bad_range'
  | 'range_too_long'
  | 'day_not_over'
  | 'before_first_movement'
  | 'beyond_archive'
  | 'account_not_found'
  | 'close_not_found'
  | 'task_not_found'
  | 'not_your_task'
  | 'suppression_not_found';

const REFUSAL_OF: Record<AccountingErrorKind, { category: RefusalCategory; code: string }> = {
  bad_date: { category: 'malformed', code: 'invalid_date' },
  bad_range: { category: 'malformed', code: 'invalid_range' },
  range_too_long: { category: 'malformed', code: 'range_too_long' },
  day_not_over: { category: 'invalid', code: 'day_not_over' },
  before_first_movement: { category: 'invalid', code: 'before_first_movement' },
  beyond_archive: { category: 'invalid', code: 'beyond_archive' },
  account_not_found: { category: 'not_found', code: 'not_found' },
  close_not_found: { category: 'not_found', code: 'not_found' },
  task_not_found: { category: 'not_found', code: 'not_found' },
  not_your_task: { category: 'forbidden', code: 'not_your_task' },
  suppression_not_found: { category: 'not_found', code: 'not_found' },
};

export class AccountingError extends Refusal {
  constructor(
    readonly kind: AccountingErrorKind,
    message: string,
  ) {
    super(REFUSAL_OF[kind].category, REFUSAL_OF[kind].code, message);
    this.name = 'AccountingError';
  }
}

/**
 * Accounting's refused guards that the caller is told about: none. Every guard of its writes
 * stands for a race its use case handles by reading again (`movement_is_new`,
 * `balance_unchanged`, `price_is_new`, `snapshot_is_newer`, `chunk_follows_last`,
 * `close_not_started`, `lane_is_new`, `reservation_is_ours`, `mail_is_free`,
 * `suppression_unchanged`) or turns into an
 * answer (`date_not_closed`, `no_later_close`: the close that exists or covers the date).
 * Requests are refused before anything is written (`AccountingError`).
 */
export const GUARD_REFUSALS: RefusalTable = {};
