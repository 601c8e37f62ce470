// Long because each way PutEvents can fail the relay (partly, throttled, too large, poison) has its case.
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineEvent } from '#events/contract';
import { taskAssignedV1 } from '#events/tasker/task.assigned.v1';
import { taskCompletedV1 } from '#events/tasker/task.completed.v1';
import { taskCreatedV1 } from '#events/tasker/task.created.v1';
import { taskCreatedV2 } from '#events/tasker/task.created.v2';
import {
  detailsOf,
  EventTooLargeError,
  MAX_EVENT_BYTES,
  outboxPut,
  outboxRow,
  packedRows,
} from './outbox';
import {
  MAX_ROW_EVENT_BYTES,
  PUT_EVENTS_MAX_BYTES,
  entrySize,
  type OutboxRow,
  type PlainOutboxRow,
} from './row';
import { chunksOf, PUT_EVENTS_AT_ONCE, RELAY_ATTEMPTS, relayStreamBatch } from './relay';
import { Changes } from '../unit-of-work/changes';
import { outboxPutsOf } from '../unit-of-work/outbox-puts';
// The meter's own sizing (DynamoDB's rules), so this test and the bench bill a row alike.
import { bytesOf } from '../../../bench/lib/index-writes';
import { streamEventOf } from '../../../local/dynamodb-streams/stream-records';

const eventBridge = mockClient(EventBridgeClient);
// The unit tier's files share their worker's modules: later files get the real client back.
afterAll(() => eventBridge.restore());
const client = new EventBridgeClient({ region: 'us-east-1' });
const noWait = async () => {};

let sequence = 100;
/**
 * The stream record of an item's write as Lambda delivers it: the image in the event's JSON,
 * where a Binary attribute (an outbox row's packed details) is base64 text.
 */
function insertOf(item: object, eventName: DynamoDBRecord['eventName'] = 'INSERT') {
  sequence += 1;
  const NewImage = marshall(item, { removeUndefinedValues: true });
  const [record] = streamEventOf(
    [{ eventName, dynamodb: { SequenceNumber: String(sequence), NewImage } }],
    'arn:aws:dynamodb:us-east-1:123456789012:table/ates-test/stream/1',
    'us-east-1',
  ).Records;
  return { ...record!, dynamodb: record!.dynamodb! };
}

/** One event's row as a command writes it: its detail packed. */
const written = (row: PlainOutboxRow) => packedRows([row])[0]!;

const completed = () =>
  outboxRow(
    taskCompletedV1,
    { id: randomUUID(), user_id: randomUUID(), completed_at: new Date().toISOString() },
    { correlationId: 'relay-test' },
  );

const streamOf = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });

