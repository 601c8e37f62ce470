import { randomUUID } from 'node:crypto';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskCompletedV1 } from '#events/tasker/task.completed.v1';
import { commit, documentClient } from '#shared/dynamo';
import { detailsOf, outboxPut, outboxRow, packedRows, type OutboxRow } from '#shared/outbox/outbox';
import type { BusEvent } from '../../local/eventbridge/local-bus';
import { startEventBridgeServer } from '../../local/eventbridge/eventbridge-server';
import { Faults } from '../../local/faults/faults';
import type { RunningServer } from '../../local/cloud/http-io';
import { createTables } from '../../test/support/tables';
import { runRepublishCli } from './cli';
import { republish } from './republish';

const table = () => process.env.TASKER_TABLE!;
const received: BusEvent[] = [];
let bus: RunningServer;
let eventBridge: EventBridgeClient;

/** Writes one task.completed outbox row as a command would, at the given event time. */
async function eventAt(time: string) {
  const put = outboxPut(
    table(),
    taskCompletedV1,
    { id: randomUUID(), user_id: randomUUID(), completed_at: time },
    { correlationId: 'republish', now: new Date(time) },
  );
  await commit([put]);
  return detailsOf(put.Put!.Item as OutboxRow)[0]!;
}

const eventIdOf = (detail: unknown) =>
  (typeof detail === 'string' ? JSON.parse(detail) : detail).metadata.event_id as string;

