import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import type { SQSEvent } from 'aws-lambda';
import { documentClient } from '#shared/dynamo';
import { addDays, businessDateOf } from '#shared/time/business-day';
import type { LocalCloud } from '../../local/cloud/local-cloud';
import { pollUntil } from './poll';
import { SINCE_THE_BEGINNING } from '../../functions/accounting/domain/account-days';
import { laneKeys } from '../../functions/accounting/store/account-store';
import { keys } from '../../functions/accounting/store/keys';
import { closeStatus } from '../../functions/accounting/use-cases/close-status';
import { accountingDeps } from '../../functions/accounting/wiring';

export interface CloseScaleFigures {
  accounts: number;
  seedSeconds: number;
  /** From the schedule firing to the last lane done. */
  closeSeconds: number;
  accountsPerSecond: number;
  /** The longest single invocation of Accounting's consumer (a batch of up to 10 messages). */
  longestInvocationMs: number;
  invocations: number;
  paidCount: number;
  paidTotalCents: number;
  carriedNegativeCount: number;
  /** From the schedule firing until every payout e-mail was sent and every queue was empty. */
  mailsSeconds: number;
  mails: number;
}

export const yesterday = () => addDays(businessDateOf(new Date(), accountingDeps().timeZone), -1);

/** Fires the daily-close schedule as EventBridge Scheduler would and waits for yesterday's close to be done. */
export async function closeYesterday(cloud: LocalCloud, timeoutMs: number) {
  const date = yesterday();
  await cloud.schedules.find((s) => s.name === 'daily-close')!.fire();
  return pollUntil(
    `the close of ${date}`,
    () => closeStatus(accountingDeps(), date),
    (status) => status.status === 'done',
    { timeoutMs, intervalMs: 250 },
  );
}

/** Accounts straight into the table: a third in credit, a third in debt, a third at zero. */
export async function seedAccounts(table: string, count: number) {
  const writes = Array.from({ length: count }, (_, i) => {
    const id = randomUUID();
    const balance = i % 3 === 0 ? 100 * (1 + (i % 97)) : i % 3 === 1 ? -100 * (1 + (i % 13)) : 0;
    return {
      PutRequest: {
        Item: {
          ...keys.account(id),
          record_type: 'account',
          user_id: id,
          email: `popug-${i}@uberpopug.test`,
          name: `Popug ${i}`,
          role: 'worker',
          user_revision: 1,
          balance_cents: balance,
          revision: balance === 0 ? 0 : 1,
          // Every day of the account is known (none after yesterday): the balance is yesterday's.
          recent_after: SINCE_THE_BEGINNING,
          gsi3pk: laneKeys(id)[':lane_pk'],
          gsi3sk: id,
        },
      },
    };
  });
  // The balances are yesterday's: the first movement was then, so yesterday can close.
  const firstMovement = {
    PutRequest: {
      Item: { ...keys.firstMovement, record_type: 'first_movement', first_date: yesterday() },
    },
  };
  const batches: Record<string, unknown>[][] = [[firstMovement]];
  for (let i = 0; i < writes.length; i += 25) batches.push(writes.slice(i, i + 25));
  for (let i = 0; i < batches.length; i += 16)
    await Promise.all(
      batches.slice(i, i + 16).map(async (batch) => {
        let pending: Record<string, unknown>[] = batch;
        while (pending.length > 0) {
          const { UnprocessedItems } = await documentClient.send(
            new BatchWriteCommand({ RequestItems: { [table]: pending } }),
          );
          pending = (UnprocessedItems?.[table] as Record<string, unknown>[] | undefined) ?? [];
        }
      }),
    );
}

/** Beyond the slowest close of the bench's 100,000 accounts yet (2,293 s): then the measure fails. */
const CLOSE_DEADLINE_MS = 60 * 60_000;

