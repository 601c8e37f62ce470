import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { userCreatedV1 } from '#events/auth/user.created.v1';
import { userUpdatedV1 } from '#events/auth/user.updated.v1';
import { taskAssignedV1 } from '#events/tasker/task.assigned.v1';
import { taskCompletedV1 } from '#events/tasker/task.completed.v1';
import { taskCreatedV1 } from '#events/tasker/task.created.v1';
import { taskCreatedV2 } from '#events/tasker/task.created.v2';
import { createTables } from '../../../test/support/tables';
import { accountingService } from '../service';
import {
  accountsWithLedgers,
  busMessageOf,
  deliver,
  expectBalancesMatchLedgers,
  outboxEvents,
  testDeps,
} from '../test-support/harness';
import { readAccountDay } from '../use-cases/read-account-day';
import { readEarningsDashboard } from '../use-cases/read-earnings-dashboard';
import { makeAccountingConsumer } from './on-event';

/** Prices are fixed by the random source: every roll is the middle of its range. */
const deps = testDeps({ random: (max) => Math.floor(max / 2) });
const FEE = 1500;
const REWARD = 3000;
const consumer = makeAccountingConsumer(() => deps);
const day = '2026-03-03';
const at = (hour: number) => `${day}T${String(hour).padStart(2, '0')}:00:00.000Z`;

const assigned = (taskId: string, userId: string, assignmentId = randomUUID(), hour = 9) =>
  busMessageOf(taskAssignedV1, {
    id: taskId,
    user_id: userId,
    assignment_id: assignmentId,
    assignment_seq: 1,
    assigned_at: at(hour),
  });
const completed = (taskId: string, userId: string, hour = 10) =>
  busMessageOf(taskCompletedV1, { id: taskId, user_id: userId, completed_at: at(hour) });
const createdV2 = (taskId: string, assignee: string) =>
  busMessageOf(taskCreatedV2, {
    id: taskId,
    title: 'Fix beak',
    jira_id: 'UBERPOP-42',
    description: 'it squeaks',
    assignee_id: assignee,
    status: 'open',
    created_at: at(8),
  });
const snapshot = (id: string, revision: number, email: string) => ({
  id,
  email,
  name: 'Kiwi',
  role: 'worker' as const,
  active: true,
  revision,
  changed_at: at(7),
});

const pricedEventsOf = async (taskId: string) =>
  (await outboxEvents()).filter((e) => e.name === 'task.priced' && e.data.id === taskId);

beforeAll(() => createTables([accountingService]));

