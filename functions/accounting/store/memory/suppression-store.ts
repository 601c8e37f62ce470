import type { Changes } from '#shared/unit-of-work/changes';
import { MemoryTable } from '#shared/unit-of-work/memory-table';
import type { SuppressionStore } from '../../domain/ports';
import type { Suppression } from '../../domain/suppression';

/** Suppressed addresses in memory, with the Dynamo store's guard. */
export class MemorySuppressionStore implements SuppressionStore {
  readonly table = new MemoryTable<Suppression>('suppressions');

  async find(email: string) {
    return this.table.get(email);
  }

  async findMany(emails: readonly string[]) {
    return new Map(
      emails.flatMap((email) => {
        const found = this.table.get(email);
        return found ? [[email, found] as const] : [];
      }),
    );
  }

  async all() {
    return this.table.values();
  }

  recorded(changes: Changes, next: Suppression, previous: Suppression | undefined): void {
    changes.write(
      this.table.put(next.email, next, {
        guard: 'suppression_unchanged',
        when: (held) =>
          previous === undefined
            ? held === undefined
            : held?.feedbackAt === previous.feedbackAt && held.clearedAt === previous.clearedAt,
      }),
    );
  }
}
