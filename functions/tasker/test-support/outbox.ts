import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { eventsOfRow, type RowEvent } from '../../../test/support/outbox-events';
import { scanTable } from '../../../test/support/table-scan';
import { taskerTableName as tableName } from '../wiring';

/** One event of the outbox, as a consumer would receive it. */
export type OutboxEvent = RowEvent;

/** Every outbox row in this file's table (fine for the small tables of the rule tests). */
export const allOutboxEvents = async (): Promise<OutboxEvent[]> =>
  (await scanTable(tableName(), 'outbox')).flatMap(eventsOfRow);

/**
 * Reads the table's stream as the outbox relay does, from the start and then only what is new,
 * and hands back the outbox rows inserted since the last call: the events a bus would carry.
 */
export async function outboxStreamReader() {
  const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  const dynamo = new DynamoDBClient({});
  const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: tableName() }));
  dynamo.destroy();
  const streamArn = Table!.LatestStreamArn!;
  const streams = new DynamoDBStreamsClient({ endpoint });
  const iterators = new Map<string, string | undefined>();

  async function readNew(): Promise<OutboxEvent[]> {
    const { StreamDescription } = await streams.send(
      new DescribeStreamCommand({ StreamArn: streamArn }),
    );
    for (const shard of StreamDescription?.Shards ?? []) {
      if (iterators.has(shard.ShardId!)) continue;
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shard.ShardId!,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      );
      iterators.set(shard.ShardId!, ShardIterator);
    }
    const events: OutboxEvent[] = [];
    for (const [shardId, start] of iterators) {
      let iterator = start;
      while (iterator) {
        const { Records = [], NextShardIterator } = await streams.send(
          new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }),
        );
        for (const record of Records) {
          const image = record.dynamodb?.NewImage;
          if (record.eventName !== 'INSERT' || !image) continue;
          const row = unmarshall(image as Record<string, AttributeValue>);
          if (row.record_type === 'outbox') events.push(...eventsOfRow(row));
        }
        iterators.set(shardId, NextShardIterator);
        if (Records.length === 0) break;
        iterator = NextShardIterator;
      }
    }
    return events;
  }

  return { readNew, close: () => streams.destroy() };
}

/** How many items of one record type the table holds: "nothing written" is a count that stays. */
export const countRecords = async (recordType: string): Promise<number> =>
  (await scanTable(tableName(), recordType)).length;
