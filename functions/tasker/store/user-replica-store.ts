import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from '#events/zod';
import { roleSchema } from '#events';
import { documentClient, guarded, type TransactItem } from '#shared/dynamo';
import { isAssignable } from '../domain/assignment';
import type { Changes } from '#shared/unit-of-work/changes';
import type { UserReplicaStore } from '../domain/ports';
import type { ReadConsistency } from '../domain/read-consistency';
import type { UserReplica } from '../domain/users';
import { keys } from './keys';

const userSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: roleSchema,
  active: z.boolean(),
  revision: z.number().check(z.int()),
  changed_at: z.string(),
});

/** The pool is a DynamoDB string set; an emptied set is removed, so it may be absent. */
const poolSchema = z.object({ user_ids: z.optional(z.set(z.string())) });

const noReplicaYet = 'attribute_not_exists(pk)';
const storedRevisionIsOlder = 'revision < :revision';
const joinPool = 'ADD user_ids :id';
const leavePool = 'DELETE user_ids :id';

export class DynamoUserReplicaStore implements UserReplicaStore {
  constructor(private readonly tableName: string) {}

  /** Consistently: a snapshot's reaction decides on it whether its event is news. */
  async find(id: string): Promise<UserReplica | undefined> {
    const { Item } = await documentClient.send(
      new GetCommand({ TableName: this.tableName, Key: keys.user(id), ConsistentRead: true }),
    );
    return Item ? userSchema.parse(Item) : undefined;
  }

  /**
   * Consistent, though the replica is already a moment behind Auth (fed by events): a token
   * revoked once the revocation reached Tasker is refused from then on, never for a moment more.
   * Half a read unit a request is not worth widening the window a revoked token still works.
   */
  callerState(id: string) {
    return this.find(id);
  }

  /**
   * Everyone who can be given a task, as one string set in one item: a create reads it once and
   * picks by index, a reshuffle chunk reads it once per batch. Kept in step with the replicas
   * in the same transaction, so it always reflects each user's newest revision.
   */
  async assignableIds({ consistent }: ReadConsistency): Promise<string[]> {
    const { Item } = await documentClient.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.assignableSet(),
        ConsistentRead: consistent,
      }),
    );
    return [...(poolSchema.parse(Item ?? {}).user_ids ?? [])];
  }

  /**
   * Replaces the replica with a newer revision and moves the user in or out of the pool. The
   * revision condition makes a concurrent older event fail instead of winning.
   */
  replaced(changes: Changes, user: UserReplica): void {
    const assignable = isAssignable(user);
    // ADD/DELETE on a string set are idempotent: adding a member twice keeps one.
    const pool: TransactItem = {
      Update: {
        TableName: this.tableName,
        Key: keys.assignableSet(),
        UpdateExpression: assignable ? joinPool : leavePool,
        ExpressionAttributeValues: { ':id': new Set([user.id]) },
      },
    };
    changes.write(
      guarded('revision_is_newer', {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.user(user.id), record_type: 'user', ...user, assignable },
          ConditionExpression: `${noReplicaYet} OR ${storedRevisionIsOlder}`,
          ExpressionAttributeValues: { ':revision': user.revision },
        },
      }),
      pool,
    );
  }

  /**
   * One check on the pool item that all these users are still in it: a reshuffle's moves commit
   * only while their assignees are assignable, so a deactivation or promotion that reached
   * Tasker before the commit refuses the moves to that user.
   */
  stillAssignable(changes: Changes, userIds: readonly string[]): void {
    if (userIds.length === 0) return;
    const placeholders = userIds.map((_, i) => `:u${i}`);
    changes.write(
      guarded('assignees_are_assignable', {
        ConditionCheck: {
          TableName: this.tableName,
          Key: keys.assignableSet(),
          ConditionExpression: placeholders.map((p) => `contains(user_ids, ${p})`).join(' AND '),
          ExpressionAttributeValues: Object.fromEntries(
            userIds.map((id, i) => [placeholders[i]!, id]),
          ),
        },
      }),
    );
  }
}
