import { relative } from 'node:path';
import type { LocalCloud } from './local-cloud';

/** The start-up banner: every URL and command a developer needs, in one place. */
export function bannerOf(cloud: LocalCloud, startedInMs: number, repoRoot: string): string {
  const { urls } = cloud;
  const where = cloud.dataDir
    ? `data in ${relative(repoRoot, cloud.dataDir) || '.'}/`
    : 'in memory: nothing is kept';
  const rows: Array<[string, string]> = [
    ['Dashboards + API', urls.gateway],
    ['SES inbox', urls.sesInbox ?? 'not running'],
    ['DynamoDB Local', `${urls.dynamodb}   tables ${Object.values(cloud.tables).join(', ')}`],
    [
      'EventBridge',
      `${urls.eventBridge}   bus ${process.env.EVENT_BUS_NAME}, ${cloud.bus.rules.length} rule(s)`,
    ],
    ['Queues', [...cloud.queues.keys()].join(', ') || 'none yet'],
    ['Health', `${urls.gateway}/_local/health`],
    ['Metrics', `${urls.gateway}/_local/metrics/page   (JSON: /_local/metrics)`],
    ['Dead letters', 'npm run dlq   ·   npm run dlq redrive [domain] [id]'],
    [
      'Business clock',
      `${new Date().toISOString()}   move it: POST ${urls.gateway}/_local/clock {"advance_ms": n}`,
    ],
  ];
  for (const job of cloud.schedules) {
    rows.push([
      `Schedule`,
      `${job.domain} ${job.name} cron(${job.cron}) next ${job.nextRun()?.toISOString() ?? 'never'} (${process.env.ATES_TIMEZONE})`,
    ]);
  }
  const width = Math.max(...rows.map(([label]) => label.length));
  return [
    '',
    `  aTES local cloud is up in ${(startedInMs / 1000).toFixed(1)} s — ${where}`,
    '',
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
    '',
    '  Ctrl-C stops everything.',
    '',
  ].join('\n');
}
