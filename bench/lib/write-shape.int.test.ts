import { DynamoDBClient, ListTablesCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { replayShape, type WriteCall } from './write-shape';

const calls: WriteCall[] = [
  { operation: 'PutItem', items: ['Put'] },
  { operation: 'TransactWriteItems', items: ['Put', 'Update', 'ConditionCheck'] },
  { operation: 'DeleteItem', items: ['Delete'] },
  { operation: 'BatchWriteItem', items: ['Put', 'Delete'] },
];

describe('a write shape replayed at the engine', () => {
  it('goes twice, the second pass timed: every call of both passes succeeds, on items of its own', async () => {
    const client = new DynamoDBClient({});
    const engine = await replayShape(client, calls, 2);
    // Item writes of one pass: 1 + 3 + 1 + 2.
    expect(engine.items).toBe(7);
    expect(engine.itemWritesPerSecond).toBeGreaterThan(0);
    expect(engine.cold.itemWritesPerSecond).toBeGreaterThan(0);
    // Both passes wrote: per pass, two puts of their own stay (one alone, one batched), the
    // transaction's put and update add two, and its checked item and the two deleted ones were
    // written before the clock (three a pass, two of them deleted): 2 × (2 + 2 + 1) items.
    const scan = await client.send(new ScanCommand({ TableName: await latestShapeTable(client) }));
    expect(scan.Count).toBe(10);
    client.destroy();
  });
});

async function latestShapeTable(client: DynamoDBClient): Promise<string> {
  const { TableNames = [] } = await client.send(new ListTablesCommand({}));
  return TableNames.filter((name) => name.startsWith('shape-'))
    .sort()
    .at(-1)!;
}
