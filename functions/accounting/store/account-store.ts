import { guarded } from '#shared/dynamo';
import type { Changes } from '#shared/unit-of-work/changes';
import { laneOf } from '../domain/close';
import type { AccountRecord, AccountStore, UserSnapshot } from '../domain/ports';
import { accountOf } from './items';
import { keys, laneIndex } from './keys';
import { laneEntries, lanePage } from './lane-members';
import { getItem, getItems } from './read';

/**
 * The account's lane keys, set by each writer that may be the one creating the account (a user
 * snapshot, the first movement) and never changed after: a later balance update leaves them out,
 * so it writes nothing to the lane index.
 */
export const SET_LANE_KEYS = 'gsi3pk = :lane_pk, gsi3sk = :lane_sk';
export const laneKeys = (userId: string) => ({
  ':lane_pk': laneIndex.pk(laneOf(userId)),
  ':lane_sk': userId,
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
          UpdateExpression: `SET record_type = :type, user_id = :user, email = :email, #name = :name, #role = :role, active = :active, user_revision = :revision, ${SET_LANE_KEYS}`,
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
    return (await laneEntries(this.table, lane)).size;
  }

  async lanePage(lane: number, after: string | null, limit: number) {
    return lanePage(this.table, lane, after, limit);
  }
}
