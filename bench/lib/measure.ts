/** Small measuring tools every benchmark block shares. */

export const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;

export interface LatencySummary {
  count: number;
  failed: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Runs `count` operations, `concurrency` at a time; each resolves true when it succeeded. */
export async function runPool(
  count: number,
  concurrency: number,
  operation: (i: number) => Promise<boolean>,
): Promise<LatencySummary> {
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < count) {
      const i = next++;
      const t0 = performance.now();
      if (!(await operation(i))) failed++;
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return summarize(latencies, failed, (performance.now() - started) / 1000);
}

export function summarize(latencies: number[], failed: number, seconds: number): LatencySummary {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    count: sorted.length,
    failed,
    perSecond: sorted.length / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? 0,
  };
}

/** A progress line on stderr, so a long block shows it is alive without cluttering stdout. */
export const progress = (line: string) => process.stderr.write(`  … ${line}\n`);

export const round = (n: number, digits = 1) => Number(n.toFixed(digits));
