import { SERVICES } from '../../functions/services';
import { tableReader } from '../../scripts/soak/tables';
import type { Block } from '../lib/block';
import { benchCloud, type Call } from '../lib/cloud';
import { billableOf, dollarsOf, perUnit, sumOf, type Billable } from '../lib/cost-model';
import { runLifecycle, signInEveryone, type PhaseName } from '../lib/lifecycle';
import { progress, round } from '../lib/measure';
import { PRICE_LIST_DATE } from '../lib/prices';
import { RequestMeter, type Usage } from '../lib/request-meter';
import type { LocalCloud } from '../../local/cloud';

const LIFECYCLES = 1_000_000;

/**
 * The cost model: a small lifecycle run (create, one reshuffle, complete) and a daily close on
 * the local cloud, every AWS request its handlers make counted (DynamoDB units, PutEvents
 * entries, SQS requests, Lambda invocations and duration, HTTP API requests, e-mails), per
 * business operation, and the price of 1,000,000 task lifecycles at on-demand prices.
 */
export const cost: Block = async ({ quick }) => {
  const tasks = quick ? 100 : 1_000;
  const { cloud, call, tokens } = await benchCloud({ ses: true });
  try {
    const people = await signInEveryone(call);
    const meter = new RequestMeter(cloud);
    const used: Partial<Record<PhaseName, { usage: Usage; tasks: number }>> = {};
    let start: Usage = meter.snapshot();
    progress(`cost: ${tasks} metered task lifecycles`);
    await runLifecycle({
      cloud,
      call,
      tasks,
      managerToken: tokens.manager,
      people,
      onPhase: {
        start: () => (start = meter.snapshot()),
        end: (p) => (used[p.phase] = { usage: meter.since(start), tasks: p.tasks }),
      },
    });
    progress('cost: the daily close');
    const close = await meteredClose(cloud, call, tokens.admin, meter);

    const rows: [string, Billable][] = (['create', 'reshuffle', 'complete'] as const).map(
      (phase) => [
        phase === 'reshuffle' ? 'reshuffle (per task moved)' : `${phase} a task`,
        perUnit(billableOf(used[phase]!.usage, SERVICES), used[phase]!.tasks),
      ],
    );
    const lifecycle = sumOf(...rows.map(([, b]) => b));
    rows.push(['one task lifecycle', lifecycle]);
    rows.push([
      'daily close (per account)',
      perUnit(billableOf(close.usage, SERVICES, close.emails), close.accounts),
    ]);

    const perMillion = dollarsOf(perUnit(lifecycle, 1 / LIFECYCLES));
    const figures: Record<string, number> = {};
    for (const [name, b] of rows) {
      const key = `cost.${name.split(' ')[0]}`;
      figures[`${key}.dynamo_write_units`] = round(b.dynamoWriteUnits, 2);
      figures[`${key}.dynamo_read_units`] = round(b.dynamoReadUnits, 2);
      figures[`${key}.event_entries`] = round(b.eventEntries, 2);
      figures[`${key}.sqs_requests`] = round(b.sqsRequests, 2);
      figures[`${key}.lambda_invocations`] = round(b.lambdaInvocations, 2);
      figures[`${key}.http_requests`] = round(b.httpRequests, 2);
    }
    for (const [service, dollars] of Object.entries(perMillion))
      figures[`cost.per_million_lifecycles.${service}_usd`] = round(dollars, 2);

    const n = (x: number) => x.toFixed(2).padStart(8);
    const lines = [
      `per operation (${tasks} metered lifecycles; the close of ${close.accounts} accounts):`,
      `${'operation'.padEnd(28)}${'DDB WRU'.padStart(8)}${'DDB RRU'.padStart(8)}${'events'.padStart(8)}${'SQS req'.padStart(8)}${'Lambda'.padStart(8)}${'GB-s'.padStart(8)}${'HTTP'.padStart(8)}${'e-mail'.padStart(8)}`,
      ...rows.map(
        ([name, b]) =>
          `${name.padEnd(28)}${n(b.dynamoWriteUnits)}${n(b.dynamoReadUnits)}${n(b.eventEntries)}${n(b.sqsRequests)}${n(b.lambdaInvocations)}${n(b.lambdaGbSeconds)}${n(b.httpRequests)}${n(b.emails)}`,
      ),
      `DynamoDB calls in the lifecycle run: ${Object.entries(
        mergeCalls(Object.values(used).map((u) => u.usage)),
      )
        .map(([op, count]) => `${op} ${count}`)
        .join(', ')}`,
      `cost of ${LIFECYCLES.toLocaleString('en')} task lifecycles at us-east-1 on-demand prices (${PRICE_LIST_DATE}):`,
      `  DynamoDB $${perMillion.dynamodb.toFixed(2)}, EventBridge $${perMillion.eventbridge.toFixed(2)}, SQS $${perMillion.sqs.toFixed(2)}, Lambda $${perMillion.lambda.toFixed(2)} (GB-s as measured locally: an upper bound), API Gateway $${perMillion.apigateway.toFixed(2)}: total $${perMillion.total.toFixed(2)}`,
    ];
    return { block: 'cost', figures, lines };
  } finally {
    await cloud.stop();
  }
};

const mergeCalls = (usages: Usage[]) => {
  const calls: Record<string, number> = {};
  for (const u of usages)
    for (const [op, count] of Object.entries(u.dynamoCalls)) calls[op] = (calls[op] ?? 0) + count;
  return calls;
};

/** Closes today as the admin and meters it until every payout is paid and e-mailed. */
async function meteredClose(
  cloud: LocalCloud,
  call: Call,
  adminToken: string,
  meter: RequestMeter,
) {
  const scan = tableReader(cloud.urls.dynamodb, process.env.AWS_REGION ?? 'us-east-1');
  const mailsBefore = (await scan(cloud.tables.accounting!, 'payout_mail')).length;
  const start = meter.snapshot();
  const requested = await call('POST', '/accounting/close-day', adminToken, {});
  if (requested.status !== 202)
    throw new Error(`close-day: ${requested.status} ${JSON.stringify(requested.body)}`);
  await cloud.settled(30 * 60_000);
  const usage = meter.since(start);
  const status = await call('GET', `/accounting/closes/${requested.body.date}`, adminToken);
  if (status.body.status !== 'done')
    throw new Error(`close not done: ${JSON.stringify(status.body)}`);
  const emails = (await scan(cloud.tables.accounting!, 'payout_mail')).length - mailsBefore;
  return { usage, accounts: Number(status.body.accounts_total), emails };
}
