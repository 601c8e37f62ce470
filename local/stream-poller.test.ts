import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { probeService } from '../test/fixtures/probe-service';
import { createTables } from '../test/support/tables';
import { silentLog } from './log';
import { StreamPoller, type StreamPollerOptions } from './stream-poller';
import { StreamPositions } from './stream-positions';

const dynamo = new DynamoDBClient({});
const streams = new DynamoDBStreamsClient({ endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB });
afterAll(() => {
  dynamo.destroy();
  streams.destroy();
});

describe('stream poller', () => {
  it('feeds the stream to the relay and reads again from the sequence number it reports failed', async () => {
    const [table] = await createTables([probeService]);
    const seen: string[][] = [];
    let failOnce = true;
    const relay = async (event: DynamoDBStreamEvent) => {
      seen.push(event.Records.map((r) => r.dynamodb!.NewImage!.pk!.S!));
      expect(event.Records[0]).toMatchObject({
        eventSource: 'aws:dynamodb',
        eventName: 'INSERT',
        eventSourceARN: table!.streamArn,
        dynamodb: { ApproximateCreationDateTime: expect.any(Number) },
      });
      if (failOnce && event.Records.length > 1) {
        failOnce = false;
        return {
          batchItemFailures: [{ itemIdentifier: event.Records[1]!.dynamodb!.SequenceNumber }],
        };
      }
      return { batchItemFailures: [] };
    };
    for (const pk of ['a', 'b', 'c']) {
      await dynamo.send(
        new PutItemCommand({ TableName: table!.name, Item: { pk: { S: pk }, sk: { S: 'x' } } }),
      );
    }
    const positions = new StreamPositions();
    const poller = new StreamPoller({
      client: streams,
      tableName: table!.name,
      streamArn: table!.streamArn!,
      region: 'us-east-1',
      freshTable: true,
      positions,
      relay,
      pollIntervalMs: 20,
      retryDelayMs: 20,
      log: silentLog,
    });
    poller.start();
    try {
      await vi.waitFor(() => expect(seen.flat().filter((pk) => pk === 'c')).toHaveLength(2));
    } finally {
      await poller.stop();
    }
    expect(seen).toEqual([
      ['a', 'b', 'c'],
      ['b', 'c'],
    ]);
  });

  it('keeps reading a batch the relay keeps failing — past the 10 retries infra once allowed — and never skips a row', async () => {
    const [table] = await createTables([probeService]);
    for (const pk of ['r1', 'r2', 'r3']) {
      await dynamo.send(
        new PutItemCommand({ TableName: table!.name, Item: { pk: { S: pk }, sk: { S: 'x' } } }),
      );
    }
    let calls = 0;
    const published: string[] = [];
    const poller = pollerOf(table!, async (event) => {
      if (++calls <= 12) throw new Error('the bus refuses');
      const pks = event.Records.map((r) => r.dynamodb!.NewImage!.pk!.S!);
      published.push(...pks.filter((pk) => pk.startsWith('r')));
      return { batchItemFailures: [] };
    });
    poller.start();
    try {
      await vi.waitFor(() => expect(published).toEqual(['r1', 'r2', 'r3']), { timeout: 10_000 });
    } finally {
      await poller.stop();
    }
    expect(calls).toBeGreaterThan(12); // bisecting may split the last tries
  });

  it('with shards, relays the rows of a read out of order and each at least once; a failure re-reads from the lowest failed row', async () => {
    const [table] = await createTables([probeService]);
    const written = Array.from({ length: 20 }, (_, i) => `k${String(i).padStart(2, '0')}`);
    for (const pk of written) {
      await dynamo.send(
        new PutItemCommand({ TableName: table!.name, Item: { pk: { S: pk }, sk: { S: 'x' } } }),
      );
    }
    const delivered: string[] = [];
    let invocations = 0;
    let failK07 = true;
    const poller = pollerOf(
      table!,
      async (event) => {
        invocations += 1;
        const pks = event.Records.map((r) => r.dynamodb!.NewImage!.pk!.S!).filter((pk) =>
          pk.startsWith('k'),
        );
        const k07 = event.Records.find((r) => r.dynamodb!.NewImage!.pk!.S === 'k07');
        if (failK07 && k07) {
          failK07 = false;
          delivered.push(...pks.slice(0, pks.indexOf('k07')));
          return { batchItemFailures: [{ itemIdentifier: k07.dynamodb!.SequenceNumber }] };
        }
        delivered.push(...pks);
        return { batchItemFailures: [] };
      },
      { shards: 4 },
    );
    poller.start();
    try {
      await vi.waitFor(() => expect(new Set(delivered)).toEqual(new Set(written)), {
        timeout: 10_000,
      });
    } finally {
      await poller.stop();
    }
    expect(invocations).toBeGreaterThan(2);
    const firstSeen = [...new Set(delivered)];
    expect(firstSeen).not.toEqual(written);
    expect(delivered.filter((pk) => pk === 'k07')).toHaveLength(1);
    expect(failK07).toBe(false);
  });
  it('halves a batch that throws (bisect on error), so the rows before a poison row are published', async () => {
    const [table] = await createTables([probeService]);
    for (const pk of ['p1', 'p2', 'p3', 'p4']) {
      await dynamo.send(
        new PutItemCommand({ TableName: table!.name, Item: { pk: { S: pk }, sk: { S: 'x' } } }),
      );
    }
    const published: string[][] = [];
    let poisonFails = 3;
    const poller = pollerOf(table!, async (event) => {
      const pks = event.Records.map((r) => r.dynamodb!.NewImage!.pk!.S!);
      if (pks.includes('p3') && poisonFails-- > 0) throw new Error('p3 is poison for a while');
      published.push(pks.filter((pk) => /^p\d$/.test(pk)));
      return { batchItemFailures: [] };
    });
    poller.start();
    try {
      await vi.waitFor(() => expect(published.flat()).toContain('p4'), { timeout: 10_000 });
    } finally {
      await poller.stop();
    }
    // p1 and p2 got out in a batch of their own while p3 still failed; nothing twice, none lost.
    expect(published.find((batch) => batch.includes('p1'))).not.toContain('p3');
    expect(published.flat()).toEqual(['p1', 'p2', 'p3', 'p4']);
  });
});

function pollerOf(
  table: { name: string; streamArn?: string },
  relay: (event: DynamoDBStreamEvent) => Promise<unknown>,
  extra: Partial<StreamPollerOptions> = {},
) {
  return new StreamPoller({
    client: streams,
    tableName: table.name,
    streamArn: table.streamArn!,
    region: 'us-east-1',
    freshTable: true,
    positions: new StreamPositions(),
    relay,
    pollIntervalMs: 20,
    retryDelayMs: 5,
    log: silentLog,
    ...extra,
  });
}
