import { itemAt } from '#shared/dynamo';
import type { MovementBasis, MovementKey, MovementReads } from '../domain/ports';
import { accountOf, priceOf } from './items';
import { keys } from './keys';
import { getItems } from './read';

/** A fee's or reward's two items in one consistent `BatchGetItem` (the port says why). */
export class DynamoMovementReads implements MovementReads {
  constructor(private readonly table: string) {}

  async basisOf({ userId, taskId }: MovementKey): Promise<MovementBasis> {
    const wanted = [keys.price(taskId), keys.account(userId)];
    const items = await getItems(this.table, wanted);
    const [price, account] = wanted.map((key) => itemAt(items, key));
    return {
      price: price && priceOf(price),
      account: account && accountOf(account),
    };
  }
}