describe('npm run republish', () => {
  const inRange: string[] = [];

  beforeAll(async () => {
    await createTables();
    // The local cloud's own EventBridge: the real SDK call, over HTTP, as against AWS.
    bus = await startEventBridgeServer({
      port: 0,
      region: 'us-east-1',
      busName: 'ates-test',
      publish: (event) => received.push(event),
    });
    eventBridge = new EventBridgeClient({ endpoint: bus.url, region: 'us-east-1' });
    await eventAt('2026-11-24T23:59:59.999Z');
    for (let minute = 10; minute < 35; minute++) {
      inRange.push(await eventAt(`2026-11-25T09:${minute}:00.000Z`));
    }
    // A reshuffle-style row: three events in one row, each put on the bus again.
    const context = { correlationId: 'republish', now: new Date('2026-11-25T09:40:00.000Z') };
    const [batch] = packedRows(
      [1, 2, 3].map(() =>
        outboxRow(
          taskCompletedV1,
          { id: randomUUID(), user_id: randomUUID(), completed_at: '2026-11-25T09:40:00.000Z' },
          context,
        ),
      ),
    );
    await commit([
      {
        Put: { TableName: table(), Item: batch!, ConditionExpression: 'attribute_not_exists(pk)' },
      },
    ]);
    inRange.push(...detailsOf(batch!));
    // A row written before details were packed: plain JSON, two events, published the same.
    const plain = [1, 2].map(() =>
      outboxRow(
        taskCompletedV1,
        { id: randomUUID(), user_id: randomUUID(), completed_at: '2026-11-25T09:45:00.000Z' },
        { correlationId: 'republish', now: new Date('2026-11-25T09:45:00.000Z') },
      ),
    );
    const oldRow = { ...plain[0]!, more_details: [plain[1]!.detail] };
    await commit([
      {
        Put: { TableName: table(), Item: oldRow, ConditionExpression: 'attribute_not_exists(pk)' },
      },
    ]);
    inRange.push(oldRow.detail, plain[1]!.detail);
    await eventAt('2026-11-25T10:00:00.001Z');
    // A state row in the range is no event.
    await documentClient.send(
      new PutCommand({
        TableName: table(),
        Item: {
          pk: 'TASK#x',
          sk: 'TASK',
          record_type: 'task',
          created_at: '2026-11-25T09:30:00.000Z',
        },
      }),
    );
  });

  afterAll(async () => {
    eventBridge?.destroy();
    await bus?.close();
  });

  it('puts exactly the outbox rows of the range on the bus again, the same events', async () => {
    received.length = 0;
    const lines: string[] = [];
    const result = await republish({
      tableName: table(),
      eventBusName: 'ates-test',
      from: new Date('2026-11-25T00:00:00Z'),
      to: new Date('2026-11-25T10:00:00Z'),
      dynamo: documentClient,
      eventBridge,
      progress: (line) => lines.push(line),
    });
    expect(result).toMatchObject({ found: 27, published: 30 });
    expect(received.map((e) => eventIdOf(e.detail)).sort()).toStrictEqual(
      inRange.map(eventIdOf).sort(),
    );
    // The same events, not only the same ids: each detail as the command built it.
    expect(received.map((e) => JSON.stringify(e.detail)).sort()).toStrictEqual([...inRange].sort());
    expect(
      received.every((e) => e.source === 'ates.tasker' && e['detail-type'] === 'task.completed'),
    ).toBe(true);
    expect(lines.at(-1)).toMatch(/27 outbox rows in range · 30 events published/);
  });

  it('stops with what it published so far when EventBridge keeps refusing events', async () => {
    // Every entry refused on every try.
    const refusing = await startEventBridgeServer({
      port: 0,
      region: 'us-east-1',
      busName: 'ates-test',
      publish: () => {},
      faults: new Faults({ putEventsEntryFailure: 1 }),
    });
    const client = new EventBridgeClient({ endpoint: refusing.url, region: 'us-east-1' });
    try {
      await expect(
        republish({
          tableName: table(),
          eventBusName: 'ates-test',
          from: new Date('2026-11-25T09:20:00Z'),
          to: new Date('2026-11-25T09:24:59Z'),
          dynamo: documentClient,
          eventBridge: client,
          backoff: async () => {},
          progress: () => {},
        }),
      ).rejects.toThrow(
        /5 of 5 events of this page were refused by EventBridge \(InternalFailure\); 0 published/,
      );
    } finally {
      client.destroy();
      await refusing.close();
    }
  });

  it('counts without putting on a dry run', async () => {
    received.length = 0;
    const result = await republish({
      tableName: table(),
      eventBusName: 'ates-test',
      from: new Date('2026-11-24T00:00:00Z'),
      to: new Date('2026-11-26T00:00:00Z'),
      dynamo: documentClient,
      eventBridge,
      dryRun: true,
      progress: () => {},
    });
    expect(result).toMatchObject({ found: 29, published: 0 });
    expect(received).toHaveLength(0);
  });

  it('runs from the command line, with the table from the domain’s environment variable', async () => {
    received.length = 0;
    let out = '';
    const code = await runRepublishCli(
      ['--domain', 'tasker', '--from', '2026-11-25T09:20:00Z', '--to', '2026-11-25T09:24:59Z'],
      {
        out: (text) => (out += text),
        err: (text) => (out += text),
        env: { TASKER_TABLE: table(), EVENT_BUS_NAME: 'ates-test' },
        clients: { dynamo: documentClient, eventBridge },
      },
    );
    expect(code).toBe(0);
    expect(received).toHaveLength(5);
    expect(out).toContain('Done: 5 rows republished, 5 events');
  });

  it('refuses a missing range or an unknown domain with the usage', async () => {
    for (const argv of [
      ['--domain', 'billing', '--from', '2026-11-25T09:00:00Z', '--to', '2026-11-25T10:00:00Z'],
      ['--domain', 'tasker', '--from', 'yesterday', '--to', '2026-11-25T10:00:00Z'],
      ['--domain', 'tasker', '--from', '2026-11-25T11:00:00Z', '--to', '2026-11-25T10:00:00Z'],
    ]) {
      let err = '';
      const code = await runRepublishCli(argv, {
        out: () => {},
        err: (text) => (err += text),
        env: { TASKER_TABLE: table(), EVENT_BUS_NAME: 'ates-test' },
        clients: { dynamo: documentClient, eventBridge },
      });
      expect(code).toBe(2);
      expect(err).toContain('Usage: npm run republish');
    }
  });
});
