import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, guarded } from '#shared/dynamo';
import type { Changes } from '#shared/unit-of-work/changes';
import { laneOf } from '../domain/close';
import type { AccountRecord, AccountStore, UserSnapshot } from '../domain/ports';
import { accountOf, laneEntryOf } from './items';
import { INDEX, keys, laneIndex } from './keys';
import { getItem, getItems } from './read';

/** The account's index keys, written by every writer that may be the one creating it. */
export const laneKeys = (userId: string) => ({
  ':gsi1pk': laneIndex.pk(laneOf(userId)),
  ':gsi1sk': userId,
});

const snapshotIsNewer = 'attribute_not_exists(user_revision) OR user_revision < :revision';

export class DynamoAccountStore implements AccountStore {
  constructor(private readonly table: string) {}

  async find(userId: string): Promise<AccountRecord | undefined> {
    const item = await getItem(this.table, keys.account(userId));
    return item && accountOf(item);
  }

  async findMany(userIds: readonly string[]): Promise<Map<string, AccountRecord>> {
    const items = await getItems(this.table, userIds.map(keys.account));
    return new Map(items.map(accountOf).map((account) => [account.userId, account]));
  }

  /** Never touches the balance or its revision: a snapshot and a movement cannot undo each other. */
  learned(changes: Changes, snapshot: UserSnapshot): void {
    changes.write(
      guarded('snapshot_is_newer', {
        Update: {
          TableName: this.table,
          Key: keys.account(snapshot.id),
          UpdateExpression:
            'SET record_type = :type, user_id = :user, email = :email, #name = :name, #role = :role, active = :active, user_revision = :revision, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk',
          ConditionExpression: snapshotIsNewer,
          ExpressionAttributeNames: { '#name': 'name', '#role': 'role' },
          ExpressionAttributeValues: {
            ':type': 'account',
            ':user': snapshot.id,
            ':email': snapshot.email,
            ':name': snapshot.name,
            ':role': snapshot.role,
            ':active': snapshot.active,
            ':revision': snapshot.revision,
            ...laneKeys(snapshot.id),
          },
        },
      }),
    );
  }

  async countInLane(lane: number): Promise<number> {
    let count = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await documentClient.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: INDEX,
          KeyConditionExpression: 'gsi1pk = :lane',
          ExpressionAttributeValues: { ':lane': laneIndex.pk(lane) },
          Select: 'COUNT',
          ExclusiveStartKey: start,
        }),
      );
      count += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start);
    return count;
  }

  async lanePage(lane: number, after: string | null, limit: number) {
    const { Items = [], LastEvaluatedKey } = await documentClient.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: INDEX,
        KeyConditionExpression: after ? 'gsi1pk = :lane AND gsi1sk > :after' : 'gsi1pk = :lane',
        ExpressionAttributeValues: {
          ':lane': laneIndex.pk(lane),
          ...(after ? { ':after': after } : {}),
        },
        ProjectionExpression: 'gsi1sk',
        Limit: limit,
      }),
    );
    const userIds = Items.map(laneEntryOf);
    return {
      userIds,
      last: userIds.at(-1) ?? null,
      exhausted: LastEvaluatedKey === undefined,
    };
  }
}
