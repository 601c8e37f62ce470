import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { upcastTaskCreatedV1 } from '#events/tasker/upcast-task-created';
import {
  assignment,
  at,
  balancesMatchLedgers,
  DAY as day,
  memoryAccountingDeps,
  publishedData,
  reacted,
} from '../test-support/memory';
import { chargeAssignmentFee } from './charge-assignment-fee';
import { payCompletionReward } from './pay-completion-reward';
import { readAccountDay } from './read-account-day';
import { recordTask } from './record-task';

// The memory deps roll the middle of each range: a $15 fee, a $30 reward.
const [FEE, REWARD] = [1500, 3000];
const assigned = (id: string, userId: string, assignmentId?: string) =>
  assignment(id, userId, at(9), assignmentId);

describe('fees and rewards, in any order', () => {
  it('charges an assignment that arrives before its task, and fills in the task when it comes (v1 title split)', async () => {
    const { deps, unitOfWork, stores } = memoryAccountingDeps();
    const [task, kiwi] = [randomUUID(), randomUUID()];
    await reacted(deps, (changes) => chargeAssignmentFee(deps, assigned(task, kiwi), changes));

    let view = await readAccountDay(deps, kiwi, { date: day }, { mustExist: true });
    expect(view.balance_cents).toBe(-FEE);
    expect(view.entries).toEqual([
      expect.objectContaining({
        type: 'fee',
        amount_cents: -FEE,
        task: { id: task, title: null, jira_id: null, description: null },
      }),
    ]);
    const [fined] = publishedData(unitOfWork, 'account.fined');
    expect(fined).toEqual({
      transaction_id: view.entries[0]!.id,
      user_id: kiwi,
      task_id: task,
      amount_cents: -FEE,
      balance_cents: -FEE,
      business_date: day,
      at: at(9),
    });
    // Nobody consumes `user.balance_changed`: account.fined carries the balance instead.
    expect(publishedData(unitOfWork, 'user.balance_changed')).toEqual([]);

    const facts = upcastTaskCreatedV1(
      { id: task, title: '[UBERPOP-9] Feed parrots', description: 'd' },
      { event_time: at(8) } as never,
    );
    await reacted(deps, (changes) => recordTask(deps, facts, changes));
    view = await readAccountDay(deps, kiwi, { date: day }, { mustExist: true });
    expect(view.entries[0]!.task).toEqual({
      id: task,
      title: 'Feed parrots',
      jira_id: 'UBERPOP-9',
      description: 'd',
    });
    // Priced once, on first sight: the task's creation found the price.
    expect(publishedData(unitOfWork, 'task.priced')).toEqual([
      { id: task, fee_cents: FEE, reward_cents: REWARD, priced_at: expect.any(String) },
    ]);
    expect(balancesMatchLedgers(stores)).toBe(true);
  });

  it('records a task that arrives before its fee as its details alone: the fee prices it', async () => {
    const { deps, unitOfWork } = memoryAccountingDeps();
    const [task, kiwi] = [randomUUID(), randomUUID()];
    const facts = upcastTaskCreatedV1({ id: task, title: 'Feed parrots', description: 'd' }, {
      event_time: at(8),
    } as never);
    const written: number[] = [];
    await reacted(deps, async (changes) => {
      await recordTask(deps, facts, changes);
      written.push(changes.itemCount);
    });
    // One item: the details, nothing rolled and nothing published yet.
    expect(written).toEqual([1]);
    expect(await deps.tasks.findKnown(task)).toMatchObject({ price: null });
    expect(publishedData(unitOfWork, 'task.priced')).toEqual([]);
    await reacted(deps, (changes) => chargeAssignmentFee(deps, assigned(task, kiwi), changes));
    expect(publishedData(unitOfWork, 'task.priced')).toEqual([
      { id: task, fee_cents: FEE, reward_cents: REWARD, priced_at: expect.any(String) },
    ]);
  });

  it('credits a completion that arrives first, and charges each assignment id once', async () => {
    const { deps, unitOfWork, stores } = memoryAccountingDeps();
    const [task, kea, assignment] = [randomUUID(), randomUUID(), randomUUID()];
    const done = { id: task, user_id: kea, completed_at: at(12) };
    const credited = async () =>
      reacted(deps, (changes) => payCompletionReward(deps, done, changes));
    expect([await credited(), await credited()]).toEqual(['applied', 'duplicate']);
    const charged = async () =>
      reacted(deps, (changes) =>
        chargeAssignmentFee(deps, assigned(task, kea, assignment), changes),
      );
    expect([await charged(), await charged()]).toEqual(['applied', 'duplicate']);
    // A reshuffle back to the same popug is a new assignment: charged again.
    await reacted(deps, (changes) => chargeAssignmentFee(deps, assigned(task, kea), changes));

    const view = await readAccountDay(deps, kea, { date: day }, { mustExist: true });
    expect(view.balance_cents).toBe(REWARD - 2 * FEE);
    expect(view.entries.map((e) => e.type)).toEqual(['reward', 'fee', 'fee']); // newest first
    // At the completion's own time and on its business date: Analytics ranks the task by it.
    expect(publishedData(unitOfWork, 'account.rewarded')).toEqual([
      expect.objectContaining({ task_id: task, at: at(12), business_date: day }),
    ]);
    expect(publishedData(unitOfWork, 'account.fined')).toHaveLength(2);
    expect(publishedData(unitOfWork, 'user.balance_changed')).toEqual([]);
    expect(publishedData(unitOfWork, 'task.priced')).toHaveLength(1);
    expect(await deps.ledger.firstMovementDate()).toBe(day);
    expect(balancesMatchLedgers(stores)).toBe(true);
  });
});
