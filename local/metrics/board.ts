import type { EmfRecord } from './emf';

/** One metric's figures: every value recorded (`sum`, `count`, `max`) since the cloud started. */
export interface Figures {
  unit: string;
  sum: number;
  count: number;
  max: number;
}

export interface MetricsView {
  /** The business clock's now, which the last hour is counted back from. */
  now: string;
  /** Per domain (`service`), per metric: everything since the start, and the last hour alone. */
  domains: Record<string, Record<string, { total: Figures; lastHour: Figures }>>;
  /** Refused commands per domain and reason (the `reason` dimension). */
  refusals: Record<string, Record<string, number>>;
}

const HOUR_MS = 60 * 60 * 1000;

const empty = (unit: string): Figures => ({ unit, sum: 0, count: 0, max: 0 });
const add = (figures: Figures, values: readonly number[]) => {
  for (const value of values) {
    figures.sum += value;
    figures.count += 1;
    figures.max = figures.count === 1 ? value : Math.max(figures.max, value);
  }
};

interface Sample {
  at: number;
  domain: string;
  name: string;
  unit: string;
  values: number[];
}

/**
 * The metrics the functions printed, as the local metrics page shows them: per domain, a total
 * since the cloud started and the last hour by the business clock (which the functions' EMF
 * timestamps follow). Only the last hour's samples are kept one by one.
 */
export class MetricsBoard {
  private readonly totals = new Map<string, Map<string, Figures>>();
  private readonly refused = new Map<string, Map<string, number>>();
  private recent: Sample[] = [];

  constructor(private readonly namespace: string) {}

  record(line: EmfRecord) {
    if (line.namespace !== this.namespace) return;
    const domain = line.dimensions.service ?? 'unknown';
    for (const metric of line.metrics) {
      let domainTotals = this.totals.get(domain);
      if (!domainTotals) this.totals.set(domain, (domainTotals = new Map()));
      let figures = domainTotals.get(metric.name);
      if (!figures) domainTotals.set(metric.name, (figures = empty(metric.unit)));
      add(figures, metric.values);
      this.recent.push({ at: line.timestamp, domain, ...metric });
      const reason = line.dimensions.reason;
      if (reason !== undefined) {
        let reasons = this.refused.get(domain);
        if (!reasons) this.refused.set(domain, (reasons = new Map()));
        reasons.set(reason, (reasons.get(reason) ?? 0) + metric.values.length);
      }
    }
  }

  view(now: Date): MetricsView {
    const since = now.getTime() - HOUR_MS;
    this.recent = this.recent.filter((sample) => sample.at > since);
    const domains: MetricsView['domains'] = {};
    for (const [domain, metrics] of this.totals) {
      domains[domain] = {};
      for (const [name, total] of metrics) {
        domains[domain][name] = { total: { ...total }, lastHour: empty(total.unit) };
      }
    }
    for (const sample of this.recent) {
      const entry = domains[sample.domain]?.[sample.name];
      if (entry) add(entry.lastHour, sample.values);
    }
    const refusals = Object.fromEntries(
      [...this.refused].map(([domain, reasons]) => [domain, Object.fromEntries(reasons)]),
    );
    return { now: now.toISOString(), domains, refusals };
  }
}

const merged = (a: Figures, b: Figures): Figures => ({
  unit: a.unit,
  sum: a.sum + b.sum,
  count: a.count + b.count,
  max: a.count === 0 ? b.max : b.count === 0 ? a.max : Math.max(a.max, b.max),
});

/** The figures of several clouds run one after another (a soak's restarts), as one. */
export function mergeMetricsViews(views: readonly MetricsView[]): MetricsView {
  const domains: MetricsView['domains'] = {};
  const refusals: MetricsView['refusals'] = {};
  for (const view of views) {
    for (const [domain, metrics] of Object.entries(view.domains)) {
      const into = (domains[domain] ??= {});
      for (const [name, figures] of Object.entries(metrics)) {
        const was = into[name];
        into[name] = was
          ? {
              total: merged(was.total, figures.total),
              lastHour: merged(was.lastHour, figures.lastHour),
            }
          : structuredClone(figures);
      }
    }
    for (const [domain, reasons] of Object.entries(view.refusals)) {
      const into = (refusals[domain] ??= {});
      for (const [reason, count] of Object.entries(reasons))
        into[reason] = (into[reason] ?? 0) + count;
    }
  }
  return { now: views.at(-1)?.now ?? new Date().toISOString(), domains, refusals };
}
