import type { Changes } from '#shared/unit-of-work/changes';
import { isAssignable } from '../../domain/assignment';
import type { UserReplicaStore } from '../../domain/ports';
import type { UserReplica } from '../../domain/users';
import { ONLY, type TaskerTables } from './tables';

/** Tasker's replica of Auth's users and the assignable pool, in memory. */
export class MemoryUserReplicaStore implements UserReplicaStore {
  constructor(private readonly tables: TaskerTables) {}

  async find(id: string): Promise<UserReplica | undefined> {
    const stored = this.tables.users.get(id);
    if (!stored) return undefined;
    const { assignable: _flag, ...user } = stored;
    return user;
  }

  callerState(id: string) {
    return this.find(id);
  }

  async assignableIds(): Promise<string[]> {
    return this.tables.pool.get(ONLY) ?? [];
  }

  replaced(changes: Changes, user: UserReplica): void {
    const assignable = isAssignable(user);
    changes.write(
      this.tables.users.put(
        user.id,
        { ...user, assignable },
        {
          guard: 'revision_is_newer',
          when: (stored) => !stored || stored.revision < user.revision,
        },
      ),
      this.tables.pool.update(ONLY, (ids = []) => {
        const others = ids.filter((id) => id !== user.id);
        return assignable ? [...others, user.id] : others;
      }),
    );
  }

  stillAssignable(changes: Changes, userIds: readonly string[]): void {
    if (userIds.length === 0) return;
    changes.write(
      this.tables.pool.check(
        ONLY,
        (ids = []) => userIds.every((id) => ids.includes(id)),
        'assignees_are_assignable',
      ),
    );
  }
}
