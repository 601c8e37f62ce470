import { businessDateOf, datesBetween } from '#shared/time/business-day';
import { dashboardRange } from '../domain/days';
import type { AccountingDeps } from '../domain/ports';

/**
 * What management earned: today, and per day over a range (newest first, a quiet day as zeros).
 * 1. read: the per-day figures kept as the ledger is written (never the ledger itself).
 * 2. decide: earnings = fees charged − rewards paid.
 */
export async function readManagementEarnings(
  deps: AccountingDeps,
  query: { from?: string; to?: string },
) {
  const today = businessDateOf(deps.clock(), deps.timeZone);
  const { from, to } = dashboardRange(query, today);
  const dates = datesBetween(from, to).reverse();
  const figures = await deps.ledger.dayFigures(dates.includes(today) ? dates : [today, ...dates]);
  const days = figures.map((day) => ({
    date: day.date,
    fees_cents: day.fees_cents,
    rewards_cents: day.rewards_cents,
    management_earnings_cents: day.fees_cents - day.rewards_cents,
  }));
  const todays = days.find((day) => day.date === today)!;
  return {
    today: { date: today, management_earnings_cents: todays.management_earnings_cents },
    days: days.filter((day) => day.date >= from && day.date <= to),
  };
}
