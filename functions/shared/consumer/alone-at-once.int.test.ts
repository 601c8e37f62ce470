import { randomUUID } from 'node:crypto';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { userCreatedV1 } from '#events/auth/user.created.v1';
import { userUpdatedV1 } from '#events/auth/user.updated.v1';
import { createTables } from '../../../test/support/tables';
import { documentClient } from '../dynamo';
import { logger } from '../logger';
import { outboxRow } from '../outbox/outbox';
import { pause } from '../time/pause';
import { createConsumerHandler, on } from './consumer';

/**
 * A batch's records that commit alone (close chunks, pages of e-mails, users' events) run at
 * once, beside the batch's group, and each one's log lines carry its own correlation id. The
 * grouped records' reactions run at once too, before their group commits.
 */

const table = () => process.env.TASKER_TABLE!;

/**
 * Where the records of a test meet: each waits, up to a second, for the others to have started.
 * Records run one after another never meet: the first gives up waiting for the next.
 */
let meeting: (() => Promise<void>) | undefined;
function meetingOf(count: number) {
  let arrived = 0;
  let everyoneArrived!: () => void;
  const everyone = new Promise<void>((resolve) => (everyoneArrived = resolve));
  meeting = async () => {
    if (++arrived === count) everyoneArrived();
    const gaveUp = pause(1000).then(() => {
      throw new Error(`${arrived} of ${count} records met: the others ran after this one`);
    });
    await Promise.race([everyone, gaveUp]);
  };
}

/** Reacts by meeting the others, then logs its user (`user.updated` in the batch's group). */
const react = async ({ data }: { data: { id: string } }) => {
  await meeting?.();
  // A turn for the others to write their lines between this record's start and its line.
  await pause(20);
  logger.info('reacted', { user: data.id });
};
const handler = createConsumerHandler({
  domain: 'tasker',
  tableName: table,
  subscriptions: [on(userCreatedV1, react), on(userUpdatedV1, react, { groupCommit: true })],
});

const user = () => ({
  id: randomUUID(),
  email: 'kiwi@uberpopug.test',
  name: 'Kiwi',
  role: 'worker' as const,
  active: true,
  revision: 1,
  changed_at: new Date().toISOString(),
});

/** An event of `user`'s, as SQS delivers it from the bus, caused by request `correlationId`. */
function message(contract: typeof userCreatedV1 | typeof userUpdatedV1, correlationId: string) {
  const row = outboxRow(contract, user(), { correlationId });
  return JSON.stringify({
    id: randomUUID(),
    source: row.source,
    'detail-type': row.detail_type,
    detail: JSON.parse(row.detail),
  });
}

const batchOf = (...bodies: string[]): SQSEvent => ({
  Records: bodies.map(
    (body) =>
      ({
        messageId: randomUUID(),
        body,
        attributes: { ApproximateReceiveCount: '1' },
      }) as SQSEvent['Records'][number],
  ),
});

/** Each `reacted` line written: its user and the correlation id it carries. */
function reactedLines() {
  // Tests log nothing (vitest.config.ts); these lines are read as Powertools writes them.
  logger.setLogLevel('INFO');
  const written = vi.spyOn(console, 'info').mockImplementation(() => undefined);
  return () =>
    written.mock.calls
      .map(([line]) => JSON.parse(String(line)) as Record<string, unknown>)
      .filter((line) => line.message === 'reacted')
      .map(({ user, correlation_id }) => ({ user, correlation_id }));
}

const correlationOf = (body: string) =>
  (JSON.parse(body) as { detail: { metadata: { correlation_id: string } } }).detail.metadata
    .correlation_id;
const userOf = (body: string) =>
  (JSON.parse(body) as { detail: { data: { id: string } } }).detail.data.id;

beforeAll(() => createTables());
afterEach(() => {
  meeting = undefined;
  logger.setLogLevel('SILENT');
  vi.restoreAllMocks();
});

describe("a batch's records that commit alone", () => {
  it('run at once: each of four starts before any has finished', async () => {
    meetingOf(4);
    const bodies = ['a', 'b', 'c', 'd'].map((request) => message(userCreatedV1, request));
    expect(await handler(batchOf(...bodies))).toEqual({ batchItemFailures: [] });
  });

  it("run beside the batch's group: a grouped record and two alone meet", async () => {
    meetingOf(3);
    const bodies = [
      message(userCreatedV1, 'alone-1'),
      message(userUpdatedV1, 'grouped'),
      message(userCreatedV1, 'alone-2'),
    ];
    expect(await handler(batchOf(...bodies))).toEqual({ batchItemFailures: [] });
  });

  it('write their log lines with their own correlation ids, in one batch and in two at once', async () => {
    const lines = reactedLines();
    const first = ['one-a', 'one-b', 'one-c'].map((request) => message(userCreatedV1, request));
    const second = [message(userCreatedV1, 'two-a'), message(userUpdatedV1, 'two-grouped')];
    // Two invocations at once, as the local cloud runs five in its one process.
    const answers = await Promise.all([handler(batchOf(...first)), handler(batchOf(...second))]);
    expect(answers).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);

    const expected = [...first, ...second].map((body) => ({
      user: userOf(body),
      correlation_id: correlationOf(body),
    }));
    expect(lines()).toHaveLength(expected.length);
    expect(lines()).toEqual(expect.arrayContaining(expected));
  });
});

describe("a batch's grouped records", () => {
  it('react at once: each of four starts before any has finished, and they commit in one transaction', async () => {
    meetingOf(4);
    const send = vi.spyOn(documentClient, 'send');
    const bodies = ['a', 'b', 'c', 'd'].map((request) => message(userUpdatedV1, request));
    expect(await handler(batchOf(...bodies))).toEqual({ batchItemFailures: [] });
    const transactions = send.mock.calls.filter(
      ([command]) => command instanceof TransactWriteCommand,
    );
    expect(transactions).toHaveLength(1);
  });
});
