import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineEvent } from '#events/contract';
import { taskCompletedV1 } from '#events/tasker/task.completed.v1';
import { outboxRow } from './outbox';
import { relayStreamBatch } from './relay';

const eventBridge = mockClient(EventBridgeClient);
const client = new EventBridgeClient({ region: 'us-east-1' });
const noWait = async () => {};

let sequence = 100;
function insertOf(
  item: Record<string, unknown>,
  eventName: DynamoDBRecord['eventName'] = 'INSERT',
) {
  sequence += 1;
  return {
    eventName,
    dynamodb: {
      SequenceNumber: String(sequence),
      NewImage: marshall(item, { removeUndefinedValues: true }) as never,
    },
  } satisfies DynamoDBRecord;
}

const completed = () =>
  outboxRow(
    taskCompletedV1,
    { id: randomUUID(), user_id: randomUUID(), completed_at: new Date().toISOString() },
    { correlationId: 'relay-test' },
  );

const streamOf = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });

const sentEntries = () =>
  eventBridge.commandCalls(PutEventsCommand).flatMap((call) => call.args[0].input.Entries ?? []);

describe('outbox relay', () => {
  beforeEach(() => eventBridge.reset());

  it('publishes only outbox inserts, in calls of at most ten entries', async () => {
    eventBridge.on(PutEventsCommand).callsFake(async (input) => ({
      FailedEntryCount: 0,
      Entries: input.Entries.map(() => ({ EventId: randomUUID() })),
    }));
    const rows = Array.from({ length: 23 }, completed);
    const event = streamOf(
      ...rows.map((row) => insertOf({ ...row })),
      insertOf({ pk: 'TASK#1', sk: 'TASK', record_type: 'task' }),
      insertOf({ ...completed() }, 'REMOVE'),
    );
    const result = await relayStreamBatch(event, { client, eventBusName: 'bus', backoff: noWait });

    expect(result.batchItemFailures).toEqual([]);
    const calls = eventBridge.commandCalls(PutEventsCommand);
    expect(calls.map((c) => c.args[0].input.Entries?.length)).toEqual([10, 10, 3]);
    expect(sentEntries().map((e) => e.Detail)).toEqual(rows.map((r) => r.detail));
    expect(sentEntries()[0]).toMatchObject({
      EventBusName: 'bus',
      Source: 'ates.tasker',
      DetailType: 'task.completed',
    });
  });

  it('retries entries EventBridge refused until they get through', async () => {
    let refuseFirst = true;
    eventBridge.on(PutEventsCommand).callsFake(async (input) => {
      const entries = input.Entries.map((_: unknown, i: number) =>
        refuseFirst && i === 1 ? { ErrorCode: 'ThrottlingException' } : { EventId: randomUUID() },
      );
      refuseFirst = false;
      return {
        FailedEntryCount: entries.filter((e: { ErrorCode?: string }) => e.ErrorCode).length,
        Entries: entries,
      };
    });
    const rows = [completed(), completed(), completed()];
    const result = await relayStreamBatch(streamOf(...rows.map((r) => insertOf({ ...r }))), {
      client,
      eventBusName: 'bus',
      backoff: noWait,
    });
    expect(result.batchItemFailures).toEqual([]);
    expect(sentEntries().map((e) => e.Detail)).toEqual([
      ...rows.map((r) => r.detail),
      rows[1]!.detail,
    ]);
  });

  it('hands the batch back from the first entry that never got through, never dropping it', async () => {
    eventBridge.on(PutEventsCommand).rejects(new Error('service unavailable'));
    const records = [completed(), completed()].map((r) => insertOf({ ...r }));
    const result = await relayStreamBatch(streamOf(...records), {
      client,
      eventBusName: 'bus',
      backoff: noWait,
    });
    expect(result.batchItemFailures).toEqual([
      { itemIdentifier: records[0]!.dynamodb.SequenceNumber },
    ]);
    expect(eventBridge.commandCalls(PutEventsCommand).length).toBe(4);
  });
});

describe('outbox row', () => {
  it('refuses an event whose contract is not the one registered for its name and version', () => {
    const stray = defineEvent({
      name: 'task.completed',
      version: 1,
      producer: 'tasker',
      consumers: [],
      description: 'a look-alike nobody registered',
      schema: z.object({ id: z.string() }),
    });
    expect(() => outboxRow(stray, { id: 'x' }, { correlationId: 'c' })).toThrow(
      /not the registered contract/,
    );
  });

  it('refuses data that breaks the contract, so no consumer ever sees it', () => {
    expect(() =>
      outboxRow(taskCompletedV1, { id: 'not-a-uuid' } as never, { correlationId: 'c' }),
    ).toThrow();
  });
});
