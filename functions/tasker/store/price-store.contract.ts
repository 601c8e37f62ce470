import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { cents } from '#shared/money';
import { ConditionsFailed } from '#shared/unit-of-work/commit-errors';
import { commitWith, refusalOf, type ContractSetup } from '../test-support/contract';

const price = (fee: number) => ({ fee_cents: cents(fee), reward_cents: cents(3000) });

/** What the use cases rely on from a PriceStore, on either adapter. */
export function priceStoreContract(setup: ContractSetup) {
  it('keeps the newest pricing of a task, even before the task exists (price_is_newer)', async () => {
    const deps = setup();
    const taskId = randomUUID();
    expect(await deps.prices.pricedAt(taskId)).toBeUndefined();
    const first = '2026-12-06T10:00:00.000Z';
    await commitWith(deps, (c) => deps.prices.priced(c, taskId, price(1200), first));
    expect(await deps.prices.pricedAt(taskId)).toBe(first);

    for (const stale of [first, '2026-12-06T09:00:00.000Z']) {
      const refused = await refusalOf(deps, (c) =>
        deps.prices.priced(c, taskId, price(1900), stale),
      );
      expect(refused).toBeInstanceOf(ConditionsFailed);
      expect((refused as ConditionsFailed).guards).toEqual(['price_is_newer']);
    }
    const newer = '2026-12-06T11:00:00.000Z';
    await commitWith(deps, (c) => deps.prices.priced(c, taskId, price(1700), newer));
    expect(await deps.prices.pricedAt(taskId)).toBe(newer);
    expect((await deps.tasks.pricesOf([taskId])).get(taskId)).toEqual(price(1700));
  });
}