/** Moments of a measured close, for a caller that meters what happens between them. */
export interface CloseMoments {
  /** Seeded, just before the schedule fires. */
  fired?: () => void;
  /** Every lane done. */
  closed?: () => void;
  /** Every e-mail sent and every queue empty. */
  settled?: () => void;
}

/**
 * The daily close of `count` accounts on a running local cloud, fired by its own schedule, with
 * each invocation of Accounting's consumer timed. The cloud must run Accounting with SES and the
 * scheduler on; its table must be empty.
 */
export async function measureClose(
  cloud: LocalCloud,
  count: number,
  progress: (line: string) => void = () => {},
  moments: CloseMoments = {},
): Promise<CloseScaleFigures> {
  const table = cloud.tables.accounting!;
  const seedStart = Date.now();
  await seedAccounts(table, count);
  const seedSeconds = (Date.now() - seedStart) / 1000;
  progress(`seeded ${count} accounts in ${seedSeconds.toFixed(1)} s; firing the daily close`);

  const queue = cloud.queues.get('accounting')!;
  const consume = queue.options.consume;
  const durations: number[] = [];
  queue.options.consume = async (event: SQSEvent) => {
    const started = performance.now();
    try {
      return await consume(event);
    } finally {
      durations.push(performance.now() - started);
    }
  };

  const schedule = cloud.schedules.find(
    (s) => s.domain === 'accounting' && s.name === 'daily-close',
  );
  if (!schedule) throw new Error('the cloud runs no daily-close schedule');
  const date = yesterday();
  moments.fired?.();
  const started = Date.now();
  await schedule.fire();
  let reported = Date.now();
  const status = await pollUntil(
    `the close of ${date}`,
    async () => {
      const seen = await closeStatus(accountingDeps(), date);
      if (Date.now() - reported >= 10_000) {
        reported = Date.now();
        const seconds = (reported - started) / 1000;
        progress(
          `closing: ${seen.accounts_done} of ${seen.accounts_total} accounts after ${seconds.toFixed(0)} s (${(seen.accounts_done / seconds).toFixed(0)}/s)`,
        );
      }
      return seen;
    },
    (seen) => seen.status === 'done',
    { timeoutMs: CLOSE_DEADLINE_MS, intervalMs: 250 },
  );
  const closeSeconds = (Date.now() - started) / 1000;
  moments.closed?.();
  progress(`closed in ${closeSeconds.toFixed(1)} s; waiting for the payout e-mails to be sent`);
  await cloud.settled(CLOSE_DEADLINE_MS);
  const mailsSeconds = (Date.now() - started) / 1000;
  moments.settled?.();
  queue.options.consume = consume;
  const inbox = (await (await fetch(`${cloud.urls.sesInbox}/store`)).json()) as {
    emails: unknown[];
  };
  return {
    accounts: status.accounts_total,
    seedSeconds,
    closeSeconds,
    accountsPerSecond: status.accounts_done / closeSeconds,
    longestInvocationMs: Math.max(...durations),
    invocations: durations.length,
    paidCount: status.paid_count,
    paidTotalCents: status.paid_total_cents,
    carriedNegativeCount: status.carried_negative_count,
    mailsSeconds,
    mails: inbox.emails.length,
  };
}

/** One line a person can compare between runs. */
export const describeFigures = (f: CloseScaleFigures) =>
  `closed ${f.accounts} accounts in ${f.closeSeconds.toFixed(1)} s (${f.accountsPerSecond.toFixed(0)} accounts/s); ` +
  `longest single invocation ${(f.longestInvocationMs / 1000).toFixed(2)} s over ${f.invocations} invocations; ` +
  `paid ${f.paidCount} (${f.paidTotalCents} cents), carried ${f.carriedNegativeCount} negative; ` +
  `${f.mails} payout e-mails, all sent ${f.mailsSeconds.toFixed(1)} s after the schedule fired (seeding took ${f.seedSeconds.toFixed(1)} s)`;
