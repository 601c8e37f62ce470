import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, failedConditions, transactWrite } from '#shared/dynamo';
import { AuthError } from '../domain/errors';
import type { PendingEvent } from '../domain/events';
import type { UserStore } from '../domain/ports';
import { emailKeyOf, type User, type UserWithCredentials } from '../domain/user';
import { decodeCursor, encodeCursor } from './cursor';
import { emailGuardKey, RECORD_TYPES, userIndexKey, userKey, USERS_INDEX } from './keys';
import { outboxItems } from './outbox-items';

/** Attributes that are ours, not the user's: stripped when a record is read back. */
type UserItem = UserWithCredentials & Record<string, unknown>;

function userOf(item: Record<string, unknown>): UserWithCredentials {
  const { id, email, name, role, active, revision, created_at, updated_at, password_hash } =
    item as UserItem;
  return { id, email, name, role, active, revision, created_at, updated_at, password_hash };
}

export class DynamoUserStore implements UserStore {
  constructor(private readonly tableName: string) {}

  /** User, e-mail guard and outbox rows in one transaction: a duplicate e-mail writes nothing. */
  async insert(user: UserWithCredentials, events: readonly PendingEvent[]): Promise<void> {
    const emailKey = emailKeyOf(user.email);
    try {
      await transactWrite([
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...userKey(user.id),
              ...userIndexKey(emailKey),
              record_type: RECORD_TYPES.user,
              ...user,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...emailGuardKey(emailKey),
              record_type: RECORD_TYPES.emailGuard,
              user_id: user.id,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ...outboxItems(this.tableName, events),
      ]);
    } catch (error) {
      if (failedConditions(error)?.includes(1))
        throw new AuthError('duplicate_email', `a user with e-mail ${user.email} already exists`);
      throw error;
    }
  }

  async findById(id: string): Promise<UserWithCredentials | undefined> {
    const { Item } = await documentClient.send(
      new GetCommand({ TableName: this.tableName, Key: userKey(id), ConsistentRead: true }),
    );
    return Item ? userOf(Item) : undefined;
  }

  /** Through the guard item rather than gsi1: index reads lag, and a new user must sign in. */
  async findByEmail(email: string): Promise<UserWithCredentials | undefined> {
    const { Item: guard } = await documentClient.send(
      new GetCommand({
        TableName: this.tableName,
        Key: emailGuardKey(emailKeyOf(email)),
        ConsistentRead: true,
      }),
    );
    return typeof guard?.user_id === 'string' ? this.findById(guard.user_id) : undefined;
  }

  /** Optimistic: the write fails if anyone changed the user since it was read. */
  async update(user: User, expectedRevision: number, events: readonly PendingEvent[]) {
    try {
      await transactWrite([
        {
          Update: {
            TableName: this.tableName,
            Key: userKey(user.id),
            UpdateExpression:
              'SET #name = :name, #role = :role, active = :active, revision = :revision, updated_at = :updated_at',
            ConditionExpression: 'revision = :expected',
            ExpressionAttributeNames: { '#name': 'name', '#role': 'role' },
            ExpressionAttributeValues: {
              ':name': user.name,
              ':role': user.role,
              ':active': user.active,
              ':revision': user.revision,
              ':updated_at': user.updated_at,
              ':expected': expectedRevision,
            },
          },
        },
        ...outboxItems(this.tableName, events),
      ]);
    } catch (error) {
      if (failedConditions(error)?.includes(0))
        throw new AuthError(
          'concurrent_change',
          `user ${user.id} was changed by someone else meanwhile; reload and try again`,
        );
      throw error;
    }
  }

  async list(page: { limit: number; cursor?: string }) {
    const result = await documentClient.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: USERS_INDEX,
        KeyConditionExpression: 'gsi1pk = :users',
        ExpressionAttributeValues: { ':users': userIndexKey('').gsi1pk },
        Limit: page.limit,
        ExclusiveStartKey: decodeCursor(page.cursor),
      }),
    );
    return {
      users: (result.Items ?? []).map(userOf),
      nextCursor: encodeCursor(result.LastEvaluatedKey),
    };
  }
}
