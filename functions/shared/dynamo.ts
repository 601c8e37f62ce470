import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';

/** One client per process, reused across invocations. Endpoint from AWS_ENDPOINT_URL_DYNAMODB. */
export const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** DynamoDB takes at most 100 items in one transaction. */
export const MAX_TRANSACTION_ITEMS = 100;

export async function transactWrite(items: readonly TransactItem[], token?: string): Promise<void> {
  if (items.length === 0) return;
  await documentClient.send(
    new TransactWriteCommand({ TransactItems: [...items], ClientRequestToken: token }),
  );
}

/** Which items of a cancelled transaction failed their condition (by index), if that is why it failed. */
export function failedConditions(error: unknown): number[] | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  return (error.CancellationReasons ?? []).flatMap((reason, index) =>
    reason.Code === 'ConditionalCheckFailed' ? [index] : [],
  );
}

export const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

export const daysFrom = (date: Date, days: number) =>
  new Date(date.getTime() + days * 24 * 60 * 60 * 1000);
