import type { MovementBasis, MovementKey, MovementReads } from '../domain/ports';
import { accountOf, entryOf, priceOf } from './items';
import { keys } from './keys';
import { getItems, type Key } from './read';

const sameKey = (a: Key, b: Record<string, unknown>) => a.pk === b.pk && a.sk === b.sk;

/** A fee's or reward's three items in one consistent `BatchGetItem` (the port says why). */
export class DynamoMovementReads implements MovementReads {
  constructor(private readonly table: string) {}

  async basisOf({ userId, entryId, taskId }: MovementKey): Promise<MovementBasis> {
    const entryKey = keys.entry(userId, entryId);
    const priceKey = keys.price(taskId);
    const accountKey = keys.account(userId);
    const items = await getItems(this.table, [entryKey, priceKey, accountKey]);
    const itemAt = (key: Key) => items.find((item) => sameKey(key, item));
    const [entry, price, account] = [itemAt(entryKey), itemAt(priceKey), itemAt(accountKey)];
    return {
      entry: entry && entryOf(entry),
      price: price && priceOf(price),
      account: account && accountOf(account),
    };
  }
}
