import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { cents } from '#shared/money';
import type { UnitOfWork } from '#shared/unit-of-work/changes';
import { ConditionsFailed } from '#shared/unit-of-work/commit-errors';
import type { AnalyticsDeps } from '../domain/ports';
import { emptyFact, type DayTop, type TaskFact } from '../domain/task-fact';

/** Analytics' stores over one fresh table, and a unit of work committing to it. */
export interface AnalyticsStoresFixture {
  stores: Pick<
    AnalyticsDeps,
    'callers' | 'facts' | 'tops' | 'earnings' | 'balances' | 'movementReads'
  >;
  unitOfWork: UnitOfWork;
}

const refusedGuard = (error: unknown) =>
  error instanceof ConditionsFailed ? error.guards : ['not refused by a guard'];

const task = (reward: number, date: string): DayTop => ({
  task_id: randomUUID(),
  reward_cents: cents(reward),
  completed_at: `${date}T10:00:00.000Z`,
  completed_on: date,
});

/** What Analytics' reactions and queries rely on from each store; `setup` gives a fresh table. */
export function analyticsStoresContract(setup: () => Promise<AnalyticsStoresFixture>) {
  const committer =
    (unitOfWork: UnitOfWork) =>
    async (record: (changes: ReturnType<UnitOfWork['begin']>) => void) => {
      const changes = unitOfWork.begin({ correlationId: 'contract' });
      record(changes);
      return unitOfWork.commit(changes).then(
        () => [],
        (error: unknown) => refusedGuard(error),
      );
    };

  it('task facts: saved from the version read, refused from a stale one', async () => {
    const { stores, unitOfWork } = await setup();
    const commit = committer(unitOfWork);
    const fact = { ...emptyFact(randomUUID()), title: 'Beak' };
    expect(await stores.facts.find(fact.task_id)).toBeUndefined();
    expect(await commit((c) => stores.facts.saved(c, fact))).toEqual([]);
    expect(await stores.facts.find(fact.task_id)).toEqual({ ...fact, version: 1 });
    expect(await commit((c) => stores.facts.saved(c, { ...fact, title: 'Stale' }))).toEqual([
      'task_fact_unchanged',
    ]);
    expect(await stores.facts.find(fact.task_id)).toMatchObject({ title: 'Beak' });
  });

  it("task facts: a former fact's reward and completion read back; titles only of titled facts", async () => {
    const { stores, unitOfWork } = await setup();
    const commit = committer(unitOfWork);
    const former: TaskFact = {
      ...emptyFact(randomUUID()),
      legacy: {
        reward_cents: cents(2800),
        completed_at: '2026-03-03T10:00:00.000Z',
        completed_on: '2026-03-03',
        counted_on: null,
      },
    };
    const named = { ...emptyFact(randomUUID()), title: 'Beak', jira_id: 'UBERPOP-7' };
    await commit((c) => stores.facts.saved(c, former));
    await commit((c) => stores.facts.saved(c, named));
    expect(await stores.facts.find(former.task_id)).toEqual({ ...former, version: 1 });
    expect(await stores.facts.find(named.task_id)).toEqual({ ...named, version: 1 });
    const titles = await stores.facts.titles([former.task_id, named.task_id, randomUUID()]);
    expect([...titles]).toEqual([[named.task_id, { title: 'Beak', jira_id: 'UBERPOP-7' }]]);
    expect(await stores.facts.titles([])).toEqual(new Map());
  });

  it("day tops: a day's top is replaced only by a higher rank; a range reads oldest first", async () => {
    const { stores, unitOfWork } = await setup();
    const commit = committer(unitOfWork);
    const [dear, cheap, other] = [
      task(3000, '2026-03-02'),
      task(2000, '2026-03-02'),
      task(10, '2026-03-01'),
    ];
    expect(await commit((c) => stores.tops.offered(c, dear))).toEqual([]);
    expect(await commit((c) => stores.tops.offered(c, cheap))).toEqual(['day_top_ranks_lower']);
    expect(await commit((c) => stores.tops.offered(c, other))).toEqual([]);
    expect(await stores.tops.find('2026-03-02')).toEqual(dear);
    expect(await stores.tops.inRange('2026-03-01', '2026-03-03')).toEqual([other, dear]);
    expect(await stores.tops.inRange('2026-03-03', '2026-03-09')).toEqual([]);
  });

  it("earnings: a movement counts once into its day's totals; a payout adds no share", async () => {
    const { stores, unitOfWork } = await setup();
    const commit = committer(unitOfWork);
    const movement = (kind: 'fine' | 'reward' | 'payout', amount: number) => ({
      transaction_id: randomUUID(),
      kind,
      amount_cents: cents(amount),
      business_date: '2026-03-02',
    });
    const fee = movement('fine', -1500);
    expect(
      await commit((c) =>
        stores.earnings.recorded(c, fee, { fees_cents: cents(1500), rewards_cents: cents(0) }),
      ),
    ).toEqual([]);
    const reward = movement('reward', 4000);
    await commit((c) =>
      stores.earnings.recorded(c, reward, { fees_cents: cents(0), rewards_cents: cents(4000) }),
    );
    await commit((c) => stores.earnings.recorded(c, movement('payout', -900)));
    expect(
      await commit((c) =>
        stores.earnings.recorded(c, fee, { fees_cents: cents(1500), rewards_cents: cents(0) }),
      ),
    ).toEqual(['movement_not_counted_yet']);
    expect(await stores.earnings.dayTotals('2026-03-02')).toEqual({
      fees_cents: 1500,
      rewards_cents: 4000,
    });
    expect(await stores.earnings.dayTotals('2026-03-03')).toEqual({
      fees_cents: 0,
      rewards_cents: 0,
    });
  });

  it("balances: an account's days from the version read, deltas summed up to a day", async () => {
    const { stores, unitOfWork } = await setup();
    const commit = committer(unitOfWork);
    const account = randomUUID();
    const accountDays = async (accountId: string) =>
      (await stores.movementReads.basisOf({ accountId })).account;
    expect(await accountDays(account)).toEqual({ days: [], version: 0 });
    const days = [
      { date: '2026-03-01', balance_cents: -100 },
      { date: '2026-03-03', balance_cents: 50 },
    ];
    const deltas = [
      { date: '2026-03-01', delta: 1 },
      { date: '2026-03-03', delta: -1 },
    ];
    expect(await commit((c) => stores.balances.applied(c, account, { days, deltas }, 0))).toEqual(
      [],
    );
    expect(await accountDays(account)).toEqual({ days, version: 1 });
    expect(
      await commit((c) => stores.balances.applied(c, account, { days: [], deltas: [] }, 0)),
    ).toEqual(['account_unchanged']);
    await commit((c) =>
      stores.balances.applied(c, randomUUID(), { days, deltas: [deltas[0]!] }, 0),
    );
    expect(await stores.balances.deltasUpTo('2026-02-28')).toEqual([]);
    expect(await stores.balances.deltasUpTo('2026-03-02')).toEqual([2]);
    expect(await stores.balances.deltasUpTo('2026-03-03')).toEqual([2, -1]);
  });

  it('caller replicas: only a higher revision replaces the state the revocation check reads', async () => {
    const { stores, unitOfWork } = await setup();
    const commit = committer(unitOfWork);
    const id = randomUUID();
    const at = (revision: number, active: boolean) =>
      ({ id, role: 'admin', active, revision }) as const;
    expect(await stores.callers.callerState(id)).toBeUndefined();
    expect(await commit((c) => stores.callers.replaced(c, at(2, false)))).toEqual([]);
    expect(await commit((c) => stores.callers.replaced(c, at(1, true)))).toEqual([
      'replica_is_older',
    ]);
    expect(await stores.callers.callerState(id)).toEqual({
      active: false,
      role: 'admin',
      revision: 2,
    });
    await commit((c) => stores.callers.replaced(c, at(3, true)));
    expect(await stores.callers.find(id)).toEqual(at(3, true));
  });
}
