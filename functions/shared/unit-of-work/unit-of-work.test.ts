import { describe } from 'vitest';
import type { Changes } from './changes';
import { MemoryTable } from './memory-table';
import { MemoryUnitOfWork } from './memory-unit-of-work';
import { unitOfWorkContract, type CounterStore } from './unit-of-work.contract';

type Counter = { value: number; revision: number };

/** The contract's counter store, in memory. */
class MemoryCounterStore implements CounterStore {
  readonly table = new MemoryTable<Counter>('counters');

  async read(id: string) {
    return this.table.get(id);
  }

  created(changes: Changes, id: string) {
    changes.write(
      this.table.put(id, { value: 0, revision: 1 }, { guard: 'counter_is_new', when: (c) => !c }),
    );
  }

  moved(changes: Changes, id: string, by: number, revision: number) {
    changes.write(
      this.table.update(id, (c) => ({ value: c!.value + by, revision: revision + 1 }), {
        guard: 'counter_unchanged',
        when: (c) => c?.revision === revision,
      }),
    );
  }
}

describe('the unit of work in memory', () => {
  let outbox: MemoryUnitOfWork[] = [];
  const counters = new MemoryCounterStore();
  unitOfWorkContract(async () => {
    outbox = [];
    return {
      counters,
      unitOfWork: (refusals) => {
        const uow = new MemoryUnitOfWork({ refusals });
        outbox.push(uow);
        return uow;
      },
      published: async () => outbox.flatMap((uow) => uow.published()),
    };
  });
});
