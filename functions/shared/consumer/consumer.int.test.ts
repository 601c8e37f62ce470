// Long because each promise of the consumer (markers, races, batches, poison events) is checked on real DynamoDB.
import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { userCreatedV1 } from '#events/auth/user.created.v1';
import { taskCompletedV1 } from '#events/tasker/task.completed.v1';
import { createTables } from '../../../test/support/tables';
import {
  ConditionsFailed,
  documentClient,
  epochSeconds,
  guarded,
  daysFrom,
  type TransactItem,
} from '../dynamo';
import { outboxRow } from '../outbox/outbox';
import {
  createConsumerHandler,
  createEventProcessor,
  EventRejectedError,
  MAX_EFFECT_ITEMS,
  on,
  onAws,
} from './consumer';
import * as z from 'zod';
import { ARCHIVE_RETENTION_DAYS } from './replay-window';

const table = () => process.env.TASKER_TABLE!;

/** A reaction that counts deliveries it applied, so a duplicate shows up as a second count. */
const handler = createConsumerHandler({
  domain: 'tasker',
  tableName: table,
  subscriptions: [
    on(userCreatedV1, async ({ data }, changes) => {
      changes.write(countUp(data.id));
    }),
    on(taskCompletedV1, async () => {
      throw new Error('reaction failed');
    }),
  ],
  // AWS's own event (SES's bounce), with no aTES envelope: marked by EventBridge's id.
  awsSubscriptions: [
    onAws(
      'aws.ses',
      'Email Bounced',
      z.object({ who: z.string() }),
      async ({ detail }, changes) => {
        changes.write(countUp(detail.who));
      },
    ),
  ],
});

function sqsEventOf(...bodies: string[]): SQSEvent {
  return {
    Records: bodies.map((body, i) => ({ messageId: `m${i}`, body }) as SQSEvent['Records'][number]),
  };
}

function busMessage(row: ReturnType<typeof outboxRow>) {
  return JSON.stringify({
    id: randomUUID(),
    source: row.source,
    'detail-type': row.detail_type,
    detail: JSON.parse(row.detail),
  });
}

const newUser = () => ({
  id: randomUUID(),
  email: 'kiwi@uberpopug.test',
  name: 'Kiwi',
  role: 'worker' as const,
  active: true,
  revision: 1,
  changed_at: new Date().toISOString(),
});

async function appliedCount(id: string) {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: table(), Key: { pk: `COUNT#${id}`, sk: 'COUNT' } }),
  );
  return Item?.applied ?? 0;
}

