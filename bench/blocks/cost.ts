import { SERVICES } from '../../functions/services';
import { DEMO_COMPANY } from '../../local/cloud/seed-demo';
import {
  addDays,
  businessDateOf,
  startOfBusinessDate,
} from '../../functions/shared/time/business-day';
import { tableReader } from '../../scripts/soak/tables';
import type { Block } from '../lib/block';
import { benchCloud, type Call } from '../lib/cloud';
import {
  ASSUMED_INVOCATION_MS,
  billableOf,
  dollarsOf,
  perUnit,
  sumOf,
  type Billable,
} from '../lib/cost-model';
import { companyLine, companyOf } from '../lib/company';
import { DEFAULT_HIRED_WORKERS } from '../lib/company-size';
import { runLifecycle, type PhaseName } from '../lib/lifecycle';
import { progress, round } from '../lib/measure';
import { PRICE_LIST_DATE } from '../lib/prices';
import { indexesByTable } from '../lib/index-writes';
import { RequestMeter, type Usage } from '../lib/request-meter';
import { breakdownLines, readBreakdownLines, writeBreakdown } from '../lib/write-breakdown';
import type { LocalCloud } from '../../local/cloud/local-cloud';

const LIFECYCLES = 1_000_000;

/**
 * The cost model: a small lifecycle run (create, one reshuffle, complete) and a daily close on
 * the local cloud, every AWS request its handlers make counted (DynamoDB units, PutEvents
 * entries, SQS requests, Lambda invocations and duration, HTTP API requests, e-mails), per
 * business operation, and the price of 1,000,000 task lifecycles at on-demand prices.
 */
export const cost: Block = async ({ quick, workers = DEFAULT_HIRED_WORKERS }) => {
  const tasks = quick ? 100 : 1_000;
  const { cloud, call, tokens } = await benchCloud({ ses: true });
  try {
    const company = await companyOf({ cloud, call, adminToken: tokens.admin, workers });
    const people = company.people;
    // Every write is imaged so its index writes are billed as AWS bills them (the block counts,
    // it does not time).
    const meter = new RequestMeter(cloud, { indexes: indexesByTable(SERVICES, cloud.tables) });
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
    const close = await meteredClose(cloud, call, meter);

    const phases = (['create', 'reshuffle', 'complete'] as const).map((phase) => used[phase]!);
    const perTask = (phase: PhaseName) =>
      perUnit(billableOf(used[phase]!.usage, SERVICES), used[phase]!.tasks);
    const rows: [key: string, label: string, billable: Billable][] = [
      ['create', 'create a task', perTask('create')],
      ['reshuffle', 'reshuffle (per task moved)', perTask('reshuffle')],
      ['complete', 'complete a task', perTask('complete')],
    ];
    const lifecycle = sumOf(...rows.map(([, , b]) => b));
    rows.push(['lifecycle', 'one task lifecycle', lifecycle]);
    rows.push([
      'close_per_account',
      'daily close (per account)',
      perUnit(billableOf(close.usage, SERVICES, close.emails), close.accounts),
    ]);

    const million = perUnit(lifecycle, 1 / LIFECYCLES);
    const perMillion = dollarsOf(million);
    const perMillionAssumed = dollarsOf(million, { assumedDuration: true });
    const figures: Record<string, number> = { 'cost.company_size': company.size };
    for (const [key, , b] of rows) {
      for (const [name, value] of Object.entries(b))
        figures[`cost.${key}.${snake(name)}`] = round(value, 3);
    }
    for (const [service, dollars] of Object.entries(perMillion))
      figures[`cost.per_million_lifecycles.${service}_usd`] = round(dollars, 2);
    figures['cost.per_million_lifecycles.total_usd_at_assumed_lambda_duration'] = round(
      perMillionAssumed.total,
      2,
    );

    // Where one lifecycle's writes go: create + reshuffle (per task moved) + complete.
    const breakdown = writeBreakdown(phases.map((p) => ({ usage: p.usage, per: p.tasks })));
    figures['cost.lifecycle.item_writes'] = round(breakdown.total.items, 2);
    // Write units as billed: the tables' own and their indexes'.
    figures['cost.lifecycle.write_units'] = round(breakdown.total.billedUnits, 2);
    figures['cost.lifecycle.table_write_units'] = round(breakdown.total.units, 2);
    figures['cost.lifecycle.index_write_units'] = round(breakdown.total.indexUnits, 2);
    figures['cost.lifecycle.refused_item_writes'] = round(breakdown.refused.items, 2);
    figures['cost.lifecycle.refused_write_units'] = round(breakdown.refused.billedUnits, 2);
    // What the code writes whatever the races: the figure two runs (and issue 25) compare.
    figures['cost.lifecycle.item_writes_without_refused'] = round(breakdown.committed.items, 2);
    figures['cost.lifecycle.write_units_without_refused'] = round(
      breakdown.committed.billedUnits,
      2,
    );
    for (const [table, v] of Object.entries(breakdown.byTable)) {
      figures[`cost.lifecycle.${table}.item_writes`] = round(v.items, 2);
      figures[`cost.lifecycle.${table}.write_units`] = round(v.billedUnits, 2);
      figures[`cost.lifecycle.${table}.index_write_units`] = round(v.indexUnits, 2);
    }

    const writesByTable = sumCounts(phases.map((u) => u.usage.dynamoWriteUnitsByTable));
    const indexWritesByTable = sumCounts(phases.map((u) => u.usage.dynamoIndexWriteUnitsByTable));
    const n = (x: number) => x.toFixed(2).padStart(8);
    const usd = (x: number) => `$${x.toFixed(2)}`;
    const lines = [
      companyLine(company),
      `per operation (${tasks} metered lifecycles; the close of ${close.accounts} accounts, ${close.emails} e-mailed):`,
      `${'operation'.padEnd(28)}${'DDB WRU'.padStart(8)}${'idx WRU'.padStart(8)}${'DDB RRU'.padStart(8)}${'events'.padStart(8)}${'SQS req'.padStart(8)}${'Lambda'.padStart(8)}${'GB-s'.padStart(8)}${'HTTP'.padStart(8)}${'e-mail'.padStart(8)}`,
      ...rows.map(
        ([, label, b]) =>
          `${label.padEnd(28)}${n(b.dynamoWriteUnits)}${n(b.dynamoIndexWriteUnits)}${n(b.dynamoReadUnits)}${n(b.eventEntries)}${n(b.sqsRequests)}${n(b.lambdaInvocations)}${n(b.lambdaGbSeconds)}${n(b.httpRequests)}${n(b.emails)}`,
      ),
      `write units in the ${tasks}-task run by table, per task: ${Object.entries(writesByTable)
        .map(
          ([table, units]) =>
            `${table} ${(units / tasks).toFixed(1)} + ${((indexWritesByTable[table] ?? 0) / tasks).toFixed(1)} index`,
        )
        .join(', ')}`,
      `where one lifecycle's writes go (create + reshuffle per task moved + complete):`,
      ...breakdownLines(breakdown),
      `where one lifecycle's read units go (create + reshuffle per task moved + complete):`,
      ...readBreakdownLines(phases.map((p) => ({ usage: p.usage, per: p.tasks }))),
      `DynamoDB calls in the lifecycle run: ${listed(sumCounts(phases.map((u) => u.usage.dynamoCalls)))}; failed (billed, retried): ${listed(sumCounts(phases.map((u) => u.usage.dynamoFailedCalls))) || 'none'}`,
      `  why they failed: ${listed(sumCounts(phases.map((u) => u.usage.dynamoFailedReasons))) || 'none'}`,
      `cost of ${LIFECYCLES.toLocaleString('en')} task lifecycles at us-east-1 on-demand prices (${PRICE_LIST_DATE}):`,
      `  DynamoDB ${usd(perMillion.dynamodb)}, EventBridge ${usd(perMillion.eventbridge)}, SQS ${usd(perMillion.sqs)}, Lambda ${usd(perMillion.lambda)}, API Gateway ${usd(perMillion.apigateway)}: total ${usd(perMillion.total)}`,
      `  (Lambda duration as measured here, an upper bound; at ${ASSUMED_INVOCATION_MS} ms per invocation Lambda is ${usd(perMillionAssumed.lambda)} and the total ${usd(perMillionAssumed.total)})`,
    ];
    return { block: 'cost', figures, lines };
  } finally {
    await cloud.stop();
  }
};

