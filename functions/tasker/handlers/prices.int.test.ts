import { randomUUID } from 'node:crypto';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { taskPricedV1 } from '#events/accounting/task.priced.v1';
import { documentClient } from '#shared/dynamo';
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

describe("Tasker's prices from Accounting", () => {
  beforeAll(() => createTables([taskerService]));

  it('keeps the newest pricing, marked by its own price item: redelivered, replayed or older, nothing changes and no marker is written', async () => {
    const id = randomUUID();
    const first = pricing(id, 2000, '2026-03-01T08:00:00Z');
    const newer = pricing(id, 2500, '2026-03-01T09:00:00Z');
    await deliver(first, first);
    await deliver(newer, first, newer); // a replay of the older pricing after the newer one
    const { Item } = await documentClient.send(
      new GetCommand({ TableName: table(), Key: keys.price(id), ConsistentRead: true }),
    );
    expect(Item).toMatchObject({ reward_cents: 2500, marks_event: eventIdOf(newer) });
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
});
