import { businessDateOf, type BusinessDate } from '#shared/time/business-day';
import { managementEarnings } from '../domain/earnings';
import { AnalyticsError } from '../domain/errors';
import { negativeCountFrom } from '../domain/negative-balance';
import { requireDate } from '../domain/period';
import type { AnalyticsDeps } from '../domain/ports';

export interface EarningsDashboard {
  date: BusinessDate;
  management_earnings_cents: number;
  negative_balance_employees: number;
}

/**
 * The admins' dashboard for one business day (today by default).
 *  1. decide the date: a real calendar date, not after today;
 *  2. read the day's earnings shards (a fixed few items) and the negative-balance deltas up to
 *     that day (one small item per day of history), in parallel;
 *  3. answer: fees − rewards of the day; the employees negative at the end of that day (for
 *     today: now).
 */
export async function readEarningsDashboard(
  deps: Pick<AnalyticsDeps, 'earnings' | 'balances' | 'clock' | 'timeZone'>,
  query: { date?: string },
): Promise<EarningsDashboard> {
  const today = businessDateOf(deps.clock(), deps.timeZone);
  const date = query.date === undefined ? today : requireDate(query.date, 'date');
  if (date > today) {
    throw new AnalyticsError('date_in_future', `${date} has not happened yet (today is ${today})`);
  }
  const [totals, deltas] = await Promise.all([
    deps.earnings.dayTotals(date),
    deps.balances.deltasUpTo(date),
  ]);
  return {
    date,
    management_earnings_cents: managementEarnings(totals),
    negative_balance_employees: negativeCountFrom(deltas),
  };
}
