import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, type TransactItem } from '#shared/dynamo';
import { isAssignable, type UserReplica } from '../domain/users';
import { keys, tableName } from './table';

export async function findUser(id: string): Promise<UserReplica | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName(), Key: keys.user(id), ConsistentRead: true }),
  );
  if (!Item) return undefined;
  const { pk: _pk, sk: _sk, record_type: _type, assignable: _assignable, ...user } = Item;
  return user as UserReplica;
}

/**
 * Everyone who can be given a task, as one string set in one item: a create reads it once and
 * picks by index, a reshuffle chunk reads it once for 100 tasks. Kept in step with the user
 * replicas in the same transaction, so it always reflects each user's newest revision.
 */
export async function assignableUserIds(): Promise<string[]> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName(), Key: keys.assignableSet(), ConsistentRead: true }),
  );
  const ids = Item?.user_ids as Set<string> | undefined;
  return ids ? [...ids] : [];
}

/**
 * Replaces the replica with a newer revision and moves the user in or out of the assignable
 * set. The revision condition makes a concurrent older event fail instead of winning.
 */
export function userSnapshotItems(user: UserReplica): TransactItem[] {
  const assignable = isAssignable(user);
  return [
    {
      Put: {
        TableName: tableName(),
        Item: { ...keys.user(user.id), record_type: 'user', ...user, assignable },
        ConditionExpression: 'attribute_not_exists(pk) OR revision < :revision',
        ExpressionAttributeValues: { ':revision': user.revision },
      },
    },
    {
      Update: {
        TableName: tableName(),
        Key: keys.assignableSet(),
        // ADD/DELETE on a string set are idempotent: adding a member twice keeps one.
        UpdateExpression: assignable ? 'ADD user_ids :id' : 'DELETE user_ids :id',
        ExpressionAttributeValues: { ':id': new Set([user.id]) },
      },
    },
  ];
}
