// Long because each behaviour of the Streams mapping that docs/local-cloud.md lists has its test here, on one table.
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { taskCompletedV1 } from '#events/tasker/task.completed.v1';
import { documentClient } from '#shared/dynamo';
import { outboxRow, packedRows } from '#shared/outbox/outbox';
import { wakesRelay } from '#shared/outbox/delivery';
import { relayStreamBatch } from '#shared/outbox/relay';
import { probeService } from '../../test/fixtures/probe-service';
import { createTables } from '../../test/support/tables';
import { silentLog } from '../cloud/log';
import { startEventBridgeServer } from '../eventbridge/eventbridge-server';
import type { BusEvent } from '../eventbridge/local-bus';
import { LOCAL_RELAY_MAPPING } from './cloud-pollers';
import { StreamPoller, type StreamBatchPointer, type StreamPollerOptions } from './stream-poller';
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
      mapping: LOCAL_RELAY_MAPPING,
      onFailure: () => expect.fail('nothing here runs out of retries'),
      log: silentLog,
    });
    poller.start();
    try {
      // vi.waitFor's default second is too short on a loaded machine; the retry is 20 ms away.
      await vi.waitFor(() => expect(seen.flat().filter((pk) => pk === 'c')).toHaveLength(2), {
        timeout: 10_000,
      });
    } finally {
      await poller.stop();
    }
    expect(seen).toEqual([
      ['a', 'b', 'c'],
      ['b', 'c'],
    ]);
  });

  it('keeps reading a batch the relay fails for a while, and never skips a row', async () => {
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

  it('isolates a poison row: the rows around it are published, and after the retries a pointer from it goes to the on-failure queue while the shard moves on', async () => {
    const [table] = await createTables([probeService]);
    const put = (pk: string) =>
      dynamo.send(
        new PutItemCommand({ TableName: table!.name, Item: { pk: { S: pk }, sk: { S: 'x' } } }),
      );
    for (const pk of ['q1', 'q2', 'q3', 'q4']) await put(pk);
    const published = new Set<string>();
    const pointers: StreamBatchPointer[] = [];
    let poisonSequence = '';
    // As the relay answers: everything else published, the poison row's record reported.
    const poller = pollerOf(
      table!,
      async (event) => {
        const failures = [];
        for (const record of event.Records) {
          const pk = record.dynamodb!.NewImage!.pk!.S!;
          if (pk === 'q2') {
            poisonSequence = record.dynamodb!.SequenceNumber!;
            failures.push({ itemIdentifier: poisonSequence });
          } else if (pk.startsWith('q')) published.add(pk);
        }
        return { batchItemFailures: failures };
      },
      { onFailure: (pointer) => pointers.push(pointer) },
    );
    poller.start();
    try {
      await vi.waitFor(() => expect(pointers).toHaveLength(1), { timeout: 20_000 });
      await put('q5'); // the shard moves on past the poison row
      await vi.waitFor(() => expect(published).toContain('q5'), { timeout: 10_000 });
    } finally {
      await poller.stop();
    }
    expect([...published].sort()).toEqual(['q1', 'q3', 'q4', 'q5']);
    expect(pointers[0]!.DDBStreamBatchInfo).toMatchObject({
      startSequenceNumber: poisonSequence,
      streamArn: table!.streamArn,
    });
    expect(pointers[0]!.requestContext.approximateInvokeCount).toBe(
      LOCAL_RELAY_MAPPING.retryAttempts + 1,
    );
  });
});

