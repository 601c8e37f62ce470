import { randomUUID } from 'node:crypto';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { taskPricedV1 } from '#events/accounting/task.priced.v1';
import { documentClient } from '#shared/dynamo';
import { CallProfiler } from '../../../bench/lib/call-profile';
import { createTables } from '../../../test/support/tables';
import { taskerService } from '../service';
import { keys } from '../store/keys';
import { testDeps } from '../test-support/deps';
import { busMessageOf, sqsEventOf } from '../test-support/events';
import { makeTaskerConsumer } from './on-event';

const consumer = makeTaskerConsumer(testDeps());
const table = () => process.env.TASKER_TABLE!;

async function deliver(...messages: string[]) {
  const result = await consumer(sqsEventOf(...messages));
  expect(result.batchItemFailures).toEqual([]);
}

const eventIdOf = (message: string): string => JSON.parse(message).detail.metadata.event_id;
const pricing = (id: string, reward: number, at: string) =>
  busMessageOf(taskPricedV1, { id, fee_cents: 1000, reward_cents: reward, priced_at: at });

const storedPrice = async (id: string) =>
  (
    await documentClient.send(
      new GetCommand({ TableName: table(), Key: keys.price(id), ConsistentRead: true }),
    )
  ).Item;

describe("Tasker's prices from Accounting", () => {
  let calls: CallProfiler;
  beforeAll(async () => {
    await createTables([taskerService]);
    calls = new CallProfiler();
  });

  it('keeps the newest pricing, marked by its own price item: redelivered, replayed or older, nothing changes and no marker is written', async () => {
    const id = randomUUID();
    const first = pricing(id, 2000, '2026-03-01T08:00:00Z');
    const newer = pricing(id, 2500, '2026-03-01T09:00:00Z');
    await deliver(first, first);
    await deliver(newer, newer, first); // redelivered, then the older pricing replayed after it
    expect(await storedPrice(id)).toMatchObject({
      reward_cents: 2500,
      marks_event: eventIdOf(newer),
    });
    const { Items = [] } = await documentClient.send(
      new ScanCommand({
        TableName: table(),
        FilterExpression: 'record_type = :marker AND pk IN (:first, :newer)',
        ExpressionAttributeValues: {
          ':marker': 'processed_event',
          ':first': `EVENT#${eventIdOf(first)}`,
          ':newer': `EVENT#${eventIdOf(newer)}`,
        },
      }),
    );
    expect(Items).toEqual([]);
  });

  it('keeps a newer price from an older pricing whose time is spelled with an offset', async () => {
    const id = randomUUID();
    const newer = pricing(id, 2500, '2026-03-01T09:00:00Z');
    // 08:30 UTC, earlier, though as a string it sorts after the newer one's time.
    const older = pricing(id, 3900, '2026-03-01T10:30:00+02:00');
    await deliver(newer, older);
    expect(await storedPrice(id)).toMatchObject({
      reward_cents: 2500,
      marks_event: eventIdOf(newer),
    });
  });

  it('writes a pricing with one conditional put and reads nothing first, a duplicate too', async () => {
    const id = randomUUID();
    const once = pricing(id, 2000, '2026-03-01T08:00:00Z');
    const before = calls.snapshot();
    await deliver(once, once);
    // The redelivery's put is refused by the stored pricing (billed, and taken as a duplicate).
    expect(calls.since(before).operations).toEqual({
      PutItem: expect.objectContaining({ calls: 2, items: 2 }),
    });
  });
});
