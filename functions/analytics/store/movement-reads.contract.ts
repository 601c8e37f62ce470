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
  it('reads nothing of a new account, on a day without a top', async () => {
    const { stores } = await setup();
    const read = await stores.movementReads.basisOf({
      accountId: randomUUID(),
      topOn: '2026-03-02',
    });
    expect(read).toEqual({ account: { days: [], version: 0 }, dayTop: undefined });
  });

  it("reads the account's days and the day's top as just written", async () => {
    const { stores, unitOfWork } = await setup();
    const [transactionId, accountId] = [randomUUID(), randomUUID()];
    const days = [{ date: '2026-03-02', balance_cents: -1500 }];
    const dear = top(3000, '2026-03-02');
    await committed(unitOfWork, (c) => {
      stores.earnings.recorded(c, fee(transactionId, '2026-03-02'));
      stores.balances.applied(c, accountId, { days, deltas: [] }, 0);
      stores.tops.offered(c, dear);
    });
    // Read at once after the commit (consistently): both.
    expect(await stores.movementReads.basisOf({ accountId, topOn: '2026-03-02' })).toEqual({
      account: { days, version: 1 },
      dayTop: dear,
    });
    // A fee or payout asks for no top: none is read, though the day has one.
    expect(await stores.movementReads.basisOf({ accountId })).toEqual({
      account: { days, version: 1 },
      dayTop: undefined,
    });
    // The same account, on another day: the account's days, no top.
    expect(await stores.movementReads.basisOf({ accountId, topOn: '2026-03-03' })).toEqual({
      account: { days, version: 1 },
      dayTop: undefined,
    });
  });

  it('reads asked for at once each get their own, where they share an account or a day', async () => {
    const { stores, unitOfWork } = await setup();
    const [accountId, other] = [randomUUID(), randomUUID()];
    const days = [{ date: '2026-03-02', balance_cents: 700 }];
    const dear = top(3000, '2026-03-02');
    await committed(unitOfWork, (c) => {
      stores.earnings.recorded(c, fee(randomUUID(), '2026-03-02'));
      stores.balances.applied(c, accountId, { days, deltas: [] }, 0);
      stores.tops.offered(c, dear);
    });
    const asked = [
      { accountId, topOn: '2026-03-02' },
      { accountId, topOn: '2026-03-02' },
      { accountId: other, topOn: '2026-03-02' },
      { accountId: other },
      { accountId, topOn: '2026-03-04' },
    ];
    const reads = await Promise.all(asked.map((key) => stores.movementReads.basisOf(key)));
    const none = { days: [], version: 0 };
    expect(reads).toEqual([
      { account: { days, version: 1 }, dayTop: dear },
      { account: { days, version: 1 }, dayTop: dear },
      { account: none, dayTop: dear },
      { account: none, dayTop: undefined },
      { account: { days, version: 1 }, dayTop: undefined },
    ]);
  });
}
