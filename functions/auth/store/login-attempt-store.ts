import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { documentClient, epochSeconds } from '#shared/dynamo';
import { AuthError } from '../domain/errors';
import type { AttemptWindow } from '../domain/lockout';
import type { LoginAttemptStore, AttemptReservation } from '../domain/ports';
import { loginAttemptsKey, RECORD_TYPES } from './keys';
import { loginAttemptsItem } from './items';

/** Count, or open a new window, at most this often before telling the caller to come back. */
const MAX_TRIES = 4;

// The parts of the conditions, named.
const windowIsOpen = 'window_ends_at > :now';
const belowTheLimit = 'attempts < :max';
const noWindowOrItEnded = 'attribute_not_exists(pk) OR window_ends_at <= :now';
const stillOurWindow = 'window_ends_at = :ends AND attempts > :zero';

const isConditionFailure = (error: unknown): error is ConditionalCheckFailedException =>
  error instanceof ConditionalCheckFailedException;

/**
 * One counter item per e-mail, changed only by single conditional writes (no transactions), so
 * parallel sign-ins are serialised by DynamoDB on that item and never cancel each other.
 * `window_ends_at` (epoch ms) is what the policy reads; TTL (`expires_at`) only tidies up,
 * since DynamoDB may delete expired items days late.
 */
export class DynamoLoginAttemptStore implements LoginAttemptStore {
  constructor(private readonly tableName: string) {}

  /**
   * Counts into the open window while it is below the limit; when there is no open window,
   * opens one at 1. A failed count says why (the item comes back with the refusal): an open,
   * full window is the lockout; a missing or ended one is opened. Losing the race to open it
   * just means counting into the one another request opened.
   */
  async reserve(
    emailKey: string,
    now: Date,
    policy: { maxAttempts: number; windowMs: number },
  ): Promise<AttemptReservation> {
    for (let attempt = 1; attempt <= MAX_TRIES; attempt++) {
      const counted = await this.countIntoOpenWindow(emailKey, now, policy.maxAttempts);
      if ('reserved' in counted) return counted;
      if (counted.openWindow) return { reserved: false, window: counted.openWindow };
      const opened = await this.openWindow(emailKey, now, policy.windowMs);
      if (opened) return { reserved: true, window: opened };
    }
    throw new AuthError('busy', 'too many sign-ins for this e-mail at once; try again shortly', 1);
  }

  private async countIntoOpenWindow(
    emailKey: string,
    now: Date,
    maxAttempts: number,
  ): Promise<AttemptReservation | { openWindow?: AttemptWindow }> {
    try {
      const { Attributes } = await documentClient.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: loginAttemptsKey(emailKey),
          UpdateExpression: 'ADD attempts :one',
          ConditionExpression: `${windowIsOpen} AND ${belowTheLimit}`,
          ExpressionAttributeValues: { ':one': 1, ':now': now.getTime(), ':max': maxAttempts },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { reserved: true, window: windowOf(Attributes!) };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const window = error.Item ? windowOf(unmarshall(error.Item)) : undefined;
      const open = window !== undefined && window.endsAt.getTime() > now.getTime();
      return { openWindow: open ? window : undefined };
    }
  }

  private async openWindow(emailKey: string, now: Date, windowMs: number) {
    const endsAt = now.getTime() + windowMs;
    try {
      await documentClient.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...loginAttemptsKey(emailKey),
            record_type: RECORD_TYPES.loginAttempts,
            attempts: 1,
            window_ends_at: endsAt,
            expires_at: epochSeconds(new Date(endsAt)),
          },
          ConditionExpression: noWindowOrItEnded,
          ExpressionAttributeValues: { ':now': now.getTime() },
        }),
      );
      return { attempts: 1, endsAt: new Date(endsAt) };
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  async release(emailKey: string, window: AttemptWindow): Promise<void> {
    try {
      await documentClient.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: loginAttemptsKey(emailKey),
          UpdateExpression: 'ADD attempts :minus_one',
          ConditionExpression: stillOurWindow,
          ExpressionAttributeValues: {
            ':minus_one': -1,
            ':ends': window.endsAt.getTime(),
            ':zero': 0,
          },
        }),
      );
    } catch (error) {
      // A newer window is not ours to give back to.
      if (!isConditionFailure(error)) throw error;
    }
  }
}

function windowOf(item: Record<string, unknown>): AttemptWindow {
  const { attempts, window_ends_at } = loginAttemptsItem.parse(item);
  return { attempts, endsAt: new Date(window_ends_at) };
}
