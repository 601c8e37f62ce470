import type { AssigneeDirectory } from '../../domain/ports';
import { ONLY, type TaskerTables } from './tables';

/** Names from the user replicas, in memory. */
export class MemoryAssigneeDirectory implements AssigneeDirectory {
  constructor(private readonly tables: TaskerTables) {}

  async namesOf(ids: readonly string[]): Promise<Map<string, string>> {
    return new Map(
      ids.flatMap((id) => {
        const user = this.tables.users.get(id);
        return user ? [[id, user.name] as const] : [];
      }),
    );
  }

  async assignable(): Promise<{ id: string; name: string }[]> {
    const names = await this.namesOf(this.tables.pool.get(ONLY) ?? []);
    return [...names].map(([id, name]) => ({ id, name }));
  }
}
