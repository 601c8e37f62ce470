import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '#shared/dynamo';
import { indexesByTable, indexWriteUnits } from '../../../bench/lib/index-writes';
import { createTables } from '../../../test/support/tables';
import type { UserSnapshot } from '../domain/ports';
import { accountingService } from '../service';
import { buildAccountingDeps } from '../wiring';
import { keys, LANE_INDEX } from './keys';
import { movement, post } from './ledger-store.contract';

beforeAll(() => createTables([accountingService]));

const table = () => process.env.ACCOUNTING_TABLE!;
const indexes = () => indexesByTable([accountingService], { accounting: table() })[table()]!;
const accountItem = async (userId: string) =>
  (await documentClient.send(new GetCommand({ TableName: table(), Key: keys.account(userId) })))
    .Item;

const snapshot = (id: string): UserSnapshot => ({
  id,
  email: `${id.slice(0, 8)}@uberpopug.test`,
  name: 'Popug',
  role: 'worker',
  active: true,
  revision: 1,
  changed_at: '2026-03-03T01:00:00.000Z',
});

/**
 * What the account item's writes cost the indexes, by the meter's reading of AWS's rules
 * (bench/lib/index-writes.ts) applied to the item as DynamoDB Local holds it before and after.
 */
describe("an account's index writes", () => {
  it('a balance update writes no index; the lane keys are written by the write that creates the account', async () => {
    const deps = buildAccountingDeps();
    const id = randomUUID();
    await post(deps, undefined, id, movement('fee', -1500, '2026-03-03'));
    const created = await accountItem(id);
    expect(indexWriteUnits(indexes(), undefined, created)).toEqual([
      { index: LANE_INDEX, units: 1 },
    ]);

    await post(deps, await deps.accounts.find(id), id, movement('reward', 3000, '2026-03-03'));
    const updated = await accountItem(id);
    expect(updated?.balance_cents).toBe(1500);
    expect(indexWriteUnits(indexes(), created, updated)).toEqual([]);
  });

  it("a learned account's first movement writes no index either: its lane keys are already the same", async () => {
    const deps = buildAccountingDeps();
    const id = randomUUID();
    const changes = deps.unitOfWork.begin({ correlationId: 'lane-index-writes' });
    deps.accounts.learned(changes, snapshot(id));
    await deps.unitOfWork.commit(changes);
    const learned = await accountItem(id);
    expect(indexWriteUnits(indexes(), undefined, learned)).toEqual([
      { index: LANE_INDEX, units: 1 },
    ]);

    await post(deps, await deps.accounts.find(id), id, movement('reward', 3000, '2026-03-03'));
    const moved = await accountItem(id);
    expect(moved?.revision).toBe(1);
    expect(indexWriteUnits(indexes(), learned, moved)).toEqual([]);
  });
});