describe('stream poller: what the relay is handed', () => {
  it('gives a Binary attribute as base64 text, as Lambda does, and the relay publishes packed and plain rows as they were built', async () => {
    const [table] = await createTables([probeService]);
    const received: BusEvent[] = [];
    const bus = await startEventBridgeServer({
      port: 0,
      region: 'us-east-1',
      busName: 'ates-test',
      publish: (event) => received.push(event),
    });
    const eventBridge = new EventBridgeClient({ endpoint: bus.url, region: 'us-east-1' });
    const events = [1, 2, 3].map(() =>
      outboxRow(
        taskCompletedV1,
        { id: randomUUID(), user_id: randomUUID(), completed_at: new Date().toISOString() },
        { correlationId: 'stream-binary' },
      ),
    );
    const [packed] = packedRows(events.slice(0, 2));
    // The last as a row was written before details were packed: its detail plain.
    for (const item of [packed!, events[2]!]) {
      await documentClient.send(new PutCommand({ TableName: table!.name, Item: item }));
    }
    const images: Record<string, unknown>[] = [];
    const poller = pollerOf(table!, async (event) => {
      // Lambda's event is JSON: nothing but JSON may reach the relay.
      expect(JSON.parse(JSON.stringify(event))).toEqual(event);
      images.push(...event.Records.map((r) => r.dynamodb!.NewImage! as Record<string, unknown>));
      return relayStreamBatch(event, {
        client: eventBridge,
        eventBusName: 'ates-test',
        backoff: async () => {},
      });
    });
    poller.start();
    try {
      await vi.waitFor(() => expect(received).toHaveLength(3), { timeout: 10_000 });
    } finally {
      await poller.stop();
      eventBridge.destroy();
      await bus.close();
    }
    const image = images.find((i) => (i.pk as { S: string }).S === packed!.pk);
    expect(image?.details).toEqual({ B: Buffer.from(packed!.details).toString('base64') });
    expect(received.map((e) => JSON.stringify(e.detail)).sort()).toEqual(
      events.map((e) => e.detail).sort(),
    );
  });
});

describe('stream poller: woken', () => {
  /** The streams client, counting GetRecords calls and how many of them ever ran at once. */
  function countingClient() {
    const counts = { getRecords: 0, inFlight: 0, maxInFlight: 0 };
    let beforeRead: (() => void) | undefined;
    const client = {
      send: async (command: { constructor: { name: string } }) => {
        if (command.constructor.name !== 'GetRecordsCommand') return streams.send(command as never);
        counts.getRecords += 1;
        counts.inFlight += 1;
        counts.maxInFlight = Math.max(counts.maxInFlight, counts.inFlight);
        beforeRead?.();
        try {
          return await streams.send(command as never);
        } finally {
          counts.inFlight -= 1;
        }
      },
    } as unknown as DynamoDBStreamsClient;
    return { client, counts, onRead: (hook?: () => void) => (beforeRead = hook) };
  }

  /** Resolves once a round that started after now has found the stream drained. */
  const nextDrainedRound = async (poller: StreamPoller) => {
    const after = poller.drainedAt;
    await vi.waitFor(() => expect(poller.drainedAt).toBeGreaterThan(after), {
      timeout: 2_000,
      interval: 5,
    });
  };

  it('relays a write at once when woken, though its pause between polls is ten minutes', async () => {
    const [table] = await createTables([probeService]);
    const seen: string[] = [];
    const poller = pollerOf(
      table!,
      async (event) => {
        // The probe table is shared by this file's tests: only this test's rows count.
        const pks = event.Records.map((r) => r.dynamodb!.NewImage!.pk!.S!);
        seen.push(...pks.filter((pk) => pk.startsWith('w')));
        return { batchItemFailures: [] };
      },
      { pollIntervalMs: 600_000 },
    );
    poller.start();
    try {
      await vi.waitFor(() => expect(poller.drainedAt).toBeGreaterThan(0), { timeout: 5_000 });
      await dynamo.send(
        new PutItemCommand({ TableName: table!.name, Item: { pk: { S: 'w1' }, sk: { S: 'x' } } }),
      );
      // Not before the wake: the poller is in its ten-minute pause.
      await new Promise((r) => setTimeout(r, 100));
      expect(seen).toEqual([]);
      poller.wake();
      // Within seconds, against the ten-minute pause (no figure: a loaded machine is slow).
      await vi.waitFor(() => expect(seen).toEqual(['w1']), { timeout: 10_000, interval: 5 });
    } finally {
      await poller.stop();
    }
  });

  it('coalesces wakes: a burst makes one round, wakes during a round one more, and no shard is read twice at once', async () => {
    const [table] = await createTables([probeService]);
    const { client, counts, onRead } = countingClient();
    const poller = pollerOf(table!, async () => ({ batchItemFailures: [] }), {
      client,
      pollIntervalMs: 600_000,
    });
    poller.start();
    try {
      await vi.waitFor(() => expect(poller.drainedAt).toBeGreaterThan(0), { timeout: 5_000 });
      // One wake: one round reads every shard once.
      let before = counts.getRecords;
      poller.wake();
      await nextDrainedRound(poller);
      const readsPerRound = counts.getRecords - before;
      expect(readsPerRound).toBeGreaterThan(0);

      // A hundred wakes in one go: still one round.
      before = counts.getRecords;
      for (let i = 0; i < 100; i++) poller.wake();
      await nextDrainedRound(poller);
      await new Promise((r) => setTimeout(r, 100));
      expect(counts.getRecords - before).toBe(readsPerRound);

      // Wakes while a round reads (the write may have come after the read): exactly one more round.
      before = counts.getRecords;
      let wokenDuringRead = false;
      onRead(() => {
        if (wokenDuringRead) return;
        wokenDuringRead = true;
        for (let i = 0; i < 10; i++) poller.wake();
      });
      poller.wake();
      await vi.waitFor(() => expect(counts.getRecords - before).toBe(2 * readsPerRound), {
        timeout: 2_000,
        interval: 5,
      });
      await new Promise((r) => setTimeout(r, 100));
      expect(counts.getRecords - before).toBe(2 * readsPerRound);
      expect(counts.maxInFlight).toBe(1);
    } finally {
      onRead(undefined);
      await poller.stop();
    }
  });

  it('stops at once though it is in a long pause', async () => {
    const [table] = await createTables([probeService]);
    const poller = pollerOf(table!, async () => ({ batchItemFailures: [] }), {
      pollIntervalMs: 600_000,
    });
    poller.start();
    await vi.waitFor(() => expect(poller.drainedAt).toBeGreaterThan(0), { timeout: 5_000 });
    // Stopped within seconds, against the ten-minute pause it was in (no figure asserted).
    const stopped = await Promise.race([
      poller.stop().then(() => 'stopped'),
      new Promise((resolve) => setTimeout(resolve, 20_000, 'still pausing')),
    ]);
    expect(stopped).toBe('stopped');
  });
});

