import type { MemoryWrite } from './memory-unit-of-work';

/** A condition on an item's state before the commit (`undefined`: no such item). */
export type MemoryCondition<V> = (current: V | undefined) => boolean;

interface WriteOptions<V> {
  /** The rule the condition stands for, reported when it refuses the commit. */
  guard?: string;
  when?: MemoryCondition<V>;
}

/**
 * The items of one kind in an in-memory store, by key, with writes for a {@link
 * MemoryUnitOfWork}. Values are copied in and out, so a test cannot change stored state by
 * holding on to what it read or wrote, as it cannot with DynamoDB.
 */
export class MemoryTable<V> {
  private readonly items = new Map<string, V>();

  constructor(readonly name: string) {}

  get(key: string): V | undefined {
    const value = this.items.get(key);
    return value === undefined ? undefined : structuredClone(value);
  }

  has(key: string): boolean {
    return this.items.has(key);
  }

  /** Every item, in key order (as a DynamoDB query reads a partition's sort keys). */
  values(): V[] {
    return [...this.items.keys()].sort().map((key) => structuredClone(this.items.get(key)!));
  }

  get size(): number {
    return this.items.size;
  }

  /** Writes `value`; with `when`, only if it holds for the item as it stood. */
  put(key: string, value: V, options: WriteOptions<V> = {}): MemoryWrite {
    const copy = structuredClone(value);
    return this.write(key, options, () => this.items.set(key, copy));
  }

  /** Replaces the item with `change` of what it was at commit (after `when` held). */
  update(
    key: string,
    change: (current: V | undefined) => V,
    options: WriteOptions<V> = {},
  ): MemoryWrite {
    return this.write(key, options, () => this.items.set(key, change(this.get(key))));
  }

  delete(key: string, options: WriteOptions<V> = {}): MemoryWrite {
    return this.write(key, options, () => this.items.delete(key));
  }

  /** A condition on an item that writes nothing (DynamoDB's ConditionCheck). */
  check(key: string, when: MemoryCondition<V>, guard?: string): MemoryWrite {
    return this.write(key, { when, guard }, () => undefined);
  }

  /** Writes outside any unit: a test's given state. */
  seed(key: string, value: V): void {
    this.items.set(key, structuredClone(value));
  }

  private write(key: string, options: WriteOptions<V>, apply: () => void): MemoryWrite {
    return {
      guard: options.guard,
      key: `${this.name}\u0000${key}`,
      holds: () => options.when?.(this.get(key)) ?? true,
      apply,
    };
  }
}
