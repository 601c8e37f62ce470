import {
  DynamoDBClient,
  GetItemCommand,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { isTransactionThrottled } from '#shared/dynamo';
import { ALL_FAULTS, Faults } from './faults';
import { parseFaults } from './parse-faults';
import { dynamoThrottleFault } from './throttling';

/** A client whose every request is answered by the throttling fault (rate 1), never sent. */
function throttledClient(faults: Faults) {
  const fault = dynamoThrottleFault(faults);
  return new DynamoDBClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: { headers: Record<string, string>; body?: string }) => ({
        response: fault({
          method: 'POST',
          path: '/',
          headers: request.headers,
          body: String(request.body ?? ''),
        }),
      }),
    } as never,
  });
}

describe('DynamoDB throttling, as the SDK sees it', () => {
  it('answers a read with an error the SDK classes as throttling, and counts it', async () => {
    const faults = new Faults({ dynamoThrottle: 1, seed: 3 });
    const client = throttledClient(faults);
    const error = await client
      .send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'a' }, sk: { S: 'b' } } }))
      .catch((e: unknown) => e as Error & { $retryable?: { throttling?: boolean } });
    expect(['ThrottlingException', 'ProvisionedThroughputExceededException']).toContain(
      (error as Error).name,
    );
    if (error instanceof ProvisionedThroughputExceededException)
      expect(error.$retryable?.throttling).toBe(true);
    expect(faults.stats.dynamoReadsThrottled).toBe(1);
  });

  it('cancels a transaction with a ThrottlingError reason, which commit retries and the SDK does not', async () => {
    const faults = new Faults({ dynamoThrottle: 1 });
    const put = (pk: string) => ({
      Put: { TableName: 't', Item: { pk: { S: pk }, sk: { S: 'x' } } },
    });
    const error = await throttledClient(faults)
      .send(new TransactWriteItemsCommand({ TransactItems: [put('a'), put('b'), put('c')] }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransactionCanceledException);
    const codes = (error as TransactionCanceledException).CancellationReasons!.map((r) => r.Code);
    expect(codes.filter((code) => code === 'ThrottlingError')).toHaveLength(1);
    expect(codes.filter((code) => code === 'None')).toHaveLength(2);
    expect(isTransactionThrottled(error)).toBe(true);
    expect(faults.stats.dynamoTransactionsThrottled).toBe(1);
  });

  it('is part of all, and can be set on its own', () => {
    expect(parseFaults('all')).toMatchObject({
      dynamoThrottle: ALL_FAULTS.dynamoThrottle,
      putEventsThrottle: ALL_FAULTS.putEventsThrottle,
    });
    expect(ALL_FAULTS.dynamoThrottle).toBeGreaterThan(0);
    expect(parseFaults('throttle=0.2,busthrottle=0.1')).toEqual({
      dynamoThrottle: 0.2,
      putEventsThrottle: 0.1,
    });
  });
});
