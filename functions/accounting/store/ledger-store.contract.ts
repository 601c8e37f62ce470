import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { cents } from '#shared/money';
import { ConditionsFailed } from '#shared/unit-of-work/commit-errors';
import { payoutId } from '../domain/ids';
import type { Movement } from '../domain/ledger';
import type { AccountingDeps, AccountRecord } from '../domain/ports';
import { postOn } from '../domain/posting';
import { pollUntil } from '../../../test/support/poll';

/** A reward or fee of `date` on a fresh task. */
export const movement = (kind: 'fee' | 'reward', amount: number, date: string): Movement => ({
  id: randomUUID(),
  kind,
  amount: cents(amount),
  taskId: randomUUID(),
  at: `${date}T09:00:00.000Z`,
  businessDate: date,
});

/** A fee or reward on `taskId` at 09:0`minute` of 2026-03-03 (one task's history in order). */
export const onTask = (
  taskId: string,
  kind: 'fee' | 'reward',
  amount: number,
  minute: number,
): Movement => ({
  ...movement(kind, amount, '2026-03-03'),
  taskId,
  at: `2026-03-03T09:0${minute}:00.000Z`,
});

/** Posts `m` on the account as read, committed alone; the posting returned. */
export async function post(
  deps: AccountingDeps,
  account: AccountRecord | undefined,
  userId: string,
  m: Movement,
) {
  const posted = postOn(account, userId, m);
  const changes = deps.unitOfWork.begin({ correlationId: 'ledger-contract' });
  deps.ledger.posted(changes, posted);
  await deps.unitOfWork.commit(changes);
  return posted;
}

/** What the use cases rely on from a LedgerStore (and the accounts it moves), on any adapter. */
export function ledgerStoreContract(setup: () => AccountingDeps) {
  it('posts a movement: the entry, the balance, the day figures and the task history read back', async () => {
    const deps = setup();
    const userId = randomUUID();
    const fee = movement('fee', -1500, '2026-03-03');
    const { entry } = await post(deps, undefined, userId, fee);
    // The day's entries read the ledger index, eventually consistent: the fee may come a moment later.
    const feeDay = await pollUntil(
      'the fee in its day',
      () => deps.ledger.dayEntries(userId, '2026-03-03', { limit: 10 }),
      (page) => page.entries.length > 0,
    );
    expect(feeDay.entries).toEqual([entry]);
    expect(await deps.accounts.find(userId)).toMatchObject({ balance: -1500, revision: 1 });
    const [day] = await deps.ledger.dayFigures(['2026-03-03']);
    expect(day!.fees_cents).toBeGreaterThanOrEqual(1500);
    expect((await deps.ledger.daysFrom(userId, '2026-03-01')).get('2026-03-03')).toEqual({
      fees: 1500,
      rewards: 0,
      payouts: 0,
    });
    // The account's days are its entries summed: a later day adds, an earlier one is left out.
    const reward = movement('reward', 2500, '2026-03-04');
    await post(deps, await deps.accounts.find(userId), userId, reward);
    expect(await deps.ledger.daysFrom(userId, '2026-03-04')).toEqual(
      new Map([['2026-03-04', { fees: 0, rewards: 2500, payouts: 0 }]]),
    );
    // The history reads the task index, eventually consistent: it may show the fee a moment later.
    const history = await pollUntil(
      'the fee in its task history',
      () => deps.tasks.history(fee.taskId!, { limit: 10 }),
      (page) => page.movements.length > 0,
    );
    expect(history.movements).toEqual([
      { id: fee.id, userId, kind: 'fee', amount: -1500, at: fee.at },
    ]);
  });

  it('refuses the same entry twice (`movement_is_new`) and a stale balance (`balance_unchanged`)', async () => {
    const deps = setup();
    const userId = randomUUID();
    const reward = movement('reward', 3000, '2026-03-03');
    await post(deps, undefined, userId, reward);
    const again = await post(deps, await deps.accounts.find(userId), userId, reward).catch(
      (e: unknown) => e,
    );
    expect(again).toBeInstanceOf(ConditionsFailed);
    expect((again as ConditionsFailed).failed('movement_is_new')).toBe(true);
    const stale = await post(deps, undefined, userId, movement('fee', -1000, '2026-03-03')).catch(
      (e: unknown) => e,
    );
    expect((stale as ConditionsFailed).guards).toEqual(['balance_unchanged']);
    expect(await deps.accounts.find(userId)).toMatchObject({ balance: 3000, revision: 1 });
  });

  it('lists a day newest first a page at a time, and refuses a cursor of another day', async () => {
    const deps = setup();
    const userId = randomUUID();
    let account: AccountRecord | undefined;
    const ids: string[] = [];
    for (let hour = 10; hour < 13; hour++) {
      const m = { ...movement('fee', -1000, '2026-03-05'), at: `2026-03-05T${hour}:00:00.000Z` };
      ids.push(m.id);
      await post(deps, account, userId, m);
      account = await deps.accounts.find(userId);
    }
    const first = await deps.ledger.dayEntries(userId, '2026-03-05', { limit: 2 });
    expect(first.entries.map((e) => e.id)).toEqual([ids[2], ids[1]]);
    const second = await deps.ledger.dayEntries(userId, '2026-03-05', {
      limit: 2,
      cursor: first.nextCursor!,
    });
    expect(second.entries.map((e) => e.id)).toEqual([ids[0]]);
    await expect(
      deps.ledger.dayEntries(userId, '2026-03-06', { limit: 2, cursor: first.nextCursor! }),
    ).rejects.toMatchObject({ code: 'invalid_cursor' });
  });

  it('reads the payout entries of a date, and keeps the first movement date the earliest', async () => {
    const deps = setup();
    const userId = randomUUID();
    const payout: Movement = {
      id: payoutId(userId, '2026-03-03'),
      kind: 'payout',
      amount: cents(-500),
      taskId: null,
      at: '2026-03-04T00:00:05.000Z',
      businessDate: '2026-03-03',
    };
    await post(deps, undefined, userId, { ...movement('reward', 500, '2026-03-03') });
    await post(deps, await deps.accounts.find(userId), userId, payout);
    const entries = await deps.ledger.payoutEntries([userId, randomUUID()], '2026-03-03');
    expect([...entries.keys()]).toEqual([userId]);
    expect(await deps.accounts.find(userId)).toMatchObject({
      balance: 0,
      lastPayout: { date: '2026-03-03', amount: 500 },
    });
    await deps.ledger.recordMovementDate('2000-01-05');
    await deps.ledger.recordMovementDate('2000-01-07');
    expect(await deps.ledger.firstMovementDate()).toBe('2000-01-05');
  });
}
