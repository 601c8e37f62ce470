import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { DataOf, EventContract } from '#events';
import { userCreatedV1 } from '#events/auth/user.created.v1';
import { taskAssignedV1 } from '#events/tasker/task.assigned.v1';
import { taskCompletedV1 } from '#events/tasker/task.completed.v1';
import { logger } from '#shared/logger';
import { outboxRow } from '#shared/outbox/outbox';
import { eventsOfRow } from '../../../test/support/outbox-events';
import { scanTable } from '../../../test/support/table-scan';
import type { closeChunkRequestedV1 } from '#events/accounting/accounting.close_chunk_requested.v1';
import type { Changes } from '#shared/unit-of-work/changes';
import type { AccountingDeps, MailingDeps, Posted } from '../domain/ports';
import { RecordingMailer } from './recording-mailer';
import { runCloseChunk } from '../use-cases/run-close-chunk';
import type { RandomInt } from '../domain/pricing';
import { accountingTable, buildMailingDeps } from '../wiring';

export { RecordingMailer };
import { seededRandomInt } from '#shared/random';
import { asFunction } from '../../../test/support/iam';

/** Accounting on this file's DynamoDB Local table, with its randomness, clock and mailer fixed. */
export function testDeps(
  overrides: Partial<MailingDeps> & { random?: RandomInt } = {},
): MailingDeps {
  return buildMailingDeps({
    mailer: new RecordingMailer(),
    random: seededRandomInt(7),
    timeZone: 'UTC',
    senderEmail: 'payouts@uberpopug.test',
    ...overrides,
  });
}

/** The SQS body an EventBridge rule would deliver for one event, with its own event id. */
export function busMessageOf<C extends EventContract>(
  contract: C,
  data: DataOf<C>,
  now?: Date,
): string {
  const row = outboxRow(contract, data, { correlationId: `test-${randomUUID()}`, now });
  return JSON.stringify({
    source: row.source,
    'detail-type': row.detail_type,
    detail: JSON.parse(row.detail),
  });
}

/**
 * The events that make a popug an earner on `day`, as bus messages: hired at 01:00, a task
 * assigned at 09:00 (a fee) and completed at 10:00 (a reward).
 */
export function workdayEvents(day: string) {
  const at = (hour: number) => `${day}T${String(hour).padStart(2, '0')}:00:00.000Z`;
  return {
    at,
    hired: (id: string) =>
      busMessageOf(userCreatedV1, {
        id,
        email: `${id.slice(0, 8)}@uberpopug.test`,
        name: 'Popug',
        role: 'worker',
        active: true,
        revision: 1,
        changed_at: at(1),
      }),
    assigned: (taskId: string, userId: string) =>
      busMessageOf(taskAssignedV1, {
        id: taskId,
        user_id: userId,
        assignment_id: randomUUID(),
        assignment_seq: 1,
        assigned_at: at(9),
      }),
    completed: (taskId: string, userId: string) =>
      busMessageOf(taskCompletedV1, { id: taskId, user_id: userId, completed_at: at(10) }),
  };
}

type Consumer = (event: SQSEvent) => Promise<SQSBatchResponse>;

/**
 * The errors the consumer logs for its failed records, by message id (functions/shared/consumer
 * logs each before reporting the record failed): the queue learns only the ids, an operator
 * reads the errors, and so does `deliver`. Recorded for every batch of this file, concurrent
 * ones too, since message ids never repeat.
 */
const loggedErrors = new Map<string, Error>();
const logError = logger.error.bind(logger);
logger.error = ((message: string, ...extra: unknown[]) => {
  const details = extra[0] as { messageId?: string; error?: Error } | undefined;
  if (details?.messageId && details.error) loggedErrors.set(details.messageId, details.error);
  return logError(message, ...(extra as []));
}) as typeof logger.error;

/**
 * Delivers bodies as one SQS batch; returns the error of each record that failed, in the order
 * delivered (none: all applied), so a test can say why a record must fail, not only that one did.
 */
export async function deliver(consumer: Consumer, ...bodies: string[]): Promise<Error[]> {
  const records = bodies.map((body, i) => ({ messageId: `m${i}-${randomUUID()}`, body }));
  let failedIds: string[];
  try {
    // As the deployed consumer: every AWS call is held to its IAM policy (test/support/iam.ts).
    const response = await asFunction('ates-accounting-consumer', () =>
      consumer({ Records: records } as SQSEvent),
    );
    failedIds = response.batchItemFailures.map((failure) => failure.itemIdentifier);
  } catch (error) {
    // Powertools throws when every record of the batch failed.
    if (!(error as { recordErrors?: unknown[] }).recordErrors) throw error;
    failedIds = records.map((record) => record.messageId);
  }
  return failedIds.map(
    (id) => loggedErrors.get(id) ?? new Error(`record ${id} failed without a logged error`),
  );
}

