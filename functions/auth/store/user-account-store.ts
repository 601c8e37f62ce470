import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { CallerState } from '#shared/auth/current-callers';
import { documentClient, guarded, type TransactItem } from '#shared/dynamo';
import type { Changes } from '#shared/unit-of-work/changes';
import { countsAsAdmin } from '../domain/admin-invariant';
import type { Guard } from '../domain/errors';
import type { UserStore } from '../domain/ports';
import { emailKeyOf, type User, type UserWithCredentials } from '../domain/user';
import { decodeUsersCursor, encodeUsersCursor } from './cursor';
import {
  ACTIVE_ADMINS_KEY,
  emailGuardKey,
  RECORD_TYPES,
  userIndexKey,
  userKey,
  USERS_INDEX,
} from './keys';
import { activeAdminsItem, adminCandidateItem, emailGuardItem, userOf } from './items';

const guard = (name: Guard, item: TransactItem) => guarded(name, item);

// The parts of the conditions, named (see STYLE.md, "One house").
const keyDoesNotExist = 'attribute_not_exists(pk)';
const keyExists = 'attribute_exists(pk)';
const revisionIsExpected = 'revision = :expected';
const isActive = 'active = :true';
const anotherAdminRemains = '#count > :one';

/** Auth's user accounts, the source of truth every domain's user replica follows. */
export class DynamoUserAccountStore implements UserStore {
  /** Once the admin counter exists it is never deleted, so one look per process is enough. */
  private adminCounterExists = false;

  constructor(private readonly tableName: string) {}

  async findById(id: string): Promise<UserWithCredentials | undefined> {
    const { Item } = await documentClient.send(
      new GetCommand({ TableName: this.tableName, Key: userKey(id), ConsistentRead: true }),
    );
    return Item ? userOf(Item) : undefined;
  }

  /** Through the guard item rather than gsi1: index reads lag, and a new user must sign in. */
  async findByEmail(email: string): Promise<UserWithCredentials | undefined> {
    const { Item } = await documentClient.send(
      new GetCommand({
        TableName: this.tableName,
        Key: emailGuardKey(emailKeyOf(email)),
        ConsistentRead: true,
      }),
    );
    return Item ? this.findById(emailGuardItem.parse(Item).user_id) : undefined;
  }

  /** Auth's table is where a user's state is decided, so its answer is always current. */
  async callerState(userId: string): Promise<CallerState | undefined> {
    const user = await this.findById(userId);
    return user && { active: user.active, role: user.role, revision: user.revision };
  }

  async list(page: { limit: number; cursor?: string }) {
    const result = await documentClient.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: USERS_INDEX,
        KeyConditionExpression: 'gsi1pk = :users',
        ExpressionAttributeValues: { ':users': userIndexKey('').gsi1pk },
        Limit: page.limit,
        ExclusiveStartKey: decodeUsersCursor(page.cursor),
      }),
    );
    return {
      users: (result.Items ?? []).map(userOf),
      nextCursor: encodeUsersCursor(result.LastEvaluatedKey),
    };
  }

  created(changes: Changes, user: UserWithCredentials): void {
    const emailKey = emailKeyOf(user.email);
    const userPut: TransactItem = {
      Put: {
        TableName: this.tableName,
        Item: {
          ...userKey(user.id),
          ...userIndexKey(emailKey),
          record_type: RECORD_TYPES.user,
          ...user,
        },
        ConditionExpression: keyDoesNotExist,
      },
    };
    changes.write(
      userPut,
      guard('email_is_free', {
        Put: {
          TableName: this.tableName,
          Item: {
            ...emailGuardKey(emailKey),
            record_type: RECORD_TYPES.emailGuard,
            user_id: user.id,
          },
          ConditionExpression: keyDoesNotExist,
        },
      }),
    );
  }

  /** Optimistic: the write fails if anyone changed the user since it was read. */
  updated(changes: Changes, user: User, expectedRevision: number): void {
    changes.write(
      guard('user_unchanged', {
        Update: {
          TableName: this.tableName,
          Key: userKey(user.id),
          UpdateExpression:
            'SET #name = :name, #role = :role, active = :active, revision = :revision, updated_at = :updated_at',
          ConditionExpression: revisionIsExpected,
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
      }),
    );
  }

  callerStillMayAct(changes: Changes, callerId: string, roles: readonly string[]): void {
    const roleValues = Object.fromEntries(roles.map((role, i) => [`:role${i}`, role]));
    const holdsARole = `#role IN (${Object.keys(roleValues).join(', ')})`;
    changes.write(
      guard('caller_may_act', {
        ConditionCheck: {
          TableName: this.tableName,
          Key: userKey(callerId),
          ConditionExpression: `${keyExists} AND ${isActive} AND ${holdsARole}`,
          ExpressionAttributeNames: { '#role': 'role' },
          ExpressionAttributeValues: { ':true': true, ...roleValues },
        },
      }),
    );
  }

  async activeAdminsMoved(changes: Changes, delta: -1 | 0 | 1): Promise<void> {
    if (delta === 0) return;
    await this.ensureAdminCounter();
    const move = {
      TableName: this.tableName,
      Key: ACTIVE_ADMINS_KEY,
      UpdateExpression: 'ADD #count :delta',
      ExpressionAttributeNames: { '#count': 'count' },
    };
    const raise: TransactItem = {
      Update: {
        ...move,
        ConditionExpression: keyExists,
        ExpressionAttributeValues: { ':delta': 1 },
      },
    };
    changes.write(
      delta === 1
        ? raise
        : guard('another_admin_remains', {
            Update: {
              ...move,
              ConditionExpression: `${keyExists} AND ${anotherAdminRemains}`,
              ExpressionAttributeValues: { ':delta': -1, ':one': 1 },
            },
          }),
    );
  }

  /**
   * A table written before the counter existed gets it built from a consistent scan of the
   * users. That is safe against concurrent commands because every change to who is an active
   * admin also requires the counter to exist: while it is missing none can commit, so the scan
   * sees the final truth, and the put only succeeds if nobody created the counter meanwhile.
   */
  private async ensureAdminCounter(): Promise<void> {
    if (this.adminCounterExists) return;
    const { Item } = await documentClient.send(
      new GetCommand({ TableName: this.tableName, Key: ACTIVE_ADMINS_KEY, ConsistentRead: true }),
    );
    if (Item) activeAdminsItem.parse(Item);
    else await this.buildAdminCounter();
    this.adminCounterExists = true;
  }

  private async buildAdminCounter(): Promise<void> {
    let count = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await documentClient.send(
        new ScanCommand({
          TableName: this.tableName,
          ConsistentRead: true,
          FilterExpression: 'record_type = :user',
          ExpressionAttributeValues: { ':user': RECORD_TYPES.user },
          ExclusiveStartKey: startKey,
        }),
      );
      count += (page.Items ?? []).filter((item) =>
        countsAsAdmin(adminCandidateItem.parse(item)),
      ).length;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    try {
      await documentClient.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...ACTIVE_ADMINS_KEY, record_type: RECORD_TYPES.activeAdmins, count },
          ConditionExpression: keyDoesNotExist,
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
