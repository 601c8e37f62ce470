import { Refusal, type RefusalCategory } from '#shared/refusal';

/** Why an analytics query was refused; each kind maps to one shared refusal (and HTTP status). */
export type AnalyticsErrorKind =
  'invalid_date' | 'ambiguous_period' | 'range_reversed' | 'range_too_long' | 'date_in_future';

const REFUSAL_OF: Record<AnalyticsErrorKind, { category: RefusalCategory; code: string }> = {
  invalid_date: { category: 'malformed', code: 'invalid_date' },
  ambiguous_period: { category: 'malformed', code: 'ambiguous_period' },
  range_reversed: { category: 'invalid', code: 'range_reversed' },
  range_too_long: { category: 'invalid', code: 'range_too_long' },
  date_in_future: { category: 'invalid', code: 'date_in_future' },
};

export class AnalyticsError extends Refusal {
  constructor(
    readonly kind: AnalyticsErrorKind,
    message: string,
  ) {
    super(REFUSAL_OF[kind].category, REFUSAL_OF[kind].code, message);
    this.name = 'AnalyticsError';
  }
}