/** `task.completed` events packed into outbox rows as a unit of work packs them. */
const completedRows = (
  moves: { id: string; user_id: string; completed_at: string }[],
  correlationId: string,
) => packedRows(moves.map((move) => outboxRow(taskCompletedV1, move, { correlationId })));

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
      ...rows.map((row) => insertOf(written(row))),
      insertOf({ pk: 'TASK#1', sk: 'TASK', record_type: 'task' }),
      insertOf(written(completed()), 'REMOVE'),
    );
    const result = await relayStreamBatch(event, { client, eventBusName: 'bus', backoff: noWait });

    expect(result).toMatchObject({ published: 23, batchItemFailures: [], permanent: 0 });
    const calls = eventBridge.commandCalls(PutEventsCommand);
    expect(calls.map((c) => c.args[0].input.Entries?.length)).toEqual([10, 10, 3]);
    expect(sentEntries().map((e) => e.Detail)).toEqual(rows.map((r) => r.detail));
    expect(sentEntries()[0]).toMatchObject({
      EventBusName: 'bus',
      Source: 'ates.tasker',
      DetailType: 'task.completed',
    });
  });

  it('publishes each event of a row that carries many, in order, beside single rows', async () => {
    eventBridge.on(PutEventsCommand).callsFake(async (input) => ({
      FailedEntryCount: 0,
      Entries: input.Entries.map(() => ({ EventId: randomUUID() })),
    }));
    const moves = Array.from({ length: 12 }, () => ({
      id: randomUUID(),
      user_id: randomUUID(),
      completed_at: new Date().toISOString(),
    }));
    const [batchRow] = completedRows(moves, 'batch');
    const single = completed();
    const result = await relayStreamBatch(
      streamOf(insertOf(written(single)), insertOf({ ...batchRow })),
      { client, eventBusName: 'bus', backoff: noWait },
    );

    expect(result).toMatchObject({ published: 13, batchItemFailures: [], permanent: 0 });
    const published = sentEntries().map((e) => JSON.parse(e.Detail!));
    expect(published.map((e) => e.data.id)).toEqual([
      JSON.parse(single.detail).data.id,
      ...moves.map((move) => move.id),
    ]);
    // Each event of the row keeps its own id: consumers dedupe them one by one.
    expect(new Set(published.map((e) => e.metadata.event_id)).size).toBe(13);
    expect(sentEntries().every((e) => e.DetailType === 'task.completed')).toBe(true);
  });

  it('writes a unit of work that publishes two kinds of event as one row, each published with its own type', async () => {
    eventBridge.on(PutEventsCommand).callsFake(async (input) => ({
      FailedEntryCount: 0,
      Entries: input.Entries.map(() => ({ EventId: randomUUID() })),
    }));
    const changes = new Changes({ correlationId: 'unit', now: new Date() });
    const id = randomUUID();
    changes
      .publish(taskCreatedV1, {
        id,
        title: 'Feed the popugs',
        description: 'both events of one unit',
      })
      .publish(taskCompletedV1, {
        id,
        user_id: randomUUID(),
        completed_at: new Date().toISOString(),
      });
    const rows = outboxPutsOf(changes, 'table');
    expect(rows).toHaveLength(1);
    const result = await relayStreamBatch(streamOf(insertOf({ ...rows[0]!.Put!.Item })), {
      client,
      eventBusName: 'bus',
      backoff: noWait,
    });
    expect(result).toMatchObject({ published: 2, batchItemFailures: [], permanent: 0 });
    expect(
      sentEntries().map((e) => [e.DetailType, JSON.parse(e.Detail!).metadata.event_name]),
    ).toEqual([
      ['task.created', 'task.created'],
      ['task.completed', 'task.completed'],
    ]);
  });

  it('publishes a row written before details were packed, each event as it was built', async () => {
    eventBridge.on(PutEventsCommand).callsFake(async (input) => ({
      FailedEntryCount: 0,
      Entries: input.Entries.map(() => ({ EventId: randomUUID() })),
    }));
    const first = completed();
    const second = outboxRow(
      taskCreatedV1,
      { id: randomUUID(), title: 'Old row', description: 'plain detail' },
      { correlationId: 'old-row' },
    );
    // The form every row had before issue 25, still in tables for 15 days after the change.
    const oldRow = {
      ...first,
      more_details: [second.detail],
      more_detail_types: [second.detail_type],
    };
    const result = await relayStreamBatch(streamOf(insertOf(oldRow)), {
      client,
      eventBusName: 'bus',
      backoff: noWait,
    });
    expect(result).toMatchObject({ published: 2, batchItemFailures: [], permanent: 0 });
    expect(sentEntries().map((e) => [e.DetailType, e.Detail])).toEqual([
      ['task.completed', first.detail],
      ['task.created', second.detail],
    ]);
  });

  it('publishes a stream batch of full batch rows, a few calls at once', async () => {
    let inFlight = 0;
    let most = 0;
    eventBridge.on(PutEventsCommand).callsFake(async (input) => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight -= 1;
      return { FailedEntryCount: 0, Entries: input.Entries.map(() => ({ EventId: randomUUID() })) };
    });
    const rows = Array.from({ length: 20 }, () => {
      const moves = Array.from({ length: 98 }, () => ({
        id: randomUUID(),
        user_id: randomUUID(),
        completed_at: new Date().toISOString(),
      }));
      const [row] = completedRows(moves, 'many');
      return insertOf({ ...row });
    });
    const result = await relayStreamBatch(streamOf(...rows), {
      client,
      eventBusName: 'bus',
      backoff: noWait,
    });

    expect(result).toMatchObject({ published: 20 * 98, batchItemFailures: [], permanent: 0 });
    expect(new Set(sentEntries().map((e) => JSON.parse(e.Detail!).metadata.event_id)).size).toBe(
      20 * 98,
    );
    expect(most).toBe(PUT_EVENTS_AT_ONCE);
  });

  it('packs no events into no row, and splits a unit too big for one row', () => {
    expect(packedRows([])).toEqual([]);
    const bulky = defineEvent({
      name: 'task.completed',
      version: 1,
      producer: 'tasker',
      consumers: [],
      description: 'not registered',
      schema: z.object({ note: z.string() }),
    });
    expect(() => outboxRow(bulky, { note: 'x' }, { correlationId: 'unregistered' })).toThrow(
      /not the registered contract/,
    );
    const many = Array.from({ length: Math.ceil(MAX_ROW_EVENT_BYTES / 150) }, () => ({
      id: randomUUID(),
      user_id: randomUUID(),
      completed_at: new Date().toISOString(),
    }));
    const rows = completedRows(many, 'big');
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) {
      const bytes = detailsOf(row).reduce((sum, detail) => sum + Buffer.byteLength(detail), 0);
      expect(bytes).toBeLessThanOrEqual(MAX_ROW_EVENT_BYTES);
      expect(row.details.byteLength).toBeLessThanOrEqual(MAX_ROW_EVENT_BYTES);
    }
    const ids = rows.flatMap((row) => detailsOf(row).map((d) => JSON.parse(d).data.id));
    expect(ids).toEqual(many.map((move) => move.id));
  });

  it('splits a unit of events that packing hardly shrinks, each row a writable item', () => {
    // Random text: deflate gains little, so the rows are as big as the limit lets them be.
    const noisy = Array.from({ length: Math.ceil(MAX_ROW_EVENT_BYTES / 12_000) + 1 }, () =>
      outboxRow(
        taskCreatedV1,
        { id: randomUUID(), title: 'noisy', description: randomBytes(9_000).toString('base64') },
        { correlationId: 'noisy' },
      ),
    );
    const rows = packedRows(noisy);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows[0]!.details.byteLength).toBeGreaterThan(MAX_ROW_EVENT_BYTES * 0.7);
    for (const row of rows) expect(bytesOf(row)).toBeLessThan(400 * 1024); // DynamoDB's item limit
    expect(rows.flatMap(detailsOf)).toEqual(noisy.map((row) => row.detail));
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
    const result = await relayStreamBatch(streamOf(...rows.map((r) => insertOf(written(r)))), {
      client,
      eventBusName: 'bus',
      backoff: noWait,
    });
    expect(result).toMatchObject({ published: 3, batchItemFailures: [], permanent: 0 });
    expect(sentEntries().map((e) => e.Detail)).toEqual([
      ...rows.map((r) => r.detail),
      rows[1]!.detail,
    ]);
  });

  it('reports the records still refused after every try, logging codes and keys but no content', async () => {
    const rows = [completed(), completed(), completed()];
    const refused = rows[1]!.detail;
    eventBridge.on(PutEventsCommand).callsFake(async (input) => ({
      FailedEntryCount: 1,
      Entries: input.Entries.map((entry: { Detail: string }) =>
        entry.Detail === refused
          ? { ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }
          : { EventId: randomUUID() },
      ),
    }));
    const records = rows.map((r) => insertOf(written(r)));
    const logged: Record<string, unknown>[] = [];
    const result = await relayStreamBatch(streamOf(...records), {
      client,
      eventBusName: 'bus',
      backoff: noWait,
      log: { warn: (_message, attributes) => logged.push(attributes), error: () => {} },
    });

    expect(result).toEqual({
      published: 2,
      batchItemFailures: [{ itemIdentifier: records[1]!.dynamodb.SequenceNumber }],
      // Only what went out counts as published (the events-published metric).
      bySource: new Map([['ates.tasker', 2]]),
      permanent: 0,
    });
    expect(logged).toHaveLength(RELAY_ATTEMPTS);
    expect(logged[0]).toMatchObject({
      rowKey: rows[1]!.pk,
      errorCode: 'InternalFailure',
      errorMessage: 'try again',
      sequenceNumber: records[1]!.dynamodb.SequenceNumber,
    });
    const text = JSON.stringify(logged);
    for (const row of rows) expect(text).not.toContain(JSON.parse(row.detail).data.user_id);
  });

  it('isolates a poison row: refused for good, it is tried once and reported alone while the rest of the batch is published', async () => {
    const rows = Array.from({ length: 5 }, completed);
    const poison = rows[1]!.detail;
    eventBridge.on(PutEventsCommand).callsFake(async (input) => ({
      FailedEntryCount: 1,
      Entries: input.Entries.map((entry: { Detail: string }) =>
        entry.Detail === poison
          ? { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is not valid JSON' }
          : { EventId: randomUUID() },
      ),
    }));
    const records = rows.map((r) => insertOf(written(r)));
    const errors: Record<string, unknown>[] = [];
    const result = await relayStreamBatch(streamOf(...records), {
      client,
      eventBusName: 'bus',
      backoff: noWait,
      log: { warn: () => {}, error: (_message, attributes) => errors.push(attributes) },
    });

    expect(result).toEqual({
      published: 4,
      batchItemFailures: [{ itemIdentifier: records[1]!.dynamodb.SequenceNumber }],
      // Only what went out counts as published (the events-published metric).
      bySource: new Map([['ates.tasker', 4]]),
      permanent: 1,
    });
    // One call: nothing temporary to try again, and the rows after the poison one went out.
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(1);
    expect(sentEntries().map((e) => e.Detail)).toEqual(rows.map((r) => r.detail));
    expect(errors).toEqual([
      expect.objectContaining({ errorCode: 'MalformedDetail', rowKey: rows[1]!.pk }),
    ]);
  });

  it('stops trying a throttled bus while the invocation still has time to answer', async () => {
    eventBridge.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }],
    });
    let remaining = 30_000;
    const record = insertOf(written(completed()));
    const result = await relayStreamBatch(streamOf(record), {
      client,
      eventBusName: 'bus',
      backoff: async () => {
        remaining -= 12_000; // each pause and try costs the invocation 12 s
      },
      remainingMs: () => remaining,
    });
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: record.dynamodb.SequenceNumber }]);
    // Tries with 30, 18 and 6 s left; after the next pause less than the reserve (5 s) is left.
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(3);
  });

  it('reports every record when every call fails, and loses nothing once the bus recovers', async () => {
    eventBridge
      .on(PutEventsCommand)
      .rejects(Object.assign(new Error('service unavailable'), { $fault: 'server' }));
    const rows = [completed(), completed()];
    const records = rows.map((r) => insertOf(written(r)));
    const event = streamOf(...records);
    const options = { client, eventBusName: 'bus', backoff: noWait };
    const failed = await relayStreamBatch(event, options);
    expect(failed.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(
      records.map((r) => r.dynamodb.SequenceNumber),
    );
    expect(eventBridge.commandCalls(PutEventsCommand).length).toBe(RELAY_ATTEMPTS);

    // The mapping hands the records back; now the bus takes them.
    eventBridge.reset();
    eventBridge.on(PutEventsCommand).callsFake(async (input) => ({
      FailedEntryCount: 0,
      Entries: input.Entries.map(() => ({ EventId: randomUUID() })),
    }));
    expect(await relayStreamBatch(event, options)).toMatchObject({
      published: 2,
      batchItemFailures: [],
      permanent: 0,
    });
    expect(sentEntries().map((e) => e.Detail)).toEqual(rows.map((r) => r.detail));
  });

  it('splits calls by bytes as well as by count: never more than 256 KB a call', async () => {
    eventBridge.on(PutEventsCommand).callsFake(async (input) => ({
      FailedEntryCount: 0,
      Entries: input.Entries.map(() => ({ EventId: randomUUID() })),
    }));
    // Six events of ~90 KB: two fit in a call, three do not.
    const rows = Array.from({ length: 6 }, () =>
      outboxRow(
        taskCreatedV1,
        { id: randomUUID(), title: 'big', description: 'x'.repeat(90 * 1024) },
        { correlationId: 'bytes' },
      ),
    );
    await relayStreamBatch(streamOf(...rows.map((r) => insertOf(written(r)))), {
      client,
      eventBusName: 'bus',
      backoff: noWait,
    });
    const calls = eventBridge.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries!);
    expect(calls.map((entries) => entries.length)).toEqual([2, 2, 2]);
    for (const entries of calls) {
      const bytes = entries.reduce((sum, entry) => sum + entrySize(entry), 0);
      expect(bytes).toBeLessThanOrEqual(PUT_EVENTS_MAX_BYTES);
    }
    expect(sentEntries().map((e) => e.Detail)).toEqual(rows.map((r) => r.detail));
  });

  it('chunks many small entries by ten and keeps their order', () => {
    const entries = Array.from({ length: 25 }, (_, i) => ({ entry: { Detail: `{"n":${i}}` } }));
    const chunks = chunksOf(entries);
    expect(chunks.map((c) => c.length)).toEqual([10, 10, 5]);
    expect(chunks.flat()).toEqual(entries);
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

  it("packs a unit's events in one Binary attribute: a task created and assigned is one item under 1 KB", () => {
    const changes = new Changes({ correlationId: randomUUID(), now: new Date() });
    const id = randomUUID();
    const assignee = randomUUID();
    const now = new Date().toISOString();
    changes
      .publish(taskCreatedV2, {
        id,
        title: 'Feed the popugs',
        jira_id: 'POPUG-1',
        description: 'twice a day, seeds only',
        assignee_id: assignee,
        status: 'open',
        created_at: now,
      })
      .publish(taskAssignedV1, {
        id,
        user_id: assignee,
        assignment_id: randomUUID(),
        assignment_seq: 1,
        assigned_at: now,
      });
    const [put] = outboxPutsOf(changes, 'table');
    const row = put!.Put!.Item as OutboxRow;
    expect(row).not.toHaveProperty('detail');
    expect(row.details).toBeInstanceOf(Uint8Array);
    // As plain JSON the same row is about 1.1 KB: two write units, four in its transaction.
    const plainBytes = detailsOf(row).reduce((sum, detail) => sum + Buffer.byteLength(detail), 0);
    expect(plainBytes).toBeGreaterThan(800);
    expect(bytesOf(row)).toBeLessThanOrEqual(1024);
    expect(detailsOf(row).map((detail) => JSON.parse(detail).metadata.event_name)).toEqual([
      'task.created',
      'task.assigned',
    ]);
  });

  it('refuses to pack a detail that is not one line of JSON', () => {
    const row = { ...completed(), detail: '{"note":\n"two lines"}' };
    expect(() => packedRows([row])).toThrow(/raw newline/);
  });

  it('refuses a 300 KB event when the command writes it, naming the event and the limit', () => {
    const huge = { id: randomUUID(), title: 'huge', description: 'x'.repeat(300 * 1024) };
    const write = () => outboxPut('table', taskCreatedV1, huge, { correlationId: 'c' });
    expect(write).toThrow(EventTooLargeError);
    expect(write).toThrow(new RegExp(`task.created is \\d+ bytes; .* at most ${MAX_EVENT_BYTES}`));
  });

  it('writes an event just under the limit', () => {
    const big = { id: randomUUID(), title: 'big', description: 'x'.repeat(190 * 1024) };
    expect(outboxRow(taskCreatedV1, big, { correlationId: 'c' }).detail.length).toBeGreaterThan(
      190 * 1024,
    );
  });

  it('refuses data that breaks the contract, so no consumer ever sees it', () => {
    expect(() =>
      outboxRow(taskCompletedV1, { id: 'not-a-uuid' } as never, { correlationId: 'c' }),
    ).toThrow();
  });
});
