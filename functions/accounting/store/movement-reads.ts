import { itemAt } from '#shared/dynamo';
import { consistentReadsAtOnce, type ReadsAtOnce } from '#shared/reads-at-once';
import type { MovementBasis, MovementKey, MovementReads } from '../domain/ports';
import { accountOf, priceOf } from './items';
import { keys } from './keys';

/**
 * A fee's or reward's two items in one consistent `BatchGetItem` (the port says why), shared
 * with the movements whose reactions ask at once (a group's: `ReadsAtOnce`).
 */
export class DynamoMovementReads implements MovementReads {
  constructor(
    table: string,
    private readonly reads: ReadsAtOnce = consistentReadsAtOnce(table),
  ) {}

  async basisOf({ userId, taskId }: MovementKey): Promise<MovementBasis> {
    const wanted = [keys.price(taskId), keys.account(userId)];
    const items = await this.reads.itemsAt(wanted);
    const [price, account] = wanted.map((key) => itemAt(items, key));
    return {
      price: price && priceOf(price),
      account: account && accountOf(account),
    };
  }
}
