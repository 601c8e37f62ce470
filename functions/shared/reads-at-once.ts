import { batchGet, type ItemKey } from '#shared/dynamo';

type Item = Record<string, unknown>;

interface Asked {
  keys: readonly ItemKey[];
  resolve: (items: Item[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Reads asked for at once go out as one read of all their keys. The consumer reacts to a
 * group's records together (`GROUPED_AT_ONCE`): each reaction asks for its own items in the
 * same turn of the event loop, and one `BatchGetItem` answers them all instead of one each
 * (Accounting's fees and rewards, Analytics' movements and task facts).
 * The read is sent once the turn's promise jobs have run (`process.nextTick`), so it waits for
 * no timer or I/O: a read asked for later (a reaction that reads again after a race) goes in a
 * call of its own. Every asker gets the items found and picks its own; a failed read fails
 * every asker, each reporting it as its own event's failure.
 */
export class ReadsAtOnce {
  private asked: Asked[] = [];

  constructor(private readonly read: (keys: readonly ItemKey[]) => Promise<Item[]>) {}

  /** The items found of `keys`, read with every other read asked for in this turn. */
  itemsAt(keys: readonly ItemKey[]): Promise<Item[]> {
    return new Promise((resolve, reject) => {
      if (this.asked.length === 0) process.nextTick(() => void this.readAll());
      this.asked.push({ keys, resolve, reject });
    });
  }

  private async readAll(): Promise<void> {
    const asked = this.asked;
    this.asked = [];
    try {
      const items = await this.read(asked.flatMap((a) => a.keys));
      for (const { resolve } of asked) resolve(items);
    } catch (error) {
      for (const { reject } of asked) reject(error);
    }
  }
}

/**
 * A table's consistent reads, each turn's in one `batchGet` (which names a key asked twice once
 * and asks again for keys DynamoDB hands back unprocessed): an item missing from the answer is
 * missing from the table.
 */
export const consistentReadsAtOnce = (table: string) =>
  new ReadsAtOnce((keys) => batchGet(table, keys, { consistent: true }));
