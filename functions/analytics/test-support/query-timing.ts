import { performance } from 'node:perf_hooks';
import { addDays, type BusinessDate } from '#shared/time/business-day';
import type { AnalyticsDeps } from '../domain/ports';
import { readEarningsDashboard } from '../use-cases/read-earnings-dashboard';
import { readMostExpensive } from '../use-cases/most-expensive';

export interface QueryTiming {
  query: string;
  p50Ms: number;
  p95Ms: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

/**
 * The dashboard and most-expensive queries, as the handlers call them (without HTTP), over a
 * seeded history: the ones the query-cost test counts the reads of and the bench times.
 */
export function analyticsQueries(
  deps: AnalyticsDeps,
  history: { firstDay: BusinessDate; days: number },
): Array<[string, () => Promise<unknown>]> {
  const lastDay = addDays(history.firstDay, history.days - 1);
  const middle = addDays(history.firstDay, Math.floor(history.days / 2));
  return [
    [`dashboard ${lastDay}`, () => readEarningsDashboard(deps, { date: lastDay })],
    [`dashboard ${middle}`, () => readEarningsDashboard(deps, { date: middle })],
    ['most-expensive day', () => readMostExpensive(deps, { period: 'day', date: middle })],
    ['most-expensive week', () => readMostExpensive(deps, { period: 'week', date: middle })],
    ['most-expensive month', () => readMostExpensive(deps, { period: 'month', date: middle })],
    [
      `most-expensive ${history.days} days`,
      () => readMostExpensive(deps, { from: history.firstDay, to: lastDay }),
    ],
  ];
}

/** Times each of `analyticsQueries`, `repeats` times each, after one warm-up call. */
export async function timeQueries(
  deps: AnalyticsDeps,
  history: { firstDay: BusinessDate; days: number },
  repeats: number,
): Promise<QueryTiming[]> {
  const timings: QueryTiming[] = [];
  for (const [query, run] of analyticsQueries(deps, history)) {
    await run();
    const samples: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const start = performance.now();
      await run();
      samples.push(performance.now() - start);
    }
    samples.sort((a, b) => a - b);
    timings.push({
      query,
      p50Ms: Number(percentile(samples, 50).toFixed(1)),
      p95Ms: Number(percentile(samples, 95).toFixed(1)),
    });
  }
  return timings;
}