export interface OutboxEvent {
  id: string;
  name: string;
  data: Record<string, unknown>;
  body: string;
}

/** Every event this file's Accounting table has written to its outbox. */
export async function outboxEvents(): Promise<OutboxEvent[]> {
  const rows = await scanTable(accountingTable(), 'outbox');
  return rows.flatMap(eventsOfRow).map(({ detailType, envelope, body }) => ({
    id: envelope.metadata.event_id,
    name: detailType,
    data: envelope.data,
    body,
  }));
}

/**
 * Plays the bus for Accounting's own events (close fan-out and payout e-mails): delivers each new
 * one once, in batches of 10, until none appear. `copies` delivers each that many times.
 */
export async function drainOwnEvents(
  consumer: Consumer,
  delivered: Set<string>,
  options: { copies?: number; names?: readonly string[] } = {},
) {
  const names = options.names ?? [
    'accounting.close_requested',
    'accounting.close_chunk_requested',
    'accounting.payout_mails_requested',
  ];
  for (;;) {
    const fresh = (await outboxEvents()).filter(
      (e) => names.includes(e.name) && !delivered.has(e.id),
    );
    if (fresh.length === 0) return;
    for (const event of fresh) delivered.add(event.id);
    const bodies = fresh.flatMap((e) => Array.from({ length: options.copies ?? 1 }, () => e.body));
    for (let i = 0; i < bodies.length; i += 10) {
      const failed = await deliver(consumer, ...bodies.slice(i, i + 10));
      if (failed.length > 0)
        throw new Error(
          `Accounting's own events failed: ${failed.map((e) => e.message).join('; ')}`,
        );
    }
  }
}

export interface LedgerCheck {
  userId: string;
  balance: number;
  entries: {
    kind: string;
    amount_cents: number;
    entry_id: string;
    task_id: string | null;
    business_date: string;
    /** A payout's statement, as the close stored it. */
    statement?: Record<
      | 'carried_in_cents'
      | 'fees_cents'
      | 'rewards_cents'
      | 'paid_out_cents'
      | 'carried_forward_cents',
      number
    >;
  }[];
}

/** Every account with its entries, straight from the table: what the invariants are checked on. */
export async function accountsWithLedgers(): Promise<Map<string, LedgerCheck>> {
  const items = await scanTable(accountingTable());
  const accounts = new Map<string, LedgerCheck>();
  for (const item of items.filter((i) => i.record_type === 'account'))
    accounts.set(item.user_id as string, {
      userId: item.user_id as string,
      balance: (item.balance_cents as number | undefined) ?? 0,
      entries: [],
    });
  for (const item of items.filter((i) => i.record_type === 'entry'))
    accounts.get(item.user_id as string)!.entries.push(item as never);
  return accounts;
}

/** The invariant every test ends with: each balance is the sum of its entries. */
export async function expectBalancesMatchLedgers(
  expect: (v: unknown) => { toBe(x: unknown): void },
) {
  for (const account of (await accountsWithLedgers()).values())
    expect(account.entries.reduce((sum, e) => sum + e.amount_cents, 0)).toBe(account.balance);
}

/**
 * A close chunk run as the consumer runs it, without committing what it leaves for the
 * consumer (its tally, the next request, the e-mail requests): a delivery that died after its
 * payouts. Commit the unit to finish it.
 */
export async function chunkRun(
  deps: AccountingDeps,
  request: DataOf<typeof closeChunkRequestedV1>,
  context: { correlationId: string },
): Promise<Changes> {
  const changes = deps.unitOfWork.begin(context);
  await runCloseChunk(deps, request, changes);
  return changes;
}

/**
 * A movement committed through the ledger's own writer, events and all (a test's given state),
 * its date noted as the first movement's when earlier, as the use cases that post do: a close
 * refuses a date before the first movement.
 */
export async function commitMovement(deps: AccountingDeps, posted: Posted): Promise<void> {
  await deps.ledger.recordMovementDate(posted.entry.businessDate);
  const changes = deps.unitOfWork.begin({ correlationId: `test-${randomUUID()}` });
  deps.ledger.posted(changes, posted);
  await deps.unitOfWork.commit(changes);
}