describe('event consumer', () => {
  beforeAll(() => createTables());

  it('applies an event once even when the bus delivers it twice', async () => {
    const user = newUser();
    const message = busMessage(outboxRow(userCreatedV1, user, { correlationId: 'c1' }));
    expect(await handler(sqsEventOf(message))).toEqual({
      batchItemFailures: [],
    });
    expect(await handler(sqsEventOf(message, message))).toEqual({
      batchItemFailures: [],
    });
    expect(await appliedCount(user.id)).toBe(1);
  });

  it("applies AWS's event once by its EventBridge id, and reports one not in its shape or unknown", async () => {
    const who = randomUUID();
    const awsEvent = (detailType: string, detail: unknown) =>
      JSON.stringify({
        version: '0',
        id: randomUUID(),
        source: 'aws.ses',
        'detail-type': detailType,
        account: '000000000000',
        time: '2026-12-06T08:00:00Z',
        region: 'us-east-1',
        resources: [],
        detail,
      });
    const bounce = awsEvent('Email Bounced', { who });
    expect(await handler(sqsEventOf(bounce, bounce))).toEqual({ batchItemFailures: [] });
    expect(await appliedCount(who)).toBe(1);
    // Another bounce (its own id) applies; a detail out of shape and an unknown type fail alone.
    const result = await handler(
      sqsEventOf(
        awsEvent('Email Bounced', { whom: who }),
        awsEvent('Email Delivered', { who }),
        awsEvent('Email Bounced', { who }),
      ),
    );
    expect(result).toEqual({
      batchItemFailures: [{ itemIdentifier: 'm0' }, { itemIdentifier: 'm1' }],
    });
    expect(await appliedCount(who)).toBe(2);
  });

  it('reports only the failed records of a batch', async () => {
    const user = newUser();
    const good = busMessage(outboxRow(userCreatedV1, user, { correlationId: 'c2' }));
    const failing = busMessage(
      outboxRow(
        taskCompletedV1,
        { id: randomUUID(), user_id: user.id, completed_at: new Date().toISOString() },
        { correlationId: 'c2' },
      ),
    );
    const result = await handler(sqsEventOf(failing, good));
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm0' }] });
    expect(await appliedCount(user.id)).toBe(1);
  });

  it('keeps concurrent invocations apart: each batch reports its own failures', async () => {
    // The local cloud runs several batches of one consumer at once in one process (Lambda runs
    // them in separate instances): a batch processor shared by the module mixed their records up,
    // so one batch's failure was answered as the other's success and the message was lost.
    const batchOf = (prefix: string, bodies: string[]): SQSEvent => ({
      Records: bodies.map(
        (body, i) => ({ messageId: `${prefix}${i}`, body }) as SQSEvent['Records'][number],
      ),
    });
    const user = () =>
      busMessage(outboxRow(userCreatedV1, newUser(), { correlationId: 'concurrent' }));
    const failing = () =>
      busMessage(
        outboxRow(
          taskCompletedV1,
          { id: randomUUID(), user_id: randomUUID(), completed_at: new Date().toISOString() },
          { correlationId: 'concurrent' },
        ),
      );
    for (let round = 0; round < 5; round++) {
      const [withFailure, allGood] = await Promise.all([
        handler(batchOf('a', [user(), failing(), user()])),
        handler(batchOf('b', [user(), user(), user()])),
      ]);
      expect(withFailure).toEqual({ batchItemFailures: [{ itemIdentifier: 'a1' }] });
      expect(allGood).toEqual({ batchItemFailures: [] });
    }
  });

  it('refuses an event version nobody registered and a body that breaks its contract', async () => {
    const row = outboxRow(userCreatedV1, newUser(), { correlationId: 'c3' });
    const detail = JSON.parse(row.detail);
    const unknownVersion = JSON.stringify({
      source: row.source,
      'detail-type': row.detail_type,
      detail: { ...detail, metadata: { ...detail.metadata, event_version: 9 } },
    });
    const brokenData = JSON.stringify({
      source: row.source,
      'detail-type': row.detail_type,
      detail: { ...detail, data: { id: 'not-a-uuid' } },
    });
    const result = await handler(sqsEventOf(unknownVersion, brokenData, 'not json')).catch(
      (e) => e,
    );
    // Every record failed: Powertools throws so the whole batch goes back to the queue.
    expect(result).toBeInstanceOf(Error);
  });
});

/** The count item a user.created reaction adds one to. */
const countUp = (id: string): TransactItem => ({
  Update: {
    TableName: table(),
    Key: { pk: `COUNT#${id}`, sk: 'COUNT' },
    UpdateExpression: 'ADD applied :one',
    ExpressionAttributeValues: { ':one': 1 },
  },
});

/** An item keyed by the event (here: by its user), put once: what `markedBy` names. */
const keyedByEvent = (id: string): TransactItem =>
  guarded('welcome_is_new', {
    Put: {
      TableName: table(),
      Item: { pk: `WELCOME#${id}`, sk: 'WELCOME' },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  });

/** The `EVENT#` marker of a bus message's event, if one was written. */
async function markerOf(message: string) {
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: table(),
      Key: { pk: `EVENT#${JSON.parse(message).detail.metadata.event_id}`, sk: 'PROCESSED' },
    }),
  );
  return Item;
}

/** What DynamoDB's TTL does, done now: delete every item whose `expires_at` has passed. */
async function expireItemsAsOf(now: Date) {
  const { Items = [] } = await documentClient.send(
    new ScanCommand({
      TableName: table(),
      FilterExpression: 'expires_at <= :now',
      ExpressionAttributeValues: { ':now': epochSeconds(now) },
    }),
  );
  for (const item of Items) {
    await documentClient.send(
      new DeleteCommand({ TableName: table(), Key: { pk: item.pk, sk: item.sk } }),
    );
  }
  return Items.length;
}

