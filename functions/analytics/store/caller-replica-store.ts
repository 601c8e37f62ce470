import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from '#events/zod';
import { roleSchema } from '#events';
import type { CallerState } from '#shared/auth/current-callers';
import { documentClient, guarded } from '#shared/dynamo';
import type { Changes } from '#shared/unit-of-work/changes';
import type { CallerReplica } from '../domain/caller-replica';
import type { CallerReplicaStore } from '../domain/ports';
import { conditions, keys } from './keys';

const replicaItem = z.object({
  id: z.string(),
  role: roleSchema,
  active: z.boolean(),
  revision: z.number().check(z.int(), z.positive()),
});

const storedRevisionIsOlder = 'revision < :revision';

/** One small item per user Auth has told Analytics about. */
export class DynamoCallerReplicaStore implements CallerReplicaStore {
  constructor(private readonly tableName: string) {}

  async find(userId: string): Promise<CallerReplica | undefined> {
    const { Item } = await documentClient.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.callerReplica(userId),
        ConsistentRead: true,
      }),
    );
    return Item ? replicaItem.parse(Item) : undefined;
  }

  async callerState(userId: string): Promise<CallerState | undefined> {
    const replica = await this.find(userId);
    return replica && { active: replica.active, role: replica.role, revision: replica.revision };
  }

  /** The revision condition makes an older event that raced this one fail instead of winning. */
  replaced(changes: Changes, caller: CallerReplica): void {
    changes.write(
      guarded('replica_is_older', {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.callerReplica(caller.id), record_type: 'caller_replica', ...caller },
          ConditionExpression: `${conditions.keyDoesNotExist} OR ${storedRevisionIsOlder}`,
          ExpressionAttributeValues: { ':revision': caller.revision },
        },
      }),
    );
  }
}
