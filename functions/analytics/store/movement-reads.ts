import { itemAt } from '#shared/dynamo';
import { consistentReadsAtOnce, type ReadsAtOnce } from '#shared/reads-at-once';
import type { MovementBasis, MovementKey, MovementReads } from '../domain/ports';
import { accountDaysOf } from './balance-store';
import { dayTopOf } from './day-top-store';
import { keys } from './keys';

/**
 * A movement's account days and a reward's day's top in one consistent `BatchGetItem` (the
 * port says why), shared with the movements whose reactions ask at once (a group's:
 * `ReadsAtOnce`). `batchGet` asks again for any keys DynamoDB hands back unprocessed, so an
 * item missing from the answer really is missing, and names a key asked twice once.
 */
export class DynamoMovementReads implements MovementReads {
  /** `reads`: the table's, shared with the task facts' (wiring), so a batch reads in one call. */
  constructor(
    tableName: string,
    private readonly reads: ReadsAtOnce = consistentReadsAtOnce(tableName),
  ) {}

  async basisOf({ accountId, topOn }: MovementKey): Promise<MovementBasis> {
    const daysKey = keys.accountDays(accountId);
    const topKey = topOn === undefined ? undefined : keys.dayTop(topOn);
    const items = await this.reads.itemsAt(topKey ? [daysKey, topKey] : [daysKey]);
    const top = topKey && itemAt(items, topKey);
    return {
      account: accountDaysOf(itemAt(items, daysKey)),
      dayTop: top && dayTopOf(top),
    };
  }
}