describe('event consumer over time and at its limits', () => {
  beforeAll(() => createTables());

  it('changes nothing when the archive replays an event 31 days (or a year) later', async () => {
    let now = new Date('2026-01-05T10:00:00Z');
    const processEvent = createEventProcessor({
      tableName: table,
      subscriptions: [
        on(userCreatedV1, async ({ data }, changes) => {
          changes.write(countUp(data.id));
        }),
      ],
      clock: () => now,
    });
    const user = newUser();
    const message = busMessage(outboxRow(userCreatedV1, user, { correlationId: 'replay' }));
    expect(await processEvent(message)).toBe('applied');

    for (const days of [31, ARCHIVE_RETENTION_DAYS]) {
      now = daysFrom(new Date('2026-01-05T10:00:00Z'), days);
      await expireItemsAsOf(now);
      expect(await processEvent(message)).toBe('duplicate');
    }
    expect(await appliedCount(user.id)).toBe(1);
  });

  it('writes no marker for an effect keyed by the event, and takes its refused guard on redelivery and replay as a duplicate', async () => {
    let now = new Date('2026-01-05T10:00:00Z');
    let reactions = 0;
    const processEvent = createEventProcessor({
      tableName: table,
      subscriptions: [
        on(
          userCreatedV1,
          async ({ data }, changes) => {
            reactions++;
            changes.write(countUp(data.id), keyedByEvent(data.id));
          },
          { markedBy: 'welcome_is_new' },
        ),
      ],
      clock: () => now,
    });
    const user = newUser();
    const message = busMessage(outboxRow(userCreatedV1, user, { correlationId: 'own-marker' }));
    expect(await processEvent(message)).toBe('applied');
    expect(await markerOf(message)).toBeUndefined();
    const { Item: welcome } = await documentClient.send(
      new GetCommand({ TableName: table(), Key: { pk: `WELCOME#${user.id}`, sk: 'WELCOME' } }),
    );
    expect(welcome?.marks_event).toBe(JSON.parse(message).detail.metadata.event_id);

    expect(await processEvent(message)).toBe('duplicate');
    // Replayed from the archive after markers would have expired: the effect's item has not.
    now = daysFrom(now, ARCHIVE_RETENTION_DAYS);
    await expireItemsAsOf(now);
    expect(await processEvent(message)).toBe('duplicate');
    expect(reactions).toBe(3);
    expect(await appliedCount(user.id)).toBe(1);
  });

  it('commits the marker as usual when a reaction that marks by its effect records no such write', async () => {
    const processEvent = createEventProcessor({
      tableName: table,
      subscriptions: [
        on(
          userCreatedV1,
          async ({ data }, changes) => {
            changes.write(countUp(data.id));
          },
          { markedBy: 'welcome_is_new' },
        ),
      ],
    });
    const user = newUser();
    const message = busMessage(outboxRow(userCreatedV1, user, { correlationId: 'no-own-marker' }));
    expect(await processEvent(message)).toBe('applied');
    expect(await markerOf(message)).toBeDefined();
    expect(await processEvent(message)).toBe('duplicate');
    expect(await appliedCount(user.id)).toBe(1);
  });

  it('writes no marker for a reaction idempotent by state, and applies it once under redelivery, replay and two deliveries at once', async () => {
    let now = new Date('2026-01-05T10:00:00Z');
    const setOnce = (id: string) => ({ TableName: table(), Key: { pk: `ONCE#${id}`, sk: 'ONCE' } });
    const processEvent = createEventProcessor({
      tableName: table,
      subscriptions: [
        on(
          userCreatedV1,
          async ({ data }, changes) => {
            // A set-once field under a version lock, as a task fact's piece is merged.
            const { Item } = await documentClient.send(
              new GetCommand({ ...setOnce(data.id), ConsistentRead: true }),
            );
            if (Item?.name !== undefined) return;
            const version = Number(Item?.version ?? 0);
            changes.write(
              guarded('once_unchanged', {
                Put: {
                  TableName: table(),
                  Item: { ...setOnce(data.id).Key, name: data.name, version: version + 1 },
                  ConditionExpression:
                    version === 0 ? 'attribute_not_exists(pk)' : 'version = :read',
                  ...(version === 0 ? {} : { ExpressionAttributeValues: { ':read': version } }),
                },
              }),
            );
          },
          { idempotentByState: true },
        ),
      ],
      clock: () => now,
    });
    const user = newUser();
    const message = busMessage(outboxRow(userCreatedV1, user, { correlationId: 'by-state' }));
    // Two deliveries at once: one wins the lock, the other reads again and finds it applied.
    const outcomes = await Promise.all([processEvent(message), processEvent(message)]);
    expect(outcomes.sort()).toEqual(['applied', 'duplicate']);
    expect(await markerOf(message)).toBeUndefined();
    expect(await processEvent(message)).toBe('duplicate');
    now = daysFrom(now, ARCHIVE_RETENTION_DAYS);
    await expireItemsAsOf(now);
    expect(await processEvent(message)).toBe('duplicate');
    const { Item } = await documentClient.send(new GetCommand(setOnce(user.id)));
    expect(Item).toMatchObject({ name: user.name, version: 1 });
    expect(await markerOf(message)).toBeUndefined();
  });

  it('refuses, naming the event, a reaction with more writes than one transaction holds', async () => {
    const user = newUser();
    const processEvent = createEventProcessor({
      tableName: table,
      subscriptions: [
        on(userCreatedV1, async ({ data }, changes) => {
          changes.write(
            ...Array.from({ length: MAX_EFFECT_ITEMS + 1 }, (_, i) => countUp(`${data.id}-${i}`)),
          );
        }),
      ],
    });
    const row = outboxRow(userCreatedV1, user, { correlationId: 'too-big' });
    const eventId = JSON.parse(row.detail).metadata.event_id;
    const error = await processEvent(busMessage(row)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventRejectedError);
    expect((error as Error).message).toContain(`user.created@v1 ${eventId}`);
    expect((error as Error).message).toContain('100 items');
    expect(await appliedCount(`${user.id}-0`)).toBe(0);
  });

  it('applies a reaction of exactly the most writes a transaction leaves beside the marker', async () => {
    const user = newUser();
    const processEvent = createEventProcessor({
      tableName: table,
      subscriptions: [
        on(userCreatedV1, async ({ data }, changes) => {
          changes.write(
            ...Array.from({ length: MAX_EFFECT_ITEMS }, (_, i) => countUp(`${data.id}-${i}`)),
          );
        }),
      ],
    });
    const message = busMessage(outboxRow(userCreatedV1, user, { correlationId: 'full' }));
    expect(await processEvent(message)).toBe('applied');
    expect(await appliedCount(`${user.id}-${MAX_EFFECT_ITEMS - 1}`)).toBe(1);
  });

  it("rethrows a refusal by the reaction's own guard: that is no duplicate", async () => {
    const user = newUser();
    const processEvent = createEventProcessor({
      tableName: table,
      subscriptions: [
        on(userCreatedV1, async (_event, changes) => {
          changes.write(
            guarded('user_is_known', {
              ConditionCheck: {
                TableName: table(),
                Key: { pk: `USER#${randomUUID()}`, sk: 'USER' },
                ConditionExpression: 'attribute_exists(pk)',
              },
            }),
          );
        }),
      ],
    });
    const message = busMessage(outboxRow(userCreatedV1, user, { correlationId: 'guard' }));
    const error = await processEvent(message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConditionsFailed);
    expect((error as ConditionsFailed).failed('user_is_known')).toBe(true);
    const marker = await documentClient.send(
      new GetCommand({
        TableName: table(),
        Key: { pk: `EVENT#${JSON.parse(message).detail.metadata.event_id}`, sk: 'PROCESSED' },
      }),
    );
    expect(marker.Item).toBeUndefined();
  });

  it('reads again and applies, in the same delivery, when another write made its read stale', async () => {
    const user = newUser();
    const counter = { TableName: table(), Key: { pk: `VERSION#${user.id}`, sk: 'VERSION' } };
    let reactions = 0;
    const processEvent = createEventProcessor({
      tableName: table,
      subscriptions: [
        on(userCreatedV1, async (_event, changes) => {
          reactions++;
          const { Item } = await documentClient.send(new GetCommand(counter));
          const seen = (Item?.version as number | undefined) ?? 0;
          // The first time, another event's write lands between this read and the commit.
          if (reactions === 1) await bump(counter, seen);
          changes.write(
            guarded('version_unchanged', {
              Put: {
                ...counter,
                Item: { ...counter.Key, version: seen + 1 },
                ConditionExpression: 'attribute_not_exists(version) OR version = :seen',
                ExpressionAttributeValues: { ':seen': seen },
              },
            }),
          );
        }),
      ],
    });
    const message = busMessage(outboxRow(userCreatedV1, user, { correlationId: 'stale' }));
    expect(await processEvent(message)).toBe('applied');
    expect(reactions).toBe(2);
    const { Item } = await documentClient.send(new GetCommand(counter));
    expect(Item?.version).toBe(2);
  });

  it('reads again and applies when a transaction conflict outlasted the commit’s own retries', async () => {
    const user = newUser();
    let reactions = 0;
    const processEvent = createEventProcessor({
      tableName: table,
      subscriptions: [
        on(userCreatedV1, async ({ data }, changes) => {
          // Twice what AWS says when another transaction held the item all through commit().
          if (++reactions <= 2)
            throw new TransactionCanceledException({
              message: 'Transaction cancelled',
              $metadata: {},
              CancellationReasons: [{ Code: 'TransactionConflict' }],
            });
          changes.write(countUp(data.id));
        }),
      ],
    });
    const message = busMessage(outboxRow(userCreatedV1, user, { correlationId: 'conflict' }));
    expect(await processEvent(message)).toBe('applied');
    expect(reactions).toBe(3);
    expect(await appliedCount(user.id)).toBe(1);
  });
});

async function bump(counter: { TableName: string; Key: Record<string, string> }, seen: number) {
  await documentClient.send(
    new PutCommand({ ...counter, Item: { ...counter.Key, version: seen + 1 } }),
  );
}
