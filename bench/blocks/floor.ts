import {
  BatchWriteItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { taskerService } from '../../functions/tasker/service';
import { ensureTable } from '../../local/dynamodb/tables';
import type { Block } from '../lib/block';
import { floorItem } from '../lib/floor-item';
import { freshDynamo } from '../lib/fresh-dynamo';
import { progress, round, runPool } from '../lib/measure';

/**
 * The floor: what DynamoDB Local itself does on a table shaped like Tasker's (two GSIs, a
 * stream, TTL), with task-sized items carrying both index keys. Every other throughput is
 * printed as a ratio to these figures, measured in the same run on the same machine.
 */
export const floor: Block = async ({ quick }) => {
  const dynamo = await freshDynamo();
  try {
    const { name } = await ensureTable(dynamo.client, 'floor-tasker', taskerService);
    const item = floorItem;

    const puts = quick ? 2_000 : 8_000;
    progress(`floor: ${puts} PutItem at concurrency 16`);
    const put = await runPool(puts, 16, async () => {
      await dynamo.client.send(new PutItemCommand({ TableName: name, Item: item() }));
      return true;
    });

    const pairs = quick ? 1_000 : 4_000;
    progress(`floor: ${pairs} two-item transactions at concurrency 16`);
    const pair = await runPool(pairs, 16, async () => {
      await dynamo.client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: name, Item: item() } },
            { Put: { TableName: name, Item: item() } },
          ],
        }),
      );
      return true;
    });

    const hundreds = quick ? 20 : 80;
    progress(`floor: ${hundreds} hundred-item transactions at concurrency 2`);
    const hundred = await runPool(hundreds, 2, async () => {
      await dynamo.client.send(
        new TransactWriteItemsCommand({
          TransactItems: Array.from({ length: 100 }, () => ({
            Put: { TableName: name, Item: item() },
          })),
        }),
      );
      return true;
    });

    const batches = quick ? 80 : 320;
    progress(`floor: ${batches} BatchWriteItem of 25 at concurrency 4`);
    const batch = await runPool(batches, 4, async () => {
      await dynamo.client.send(
        new BatchWriteItemCommand({
          RequestItems: {
            [name]: Array.from({ length: 25 }, () => ({ PutRequest: { Item: item() } })),
          },
        }),
      );
      return true;
    });

    const figures = {
      'floor.put_item_per_s': round(put.perSecond),
      'floor.tx2_item_writes_per_s': round(pair.perSecond * 2),
      'floor.tx100_item_writes_per_s': round(hundred.perSecond * 100),
      'floor.batch25_item_writes_per_s': round(batch.perSecond * 25),
    };
    return {
      block: 'floor',
      figures,
      lines: [
        `PutItem, concurrency 16              ${figures['floor.put_item_per_s']} items/s (p50 ${round(put.p50)} ms)`,
        `2-item transactions, concurrency 16  ${figures['floor.tx2_item_writes_per_s']} item writes/s`,
        `100-item transactions, concurrency 2 ${figures['floor.tx100_item_writes_per_s']} item writes/s`,
        `BatchWrite of 25, concurrency 4      ${figures['floor.batch25_item_writes_per_s']} item writes/s`,
      ],
    };
  } finally {
    await dynamo.stop();
  }
};