describe("the relay mapping's filter", () => {
  it('invokes the relay only for outbox inserts: a read of state rows alone invokes nothing', async () => {
    const [table] = await createTables([probeService]);
    const invocations: string[][] = [];
    const poller = pollerOf(
      table!,
      async (event) => {
        invocations.push(event.Records.map((r) => r.dynamodb!.NewImage!.pk!.S!));
        return { batchItemFailures: [] };
      },
      // From the stream's newest record: this file's other cases wrote outbox rows before.
      { wakes: wakesRelay, freshTable: false },
    );
    poller.start();
    try {
      await vi.waitFor(() => expect(poller.drainedAt).toBeGreaterThan(0), { timeout: 10_000 });
      // State rows, and a state row's update: no invocation, though the stream has them.
      for (const pk of ['state-1', 'state-2']) {
        await dynamo.send(
          new PutItemCommand({
            TableName: table!.name,
            Item: { pk: { S: pk }, sk: { S: 'x' }, record_type: { S: 'account' } },
          }),
        );
      }
      // A round that began after the writes found the stream drained: the rows were read.
      const written = Date.now();
      await vi.waitFor(() => expect(poller.drainedAt).toBeGreaterThan(written), {
        timeout: 10_000,
      });
      expect(invocations).toEqual([]);
      // An outbox row beside another state row: the relay gets the row alone.
      const row = outboxRow(
        taskCompletedV1,
        { id: randomUUID(), user_id: randomUUID(), completed_at: new Date().toISOString() },
        { correlationId: 'relay-filter' },
      );
      await documentClient.send(new PutCommand({ TableName: table!.name, Item: row }));
      await dynamo.send(
        new PutItemCommand({
          TableName: table!.name,
          Item: { pk: { S: 'state-3' }, sk: { S: 'x' }, record_type: { S: 'account' } },
        }),
      );
      await vi.waitFor(() => expect(invocations).toEqual([[row.pk]]), { timeout: 10_000 });
    } finally {
      await poller.stop();
    }
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
    mapping: LOCAL_RELAY_MAPPING,
    onFailure: () => expect.fail('nothing here runs out of retries'),
    log: silentLog,
    ...extra,
  });
}
