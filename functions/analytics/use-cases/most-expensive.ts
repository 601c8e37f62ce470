import { businessDateOf, datesBetween, type BusinessDate } from '#shared/time/business-day';
import { AnalyticsError } from '../domain/errors';
import {
  checkedRange,
  periodContaining,
  requireDate,
  type DateRange,
  type Period,
} from '../domain/period';
import type { AnalyticsDeps } from '../domain/ports';
import type { RankedTask } from '../domain/task-fact';
import { topOf } from '../domain/top-rank';

export interface TopTask {
  task_id: string;
  title: string;
  jira_id: string | null;
  reward_cents: number;
  completed_at: string;
}

export interface MostExpensive {
  from: BusinessDate;
  to: BusinessDate;
  top: TopTask | null;
  days: { date: BusinessDate; top: TopTask | null }[];
}

export interface MostExpensiveQuery {
  from?: string;
  to?: string;
  period?: Period;
  date?: string;
}

const shown = (task: RankedTask | undefined): TopTask | null =>
  task
    ? {
        task_id: task.task_id,
        title: task.title,
        jira_id: task.jira_id,
        reward_cents: task.reward_cents,
        completed_at: task.completed_at,
      }
    : null;

/** `from`+`to`, or `period` (+ `date`, default today); never a mix of the two. */
function rangeOf(query: MostExpensiveQuery, today: BusinessDate): DateRange {
  const explicit = query.from !== undefined || query.to !== undefined;
  const byPeriod = query.period !== undefined || query.date !== undefined;
  if (explicit && byPeriod) {
    throw new AnalyticsError(
      'ambiguous_period',
      'give either from and to, or period and date, not both',
    );
  }
  if (explicit) {
    if (query.from === undefined || query.to === undefined) {
      throw new AnalyticsError('ambiguous_period', 'give both from and to');
    }
    return checkedRange(query.from, query.to);
  }
  const date = query.date === undefined ? today : requireDate(query.date, 'date');
  return periodContaining(query.period ?? 'day', date);
}

/**
 * The most expensive completed task of a range and of each of its days.
 *  1. decide the range (checked: real dates, in order, at most 366 days);
 *  2. read the day tops of the range: one query, at most one item per day, however many
 *     tasks were completed;
 *  3. answer every day of the range (null where nothing completed) and the range's winner by
 *     the same rule the day tops were kept with.
 */
export async function readMostExpensive(
  deps: Pick<AnalyticsDeps, 'tops' | 'clock' | 'timeZone'>,
  query: MostExpensiveQuery,
): Promise<MostExpensive> {
  const range = rangeOf(query, businessDateOf(deps.clock(), deps.timeZone));
  const tops = await deps.tops.inRange(range.from, range.to);
  const byDate = new Map(tops.map((task) => [task.completed_on, task]));
  return {
    ...range,
    top: shown(topOf(tops)),
    days: datesBetween(range.from, range.to).map((date) => ({
      date,
      top: shown(byDate.get(date)),
    })),
  };
}
