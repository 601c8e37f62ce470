import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { cents } from '#shared/money';
import { ConditionsFailed } from '#shared/unit-of-work/commit-errors';
import { commitWith, refusalOf, type ContractSetup } from '../test-support/contract';

const price = (fee: number) => ({ fee_cents: cents(fee), reward_cents: cents(3000) });

/** What the use cases rely on from a PriceStore, on either adapter. */
export function priceStoreContract(setup: ContractSetup) {
  const priceOf = async (deps: ReturnType<ContractSetup>, taskId: string) =>
    (await deps.tasks.pricesOf([taskId])).get(taskId);

  it('keeps the newest pricing of a task, even before the task exists (price_is_newer)', async () => {
    const deps = setup();
    const taskId = randomUUID();
    const first = new Date('2026-12-06T10:00:00.000Z');
    await commitWith(deps, (c) => deps.prices.priced(c, taskId, price(1200), first));
    expect(await priceOf(deps, taskId)).toEqual(price(1200));

    for (const stale of [first, new Date('2026-12-06T09:00:00.000Z')]) {
      const refused = await refusalOf(deps, (c) =>
        deps.prices.priced(c, taskId, price(1900), stale),
      );
      expect(refused).toBeInstanceOf(ConditionsFailed);
      expect((refused as ConditionsFailed).guards).toEqual(['price_is_newer']);
    }
    const newer = new Date('2026-12-06T11:00:00.000Z');
    await commitWith(deps, (c) => deps.prices.priced(c, taskId, price(1700), newer));
    expect(await priceOf(deps, taskId)).toEqual(price(1700));
  });

  it('compares pricings as instants, however their events spelled the time', async () => {
    const deps = setup();
    const taskId = randomUUID();
    // Stored from `…T09:00:00Z`; an older pricing sent as `…T10:30:00+02:00` (08:30 UTC), and
    // the same instant as the stored one without milliseconds: both refused.
    await commitWith(deps, (c) =>
      deps.prices.priced(c, taskId, price(1500), new Date('2026-12-06T09:00:00Z')),
    );
    for (const older of ['2026-12-06T10:30:00+02:00', '2026-12-06T09:00:00Z']) {
      const refused = await refusalOf(deps, (c) =>
        deps.prices.priced(c, taskId, price(1900), new Date(older)),
      );
      expect((refused as ConditionsFailed).guards).toEqual(['price_is_newer']);
    }
    // Half a second later is newer, though `…09:00:00.500Z` sorts before `…09:00:00Z`.
    await commitWith(deps, (c) =>
      deps.prices.priced(c, taskId, price(1100), new Date('2026-12-06T09:00:00.500Z')),
    );
    expect(await priceOf(deps, taskId)).toEqual(price(1100));
  });
}
