import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from '#events/zod';
import { documentClient, guarded } from '#shared/dynamo';
import type { Changes } from '#shared/unit-of-work/changes';
import type { SuppressionStore } from '../domain/ports';
import type { Suppression } from '../domain/suppression';
import { keys, SUPPRESSED_EMAIL, SUPPRESSIONS } from './keys';
import { getItem, getItems } from './read';

const suppressionItem = z.object({
  email: z.string(),
  reason: z.enum(['bounce', 'complaint']),
  feedback_at: z.string(),
  detail: z.string(),
  cleared_at: z._default(z.nullable(z.string()), null),
  cleared_by: z._default(z.nullable(z.string()), null),
});

const suppressionOf = (item: unknown): Suppression => {
  const s = suppressionItem.parse(item);
  return {
    email: s.email,
    reason: s.reason,
    feedbackAt: s.feedback_at,
    detail: s.detail,
    clearedAt: s.cleared_at,
    clearedBy: s.cleared_by,
  };
};

/** Suppressed addresses in Accounting's table: one partition, an item per address. */
export class DynamoSuppressionStore implements SuppressionStore {
  constructor(private readonly table: string) {}

  async find(email: string): Promise<Suppression | undefined> {
    const item = await getItem(this.table, keys.suppression(email));
    return item && suppressionOf(item);
  }

  async findMany(emails: readonly string[]): Promise<Map<string, Suppression>> {
    const unique = [...new Set(emails)];
    if (unique.length === 0) return new Map();
    const items = await getItems(this.table, unique.map(keys.suppression));
    return new Map(items.map(suppressionOf).map((s) => [s.email, s]));
  }

  async all(): Promise<Suppression[]> {
    const found: Suppression[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await documentClient.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :email)',
          ExpressionAttributeValues: { ':pk': SUPPRESSIONS, ':email': SUPPRESSED_EMAIL },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      found.push(...(page.Items ?? []).map(suppressionOf));
      start = page.LastEvaluatedKey;
    } while (start);
    return found;
  }

  recorded(changes: Changes, next: Suppression, previous: Suppression | undefined): void {
    changes.write(
      guarded('suppression_unchanged', {
        Put: {
          TableName: this.table,
          Item: {
            ...keys.suppression(next.email),
            record_type: 'suppression',
            email: next.email,
            reason: next.reason,
            feedback_at: next.feedbackAt,
            detail: next.detail,
            cleared_at: next.clearedAt,
            cleared_by: next.clearedBy,
          },
          ...(previous
            ? {
                // Times only move forward: the same two times mean nobody wrote in between.
                ConditionExpression: `feedback_at = :feedback AND ${
                  previous.clearedAt === null
                    ? 'attribute_type(cleared_at, :cleared)'
                    : 'cleared_at = :cleared'
                }`,
                ExpressionAttributeValues: {
                  ':feedback': previous.feedbackAt,
                  ':cleared': previous.clearedAt ?? 'NULL',
                },
              }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        },
      }),
    );
  }
}
