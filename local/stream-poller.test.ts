import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { probeService } from '../test/fixtures/probe-service';
import { createTables } from '../test/support/tables';
import { silentLog } from './log';
import { StreamPoller } from './stream-poller';
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
});
