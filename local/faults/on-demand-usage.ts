/**
 * What the on-demand model saw (local/faults/on-demand.ts), for a bench to print: the requests it
 * throttled, by operation and by the kind of key that was over its limit, and the most units one
 * partition key of each kind took in one second, against that key's limit. A key's kind is its
 * table, its index (or the table's own key) and the start of its value up to the first `#`
 * (`ACCOUNT#`, `STATUS#`): the hottest `ACCOUNT#` key says what any account's key needed.
 */
export interface OnDemandReport {
  throttledByOperation: Record<string, number>;
  throttledByKeyKind: Record<string, number>;
  /** By key kind: the hottest key of that kind, the most units it took in one second, its limit. */
  peaks: Record<string, { key: string; unitsPerSecond: number; limit: number }>;
}

/** `ACCOUNT#1234` → `ACCOUNT#`; a key without `#` (`SHUFFLE_LANE`) is a kind by itself. */
const prefixOf = (key: string) => {
  const hash = key.indexOf('#');
  return hash < 0 ? key : key.slice(0, hash + 1);
};

export const keyKindOf = (table: string, kind: 'Read' | 'Write', index?: string, key?: string) =>
  [table, index ?? 'table', kind, key === undefined ? '(whole table)' : prefixOf(key)].join(' ');

export class OnDemandUsage {
  private readonly byOperation = new Map<string, number>();
  private readonly byKeyKind = new Map<string, number>();
  private readonly peaks = new Map<
    string,
    { key: string; unitsPerSecond: number; limit: number }
  >();

  throttled(operation: string, keyKind: string) {
    this.byOperation.set(operation, (this.byOperation.get(operation) ?? 0) + 1);
    this.byKeyKind.set(keyKind, (this.byKeyKind.get(keyKind) ?? 0) + 1);
  }

  /** A key of `keyKind` took `unitsPerSecond` in its busiest second so far. */
  peak(keyKind: string, key: string, unitsPerSecond: number, limit: number) {
    const known = this.peaks.get(keyKind);
    if (!known || unitsPerSecond > known.unitsPerSecond)
      this.peaks.set(keyKind, { key, unitsPerSecond, limit });
  }

  report(): OnDemandReport {
    return {
      throttledByOperation: Object.fromEntries(this.byOperation),
      throttledByKeyKind: Object.fromEntries(this.byKeyKind),
      peaks: Object.fromEntries([...this.peaks].sort(([a], [b]) => a.localeCompare(b))),
    };
  }
}

/** The report as lines a person reads: throttled requests, then each key kind's busiest second. */
export function describeOnDemand(report: OnDemandReport, scale: number): string[] {
  const list = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([name, n]) => `${name} ${n}`)
      .join(', ') || 'none';
  return [
    `throttled by operation: ${list(report.throttledByOperation)}`,
    `throttled by key kind: ${list(report.throttledByKeyKind)}`,
    `busiest second of each key kind (units/s against the limit at scale ${scale}):`,
    ...Object.entries(report.peaks).map(
      ([kind, peak]) =>
        `  ${kind.padEnd(48)} ${String(Math.round(peak.unitsPerSecond)).padStart(6)} of ${peak.limit} (${peak.key})`,
    ),
  ];
}
