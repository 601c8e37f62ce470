import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { cents } from '#shared/money';
import type { UnitOfWork } from '#shared/unit-of-work/changes';
import type { DayTop } from '../domain/task-fact';
import type { AnalyticsStoresFixture } from './analytics-stores.contract';

const fee = (transactionId: string, date: string) => ({
  transaction_id: transactionId,
  kind: 'fine' as const,
  amount_cents: cents(-1500),
  business_date: date,
});

const top = (reward: number, date: string): DayTop => ({
  task_id: randomUUID(),
  reward_cents: cents(reward),
  completed_at: `${date}T10:00:00.000Z`,
  completed_on: date,
});

/** Commits what `record` records, as the consumer commits a reaction's changes. */
const committed = async (
  unitOfWork: UnitOfWork,
  record: (changes: ReturnType<UnitOfWork['begin']>) => void,
) => {
  const changes = unitOfWork.begin({ correlationId: 'movement-reads-contract' });
  record(changes);
  await unitOfWork.commit(changes);
};

/** What recording a movement relies on from MovementReads, on any adapter. */
export function movementReadsContract(setup: () => Promise<AnalyticsStoresFixture>) {
  it('reads nothing of a new movement on a new account, on a day without a top', async () => {
    const { stores } = await setup();
    const read = await stores.movementReads.basisOf({
      transactionId: randomUUID(),
      accountId: randomUUID(),
      topOn: '2026-03-02',
    });
    expect(read).toEqual({ counted: false, account: { days: [], version: 0 }, dayTop: undefined });
  });

  it("reads the movement's fact, the account's days and the day's top as just written", async () => {
    const { stores, unitOfWork } = await setup();
    const [transactionId, accountId] = [randomUUID(), randomUUID()];
    const days = [{ date: '2026-03-02', balance_cents: -1500 }];
    const dear = top(3000, '2026-03-02');
    await committed(unitOfWork, (c) => {
      stores.earnings.recorded(c, fee(transactionId, '2026-03-02'));
      stores.balances.applied(c, accountId, { days, deltas: [] }, 0);
      stores.tops.offered(c, dear);
    });
    // Read at once after the commit (consistently): all three.
    expect(
      await stores.movementReads.basisOf({ transactionId, accountId, topOn: '2026-03-02' }),
    ).toEqual({ counted: true, account: { days, version: 1 }, dayTop: dear });
    // A fee or payout asks for no top: none is read, though the day has one.
    expect(await stores.movementReads.basisOf({ transactionId, accountId })).toEqual({
      counted: true,
      account: { days, version: 1 },
      dayTop: undefined,
    });
    // Another movement of the same account, on another day: not counted, the account's days.
    expect(
      await stores.movementReads.basisOf({
        transactionId: randomUUID(),
        accountId,
        topOn: '2026-03-03',
      }),
    ).toEqual({ counted: false, account: { days, version: 1 }, dayTop: undefined });
  });

  it('reads asked for at once each get their own, where they share an account or a day', async () => {
    const { stores, unitOfWork } = await setup();
    const [counted, accountId, other] = [randomUUID(), randomUUID(), randomUUID()];
    const days = [{ date: '2026-03-02', balance_cents: 700 }];
    const dear = top(3000, '2026-03-02');
    await committed(unitOfWork, (c) => {
      stores.earnings.recorded(c, fee(counted, '2026-03-02'));
      stores.balances.applied(c, accountId, { days, deltas: [] }, 0);
      stores.tops.offered(c, dear);
    });
    const asked = [
      { transactionId: counted, accountId, topOn: '2026-03-02' },
      { transactionId: randomUUID(), accountId, topOn: '2026-03-02' },
      { transactionId: randomUUID(), accountId: other, topOn: '2026-03-02' },
      { transactionId: randomUUID(), accountId: other },
      { transactionId: randomUUID(), accountId, topOn: '2026-03-04' },
    ];
    const reads = await Promise.all(asked.map((key) => stores.movementReads.basisOf(key)));
    const none = { days: [], version: 0 };
    expect(reads).toEqual([
      { counted: true, account: { days, version: 1 }, dayTop: dear },
      { counted: false, account: { days, version: 1 }, dayTop: dear },
      { counted: false, account: none, dayTop: dear },
      { counted: false, account: none, dayTop: undefined },
      { counted: false, account: { days, version: 1 }, dayTop: undefined },
    ]);
  });
}
