import * as z from '#events/zod';
import { batchGet } from '#shared/dynamo';
import type { AssigneeDirectory } from '../domain/ports';
import { EVENTUAL } from '../domain/read-consistency';
import { keys } from './keys';
import { DynamoUserReplicaStore } from './user-replica-store';

/**
 * Names from Tasker's own replicas of Auth's users (kept by the user events it consumes), so a
 * manager sees who has a task without Auth's admin-only user list. Read eventually
 * consistent: a name is for people to read, and a rename a moment late harms nothing.
 */
const nameItem = z.object({ id: z.string(), name: z.string() });

export class DynamoAssigneeDirectory implements AssigneeDirectory {
  private readonly users: DynamoUserReplicaStore;

  constructor(private readonly tableName: string) {
    this.users = new DynamoUserReplicaStore(tableName);
  }

  async namesOf(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const items = await batchGet(
      this.tableName,
      ids.map((id) => keys.user(id)),
      { consistent: false },
    );
    return new Map(items.map((item) => nameItem.parse(item)).map(({ id, name }) => [id, name]));
  }

  async assignable(): Promise<{ id: string; name: string }[]> {
    // A filter's list, eventually consistent as its names are: nothing is decided on it.
    const ids = await this.users.assignableIds(EVENTUAL);
    const names = await this.namesOf(ids);
    return ids.flatMap((id) => {
      const name = names.get(id);
      return name === undefined ? [] : [{ id, name }];
    });
  }
}
