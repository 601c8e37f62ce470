import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LocalCloud } from '../../local/cloud/local-cloud';
import { describeOnDemand } from '../../local/faults/on-demand-usage';
import { round } from './measure';

/**
 * What a run at AWS's scale must show (issue 27, item 6), read from the cloud that ran it: the
 * requests the on-demand model throttled, by operation and by key kind, and the busiest second
 * of each kind of partition key against its limit; the longest invocation of each function; and,
 * for each queue, the failed receives and the receives that came after a whole visibility
 * timeout had expired (counted by the local queue, not inferred).
 */
export function scaleFigures(
  prefix: string,
  cloud: LocalCloud,
  scale: number | undefined,
): { figures: Record<string, number>; lines: string[] } {
  const figures: Record<string, number> = {};
  const lines: string[] = [];
  const report = cloud.onDemandReport();
  if (report) {
    figures[`${prefix}.ondemand.scale`] = scale ?? 0;
    figures[`${prefix}.ondemand.throttled`] = cloud.faultStats.dynamoOnDemandThrottled;
    for (const [operation, n] of Object.entries(report.throttledByOperation))
      figures[`${prefix}.ondemand.throttled_by_operation.${operation}`] = n;
    for (const [kind, n] of Object.entries(report.throttledByKeyKind))
      figures[`${prefix}.ondemand.throttled_by_key_kind.${kind}`] = n;
    for (const [kind, peak] of Object.entries(report.peaks))
      figures[`${prefix}.ondemand.busiest_second_units.${kind}`] = round(peak.unitsPerSecond);
    lines.push(
      `throttled by the on-demand model: ${cloud.faultStats.dynamoOnDemandThrottled}`,
      ...describeOnDemand(report, scale ?? 0),
    );
  }
  const longest = Object.entries(cloud.longestInvocationsMs()).sort(([, a], [, b]) => b - a);
  const carried = cloud.longestInvocationsCarried();
  lines.push('longest invocation of each function:');
  for (const [name, ms] of longest) {
    figures[`${prefix}.longest_invocation_ms.${name}`] = Math.round(ms);
    const what = carried[name] ? ` (${carried[name]})` : '';
    lines.push(`  ${name.padEnd(36)} ${(ms / 1000).toFixed(2)} s${what}`);
  }
  for (const [domain, queue] of cloud.queues) {
    figures[`${prefix}.queue.${domain}.failed_receives`] = queue.failedReceives;
    figures[`${prefix}.queue.${domain}.visibility_timeouts_waited`] =
      queue.visibilityTimeoutsWaited;
    lines.push(
      `${domain} queue: ${queue.failedReceives} failed receive(s), ` +
        `${queue.visibilityTimeoutsWaited} receive(s) after a whole visibility timeout expired`,
    );
  }
  return { figures, lines };
}

/**
 * Merges figures and lines into bench/results/latest.json beside what `npm run bench` wrote
 * there, for a script that runs apart from it (`bench/close-day.ts`).
 */
export function recordInLatest(block: string, figures: Record<string, number>, lines: string[]) {
  const file = join(dirname(fileURLToPath(import.meta.url)), '..', 'results', 'latest.json');
  const report = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as {
        figures?: Record<string, number>;
        lines?: Record<string, string[]>;
      })
    : {};
  report.figures = { ...report.figures, ...figures };
  report.lines = { ...report.lines, [block]: lines };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(
    file,
    `${JSON.stringify({ ...report, [`${block}_at`]: new Date().toISOString() }, null, 2)}\n`,
  );
  return file;
}
