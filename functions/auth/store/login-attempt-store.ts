import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  documentClient,
  epochSeconds,
  failedConditions,
  transactWrite,
  type TransactItem,
} from '#shared/dynamo';
import type { PendingEvent } from '../domain/events';
import type { FailureWindow } from '../domain/lockout';
import type { LoginAttemptStore } from '../domain/ports';
import { loginFailuresKey, RECORD_TYPES } from './keys';
import { outboxItems } from './outbox-items';

const MAX_ATTEMPTS = 6;

/** Two transactions touched the counter at once; DynamoDB cancels one, which may simply retry. */
const metConcurrentTransaction = (error: unknown) =>
  error instanceof TransactionCanceledException &&
  (error.CancellationReasons ?? []).some((reason) => reason.Code === 'TransactionConflict');

/**
 * One counter item per e-mail. `window_ends_at` (epoch ms) is what the policy reads; TTL
 * (`expires_at`) only tidies up, since DynamoDB may delete expired items days late.
 */
export class DynamoLoginAttemptStore implements LoginAttemptStore {
  constructor(private readonly tableName: string) {}

  async failureWindow(emailKey: string): Promise<FailureWindow | undefined> {
    const { Item } = await documentClient.send(
      new GetCommand({
        TableName: this.tableName,
        Key: loginFailuresKey(emailKey),
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    return { failures: Item.failures, endsAt: new Date(Item.window_ends_at) };
  }

  /**
   * Counts atomically, so parallel guesses cannot overwrite each other's count: increment while
   * the window is open, otherwise start a new window at one. A write whose condition fails tries
   * the other one; a write that met a concurrent transaction on the same counter is retried.
   */
  async recordFailure(
    emailKey: string,
    now: Date,
    windowMs: number,
    events: readonly PendingEvent[],
  ): Promise<void> {
    const key = loginFailuresKey(emailKey);
    const endsAt = now.getTime() + windowMs;
    const countInOpenWindow: TransactItem = {
      Update: {
        TableName: this.tableName,
        Key: key,
        UpdateExpression: 'ADD failures :one',
        ConditionExpression: 'window_ends_at > :now',
        ExpressionAttributeValues: { ':one': 1, ':now': now.getTime() },
      },
    };
    const startNewWindow: TransactItem = {
      Put: {
        TableName: this.tableName,
        Item: {
          ...key,
          record_type: RECORD_TYPES.loginFailures,
          failures: 1,
          window_ends_at: endsAt,
          expires_at: epochSeconds(new Date(endsAt)),
        },
        ConditionExpression: 'attribute_not_exists(pk) OR window_ends_at <= :now',
        ExpressionAttributeValues: { ':now': now.getTime() },
      },
    };
    let windowOpen = true; // the likelier case once someone is guessing
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const items = [windowOpen ? countInOpenWindow : startNewWindow];
      const outcome = await this.write([...items, ...outboxItems(this.tableName, events)]);
      if (outcome === 'written') return;
      if (outcome === 'condition_failed') windowOpen = !windowOpen;
      else await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40 * attempt));
    }
    throw new Error(`could not count a failed sign-in for ${emailKey} in ${MAX_ATTEMPTS} tries`);
  }

  /** Runs a transaction whose first item is the counter; says why it did not commit, if so. */
  private async write(items: TransactItem[]) {
    try {
      await transactWrite(items);
      return 'written' as const;
    } catch (error) {
      if (failedConditions(error)?.includes(0)) return 'condition_failed' as const;
      if (metConcurrentTransaction(error)) return 'conflict' as const;
      throw error;
    }
  }

  async recordRefusal(events: readonly PendingEvent[]): Promise<void> {
    await transactWrite(outboxItems(this.tableName, events));
  }

  async recordSuccess(emailKey: string, events: readonly PendingEvent[]): Promise<void> {
    await transactWrite([
      { Delete: { TableName: this.tableName, Key: loginFailuresKey(emailKey) } },
      ...outboxItems(this.tableName, events),
    ]);
  }
}
