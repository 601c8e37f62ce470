import { businessDateOf, datesBetween, type BusinessDate } from '#shared/time/business-day';
import { AnalyticsError } from '../domain/errors';
import {
  checkedRange,
  periodContaining,
  requireDate,
  type DateRange,
  type Period,
} from '../domain/period';
import type { AnalyticsDeps, TaskTitle } from '../domain/ports';
import type { DayTop } from '../domain/task-fact';
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

/**
 * A day's top with its title joined from the task's fact. A reward ranks its task even if it
 * reached Analytics before the task's `task.created`: until that arrives, the title is empty.
 */
const shownWith =
  (titles: ReadonlyMap<string, TaskTitle>) =>
  (top: DayTop | undefined): TopTask | null =>
    top
      ? {
          task_id: top.task_id,
          title: titles.get(top.task_id)?.title ?? '',
          jira_id: titles.get(top.task_id)?.jira_id ?? null,
          reward_cents: top.reward_cents,
          completed_at: top.completed_at,
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
 *  3. read the titles of those days' winners from their tasks' facts (a batch get, 100 a call);
 *  4. answer every day of the range (null where nothing completed) and the range's winner by
 *     the same rule the day tops were kept with.
 */
export async function readMostExpensive(
  deps: Pick<AnalyticsDeps, 'tops' | 'facts' | 'clock' | 'timeZone'>,
  query: MostExpensiveQuery,
): Promise<MostExpensive> {
  const range = rangeOf(query, businessDateOf(deps.clock(), deps.timeZone));
  const tops = await deps.tops.inRange(range.from, range.to);
  const byDate = new Map(tops.map((top) => [top.completed_on, top]));
  const shown = shownWith(await deps.facts.titles(tops.map((top) => top.task_id)));
  return {
    ...range,
    top: shown(topOf(tops)),
    days: datesBetween(range.from, range.to).map((date) => ({
      date,
      top: shown(byDate.get(date)),
    })),
  };
}