const sumCounts = (counts: Record<string, number>[]) => {
  const sum: Record<string, number> = {};
  for (const c of counts) for (const [key, n] of Object.entries(c)) sum[key] = (sum[key] ?? 0) + n;
  return sum;
};

const listed = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([key, n]) => `${key} ${n}`)
    .join(', ');

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Closes today as the admin and meters it until every payout is paid and e-mailed. */
async function meteredClose(cloud: LocalCloud, call: Call, meter: RequestMeter) {
  const scan = tableReader(cloud.urls.dynamodb, process.env.AWS_REGION ?? 'us-east-1');
  const mailsBefore = (await scan(cloud.tables.accounting!, 'payout_mail')).length;
  // Only a day that is over can be closed: the day of the run ends (the business clock moves a
  // second past its midnight, as the soak's does) and the close of that day is requested.
  const timeZone = process.env.ATES_TIMEZONE || 'UTC';
  const today = businessDateOf(cloud.clock.now(), timeZone);
  cloud.clock.advance(
    startOfBusinessDate(addDays(today, 1), timeZone).getTime() +
      1_000 -
      cloud.clock.now().getTime(),
  );
  // Tokens of the day before may have run out on the way; the admin signs in on the new day.
  const admin = DEMO_COMPANY.find((person) => person.role === 'admin')!;
  const login = await call('POST', '/auth/login', undefined, {
    email: admin.email,
    password: admin.password,
  });
  if (login.status !== 200) throw new Error(`sign-in as admin: ${JSON.stringify(login.body)}`);
  const adminToken = login.body.token as string;
  const start = meter.snapshot();
  const requested = await call('POST', '/accounting/close-day', adminToken, { date: today });
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
