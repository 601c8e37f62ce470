import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Envelope } from '#events';
import { detailsOf } from '#shared/outbox/row';
import { scanTable } from '../../../test/support/table-scan';
import { tableName } from '../store/keys';

export interface OutboxEvent {
  source: string;
  detailType: string;
  envelope: Envelope<Record<string, unknown>>;
  /** The SQS body an EventBridge rule would deliver. */
  body: string;
}

/** The events of one outbox row (a reshuffle's row carries one per move). */
const eventsOf = (row: Record<string, unknown>): OutboxEvent[] =>
  detailsOf(row).map((text) => {
    const envelope = JSON.parse(text);
    return {
      source: row.source as string,
      detailType: row.detail_type as string,
      envelope,
      body: JSON.stringify({
        source: row.source,
        'detail-type': row.detail_type,
        detail: envelope,
      }),
    };
  });

/** Every outbox row in this file's table (fine for the small tables of the rule tests). */
export const allOutboxEvents = async (): Promise<OutboxEvent[]> =>
  (await scanTable(tableName(), 'outbox')).flatMap(eventsOf);

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
          if (row.record_type === 'outbox') events.push(...eventsOf(row));
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
