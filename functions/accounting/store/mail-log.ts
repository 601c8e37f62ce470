import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  commit,
  ConditionsFailed,
  documentClient,
  guarded,
  isTransactionConflict,
  MAX_TRANSACTION_ITEMS,
} from '#shared/dynamo';
import type { Changes } from '#shared/unit-of-work/changes';
import type { MailLog, MailReservation } from '../domain/ports';
import { mailItem } from './items';
import { keys } from './keys';
import { getItem } from './read';

/** Free, or reserved by a sender whose lease ran out (it died between reserve and confirm). */
const reservable = 'attribute_not_exists(pk) OR (#status = :sending AND lease_until < :now)';
// `token` is a DynamoDB reserved word: it goes through a name placeholder.
const stillOurs = '#token = :token';

export class DynamoMailLog implements MailLog {
  constructor(private readonly table: string) {}

  async reserve(payoutId: string, now: Date, leaseMs: number): Promise<MailReservation> {
    const token = randomUUID();
    try {
      await documentClient.send(new PutCommand(this.reservation(payoutId, token, now, leaseMs)));
      return { kind: 'reserved', token };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const held = mailItem.parse(await getItem(this.table, keys.mail(payoutId)));
      return held.status === 'sending' ? { kind: 'busy' } : { kind: held.status };
    }
  }

  async reserveMany(
    payoutIds: readonly string[],
    now: Date,
    leaseMs: number,
  ): Promise<Map<string, MailReservation>> {
    if (payoutIds.length > MAX_TRANSACTION_ITEMS) {
      throw new Error(`at most ${MAX_TRANSACTION_ITEMS} e-mails are reserved at once`);
    }
    const tokens = new Map(payoutIds.map((payoutId) => [payoutId, randomUUID()]));
    try {
      await commit(
        [...tokens].map(([payoutId, token]) =>
          guarded('mail_is_free', { Put: this.reservation(payoutId, token, now, leaseMs) }),
        ),
      );
      return new Map(
        [...tokens].map(([payoutId, token]) => [payoutId, { kind: 'reserved', token }]),
      );
    } catch (error) {
      if (!(error instanceof ConditionsFailed) && !isTransactionConflict(error)) throw error;
      // Some were sent or are being sent by another delivery: the transaction wrote nothing,
      // and each is reserved on its own to learn which.
      const each = await Promise.all(
        payoutIds.map(
          async (payoutId) => [payoutId, await this.reserve(payoutId, now, leaseMs)] as const,
        ),
      );
      return new Map(each);
    }
  }

  private reservation(payoutId: string, token: string, now: Date, leaseMs: number) {
    return {
      TableName: this.table,
      Item: {
        ...keys.mail(payoutId),
        record_type: 'payout_mail',
        status: 'sending',
        token,
        reserved_at: now.toISOString(),
        lease_until: now.getTime() + leaseMs,
      },
      ConditionExpression: reservable,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':sending': 'sending', ':now': now.getTime() },
    };
  }

  /**
   * The send failed: free the reservation so the retry may send at once. An update, not a
   * delete: the lease is ended (the item is reservable again, see `reservable`), which is a
   * write the consumer is granted, where a DeleteItem is not (infra/function-policies.ts).
   */
  async release(payoutId: string, token: string): Promise<void> {
    try {
      await documentClient.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.mail(payoutId),
          UpdateExpression: 'SET lease_until = :released',
          ConditionExpression: `${stillOurs} AND #status = :sending`,
          ExpressionAttributeNames: { '#token': 'token', '#status': 'status' },
          ExpressionAttributeValues: { ':token': token, ':sending': 'sending', ':released': 0 },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  sent(changes: Changes, payoutId: string, token: string, messageId: string, now: Date): void {
    this.settle(
      changes,
      payoutId,
      token,
      'SET #status = :status, message_id = :detail, sent_at = :now',
      {
        ':status': 'sent',
        ':detail': messageId,
        ':now': now.toISOString(),
      },
    );
  }

  undeliverable(
    changes: Changes,
    payoutId: string,
    token: string,
    reason: string,
    now: Date,
  ): void {
    this.settle(
      changes,
      payoutId,
      token,
      'SET #status = :status, rejected_reason = :detail, rejected_at = :now',
      { ':status': 'undeliverable', ':detail': reason, ':now': now.toISOString() },
    );
  }

  /** Ends our reservation with its outcome (sent, or undeliverable): the lease goes. */
  private settle(
    changes: Changes,
    payoutId: string,
    token: string,
    set: string,
    values: Record<string, string>,
  ): void {
    changes.write(
      guarded('reservation_is_ours', {
        Update: {
          TableName: this.table,
          Key: keys.mail(payoutId),
          UpdateExpression: `${set} REMOVE lease_until`,
          ConditionExpression: stillOurs,
          ExpressionAttributeNames: { '#status': 'status', '#token': 'token' },
          ExpressionAttributeValues: { ...values, ':token': token },
        },
      }),
    );
  }
}
