import { describe, expect, it } from 'vitest';
import { seededRandomInt } from '#shared/random';
import {
  feeOf,
  InvalidMovementError,
  payoutOf,
  post,
  rewardOf,
  type Account,
  type Entry,
} from './ledger';
import { cents, sumCents, ZERO } from './money';

const fact = (n: number) => ({
  id: `m${n}`,
  taskId: `t${n}`,
  at: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(),
  businessDate: '2026-01-01',
});

describe('the ledger', () => {
  it('keeps balance = Σ entries since the last payout, over random sequences', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const random = seededRandomInt(seed);
      let account: Account = { userId: 'u', balance: ZERO, revision: 0 };
      const entries: Entry[] = [];
      for (let n = 0; n < 60; n++) {
        const roll = random(10);
        const movement =
          roll < 5
            ? feeOf(cents(1000 + random(11) * 100), fact(n))
            : roll < 9
              ? rewardOf(cents(2000 + random(21) * 100), fact(n))
              : payoutOf(account, { id: `p${n}`, at: fact(n).at, businessDate: '2026-01-01' });
        if (!movement) {
          expect(account.balance).toBeLessThanOrEqual(0); // nothing to pay: carried
          continue;
        }
        const posted = post(account, movement);
        expect(posted.account.revision).toBe(account.revision + 1);
        expect(posted.entry.balanceAfter).toBe(posted.account.balance);
        account = posted.account;
        entries.push(posted.entry);
        const lastPayout = entries.findLastIndex((e) => e.kind === 'payout');
        expect(account.balance).toBe(sumCents(entries.slice(lastPayout + 1).map((e) => e.amount)));
        if (movement.kind === 'payout') expect(account.balance).toBe(0);
      }
      // Over the whole life: the balance is everything earned minus everything paid.
      expect(account.balance).toBe(sumCents(entries.map((e) => e.amount)));
    }
  });

  it('pays only a positive balance, and all of it', () => {
    const at = { id: 'p', at: '2026-01-01T23:00:00Z', businessDate: '2026-01-01' };
    expect(payoutOf({ userId: 'u', balance: cents(-500), revision: 3 }, at)).toBeUndefined();
    expect(payoutOf({ userId: 'u', balance: ZERO, revision: 3 }, at)).toBeUndefined();
    expect(payoutOf({ userId: 'u', balance: cents(4200), revision: 3 }, at)).toMatchObject({
      kind: 'payout',
      amount: -4200,
      taskId: null,
    });
  });

  it('refuses a movement of the wrong sign and a payout that is not the whole balance', () => {
    const account: Account = { userId: 'u', balance: cents(1000), revision: 1 };
    expect(() => post(account, { ...feeOf(cents(1000), fact(1)), amount: cents(1000) })).toThrow(
      InvalidMovementError,
    );
    expect(() =>
      post(account, { ...fact(2), kind: 'payout', amount: cents(-999), taskId: null }),
    ).toThrow(InvalidMovementError);
  });
});
