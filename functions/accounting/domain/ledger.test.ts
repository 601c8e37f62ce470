import { describe, expect, it } from 'vitest';
import { seededRandomInt } from '#shared/random';
import { addDays } from '#shared/time/business-day';
import { addsUp, knowsFrom, movesByDay, RECENT_DAYS_KEPT, widenedTo } from './account-days';
import {
  emptyAccount,
  feeOf,
  InvalidMovementError,
  payoutOf,
  post,
  rewardOf,
  type Account,
  type Entry,
} from './ledger';
import { cents, sumCents, ZERO } from '#shared/money';

const FIRST = '2026-01-01';
const fact = (n: number, businessDate: string) => ({
  id: `m${n}`,
  taskId: `t${n}`,
  at: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(),
  businessDate,
});

describe('the ledger', () => {
  it('pays exactly the unpaid movements of the closed day and before, over random sequences', () => {
    let totalPayouts = 0;
    // 30 sequences of 80 steps (100 before issue 24's budget: each one is quadratic in its steps).
    for (let seed = 1; seed <= 30; seed++) {
      const random = seededRandomInt(seed);
      let account: Account = emptyAccount('u');
      const entries: Entry[] = [];
      let lastClosed = addDays(FIRST, -1);
      let payouts = 0;
      for (let n = 0; n < 80; n++) {
        const roll = random(12);
        if (roll >= 10) {
          // A close of a later day than the last one, sometimes far behind today's movements.
          const date = addDays(lastClosed, 1 + random(3));
          lastClosed = date;
          if (!knowsFrom(account.recent, date))
            account = { ...account, recent: widenedTo(date, movesByDay(entries, date)) };
          const { statement, payout } = payoutOf(account, {
            id: `p${n}`,
            at: fact(n, date).at,
            businessDate: date,
          });
          expect(addsUp(statement)).toBe(true);
          const unpaid = sumCents(
            entries.filter((e) => e.businessDate <= date).map((e) => e.amount),
          );
          expect(statement.paidOut).toBe(unpaid > 0 ? unpaid : 0);
          expect(statement.carriedForward).toBe(unpaid > 0 ? 0 : unpaid);
          if (!payout) continue;
          payouts++;
          expect(payout.amount).toBe(-unpaid);
          const posted = post(account, payout);
          account = posted.account;
          entries.push(posted.entry);
        } else {
          // Movements of the days around the last close, late ones included.
          const date = addDays(lastClosed, random(4) - 1);
          const movement =
            roll < 5
              ? feeOf(cents(1000 + random(11) * 100), fact(n, date))
              : rewardOf(cents(2000 + random(21) * 100), fact(n, date));
          const posted = post(account, movement);
          expect(posted.account.revision).toBe(account.revision + 1);
          expect(posted.entry.balanceAfter).toBe(posted.account.balance);
          account = posted.account;
          entries.push(posted.entry);
        }
        // The balance is every entry, payouts included; the account keeps at most four days.
        expect(account.balance).toBe(sumCents(entries.map((e) => e.amount)));
        expect(Object.keys(account.recent.days).length).toBeLessThanOrEqual(RECENT_DAYS_KEPT);
      }
      totalPayouts += payouts;
    }
    expect(totalPayouts).toBeGreaterThan(30); // the sequences do pay, and pay late days
  });

  it('pays only a positive end of day, and leaves later days on the balance', () => {
    const date = '2026-01-01';
    const at = { id: 'p', at: '2026-01-02T00:01:00Z', businessDate: date };
    let account = emptyAccount('u');
    account = post(account, rewardOf(cents(3000), fact(1, date))).account;
    account = post(account, feeOf(cents(1000), fact(2, date))).account;
    account = post(account, rewardOf(cents(700), fact(3, '2026-01-02'))).account;
    const { payout, statement } = payoutOf(account, at);
    expect(payout).toMatchObject({ kind: 'payout', amount: -2000, taskId: null });
    expect(statement).toEqual({
      date,
      carriedIn: 0,
      fees: 1000,
      rewards: 3000,
      paidOut: 2000,
      carriedForward: 0,
    });
    expect(post(account, payout!).account.balance).toBe(700);

    const indebted = post(emptyAccount('v'), feeOf(cents(500), fact(4, date))).account;
    expect(payoutOf(indebted, at)).toMatchObject({
      payout: undefined,
      statement: { carriedForward: -500 },
    });
    const later = post(emptyAccount('w'), rewardOf(cents(500), fact(5, '2026-01-02'))).account;
    expect(payoutOf(later, at)).toMatchObject({ payout: undefined, statement: { paidOut: ZERO } });
  });

  it('refuses a movement of the wrong sign and a payout that is not the day’s end balance', () => {
    const account = post(emptyAccount('u'), rewardOf(cents(1000), fact(0, FIRST))).account;
    expect(() =>
      post(account, { ...feeOf(cents(1000), fact(1, FIRST)), amount: cents(1000) }),
    ).toThrow(InvalidMovementError);
    expect(() =>
      post(account, { ...fact(2, FIRST), kind: 'payout', amount: cents(-999), taskId: null }),
    ).toThrow(InvalidMovementError);
  });
});