describe('Accounting’s reactions, in any order and however often', () => {
  it('charges an assignment that arrives before its task, and fills in the task when it comes (v1 title split)', async () => {
    const [task, kiwi] = [randomUUID(), randomUUID()];
    expect(await deliver(consumer, assigned(task, kiwi))).toEqual([]);

    let view = await readAccountDay(deps, kiwi, { date: day }, { mustExist: true });
    expect(view.balance_cents).toBe(-FEE);
    expect(view.entries).toEqual([
      expect.objectContaining({
        type: 'fee',
        amount_cents: -FEE,
        task: { id: task, title: null, jira_id: null, description: null },
      }),
    ]);

    const v1 = busMessageOf(taskCreatedV1, {
      id: task,
      title: '[UBERPOP-9] Feed parrots',
      description: 'd',
    });
    expect(await deliver(consumer, v1)).toEqual([]);
    view = await readAccountDay(deps, kiwi, { date: day }, { mustExist: true });
    expect(view.entries[0]!.task).toEqual({
      id: task,
      title: 'Feed parrots',
      jira_id: 'UBERPOP-9',
      description: 'd',
    });
    expect(await pricedEventsOf(task)).toHaveLength(1);
    expect((await pricedEventsOf(task))[0]!.data).toMatchObject({
      fee_cents: FEE,
      reward_cents: REWARD,
    });
    await expectBalancesMatchLedgers(expect);
  });

  it('credits a completion that arrives before the task was priced, assigned or created', async () => {
    const [task, kea] = [randomUUID(), randomUUID()];
    expect(await deliver(consumer, completed(task, kea))).toEqual([]);
    expect(await deliver(consumer, assigned(task, kea), createdV2(task, kea))).toEqual([]);
    const view = await readAccountDay(deps, kea, { date: day }, { mustExist: true });
    expect(view.balance_cents).toBe(REWARD - FEE);
    expect(view.entries.map((e) => e.type)).toEqual(['reward', 'fee']); // newest first
    expect(view.entries[0]!.task).toMatchObject({ title: 'Fix beak', jira_id: 'UBERPOP-42' });
    expect(await pricedEventsOf(task)).toHaveLength(1);
    await expectBalancesMatchLedgers(expect);
  });

  it('applies a duplicated event once, and one fee per assignment id even from two different events', async () => {
    const [task, popug, assignment] = [randomUUID(), randomUUID(), randomUUID()];
    const message = assigned(task, popug, assignment);
    expect(await deliver(consumer, message, message)).toEqual([]);
    expect(await deliver(consumer, message)).toEqual([]);
    // The same assignment published again under a new event id (a producer retry).
    expect(await deliver(consumer, assigned(task, popug, assignment))).toEqual([]);
    // A reshuffle back to the same popug is a new assignment: charged again.
    expect(await deliver(consumer, assigned(task, popug, randomUUID(), 11))).toEqual([]);
    const done = completed(task, popug, 12);
    expect(await deliver(consumer, done, done)).toEqual([]);

    const account = (await accountsWithLedgers()).get(popug)!;
    expect(account.entries.map((e) => e.kind).sort()).toEqual(['fee', 'fee', 'reward']);
    expect(account.balance).toBe(REWARD - 2 * FEE);
    const balanceEvents = (await outboxEvents()).filter(
      (e) => e.name === 'user.balance_changed' && e.data.id === popug,
    );
    expect(balanceEvents.map((e) => e.data.revision).sort()).toEqual([1, 2, 3]);
    expect(
      (await outboxEvents()).filter((e) => e.name === 'account.fined' && e.data.user_id === popug),
    ).toHaveLength(2);
    await expectBalancesMatchLedgers(expect);
  });

  it('prices a task once when its first two events race, and a retry never re-rolls', async () => {
    let roll = 0;
    const racing = testDeps({ random: (max) => roll++ % max });
    const raceConsumer = makeAccountingConsumer(() => racing);
    const [task, a, b] = [randomUUID(), randomUUID(), randomUUID()];
    const first = await Promise.all([
      deliver(raceConsumer, assigned(task, a)),
      deliver(raceConsumer, completed(task, b)),
    ]);
    // The loser (if the two overlapped) is retried, as the queue would, and reads the winner's price.
    if (first[0].length > 0) expect(await deliver(raceConsumer, assigned(task, a))).toEqual([]);
    if (first[1].length > 0) expect(await deliver(raceConsumer, completed(task, b))).toEqual([]);
    const [priced] = await pricedEventsOf(task);
    expect(await pricedEventsOf(task)).toHaveLength(1);
    const accounts = await accountsWithLedgers();
    expect(accounts.get(a)!.balance).toBe(-(priced!.data.fee_cents as number));
    expect(accounts.get(b)!.balance).toBe(priced!.data.reward_cents);
  });

  it('learns the e-mail from user snapshots, newest revision wins in any order', async () => {
    const id = randomUUID();
    await deliver(consumer, busMessageOf(userUpdatedV1, snapshot(id, 3, 'new@uberpopug.test')));
    await deliver(consumer, busMessageOf(userCreatedV1, snapshot(id, 1, 'old@uberpopug.test')));
    expect(await deps.accounts.find(id)).toMatchObject({
      email: 'new@uberpopug.test',
      balance: 0,
      revision: 0,
    });
    // A movement after the snapshot keeps the e-mail; a snapshot after the movement keeps the balance.
    await deliver(consumer, assigned(randomUUID(), id));
    await deliver(consumer, busMessageOf(userUpdatedV1, snapshot(id, 4, 'newest@uberpopug.test')));
    expect(await deps.accounts.find(id)).toMatchObject({
      email: 'newest@uberpopug.test',
      balance: -FEE,
      revision: 1,
    });
  });

  it('keeps the day’s figures as it writes the ledger: management earnings = fees − rewards', async () => {
    const before = await readEarningsDashboard(
      { ...deps, clock: () => new Date(at(23)) },
      { from: day, to: day },
    );
    const [task, popug] = [randomUUID(), randomUUID()];
    await deliver(consumer, assigned(task, popug), completed(task, popug));
    const after = await readEarningsDashboard(
      { ...deps, clock: () => new Date(at(23)) },
      { from: '2026-03-01', to: day },
    );
    expect(after.days.map((d) => d.date)).toEqual([day, '2026-03-02', '2026-03-01']);
    const [today] = after.days;
    expect(today!.fees_cents - before.days[0]!.fees_cents).toBe(FEE);
    expect(today!.rewards_cents - before.days[0]!.rewards_cents).toBe(REWARD);
    expect(today!.management_earnings_cents).toBe(today!.fees_cents - today!.rewards_cents);
    expect(after.today).toEqual({
      date: day,
      management_earnings_cents: today!.management_earnings_cents,
    });
    expect(after.days[1]).toEqual({
      date: '2026-03-02',
      fees_cents: 0,
      rewards_cents: 0,
      management_earnings_cents: 0,
    });
    // The figures agree with the ledger itself.
    const entries = [...(await accountsWithLedgers()).values()].flatMap((a) => a.entries);
    const sum = (kind: string) =>
      entries.filter((e) => e.kind === kind).reduce((s, e) => s + Math.abs(e.amount_cents), 0);
    expect(today!.fees_cents).toBe(sum('fee'));
    expect(today!.rewards_cents).toBe(sum('reward'));
  });

  it('takes a burst of fees on one account at once without handing any back to the queue', async () => {
    // A reshuffle onto few workers: twenty fees on one account in flight at once (ten batches
    // of two, as Accounting's queue delivers them), three bursts. A record handed back waits
    // out the queue's visibility timeout (12 minutes) before anyone sees its fee.
    const hot = randomUUID();
    let handedBack = 0;
    for (let burst = 0; burst < 3; burst++) {
      const failed = await Promise.all(
        Array.from({ length: 10 }, () =>
          deliver(consumer, assigned(randomUUID(), hot), assigned(randomUUID(), hot)),
        ),
      );
      handedBack += failed.reduce((sum, errors) => sum + errors.length, 0);
    }
    expect(handedBack).toBe(0);
    const view = await readAccountDay(deps, hot, { date: day }, { mustExist: true });
    expect(view.balance_cents).toBe(-60 * FEE);
    await expectBalancesMatchLedgers(expect);
  });

  it('refuses an event breaking its contract without writing anything', async () => {
    const broken = JSON.parse(assigned(randomUUID(), randomUUID()));
    broken.detail.data.assignment_id = 'not-a-uuid';
    expect(await deliver(consumer, JSON.stringify(broken))).toEqual([
      expect.objectContaining({
        name: 'EventRejectedError',
        message: expect.stringMatching(/assignment_id/),
      }),
    ]);
    const unknownVersion = JSON.parse(assigned(randomUUID(), randomUUID()));
    unknownVersion.detail.metadata.event_version = 9;
    expect(await deliver(consumer, JSON.stringify(unknownVersion))).toEqual([
      expect.objectContaining({ name: 'UnknownEventError', message: expect.stringMatching(/@v9/) }),
    ]);
  });
});
