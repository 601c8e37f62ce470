import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { assignment, at, DAY as day, memoryAccountingDeps, reacted } from '../test-support/memory';
import { chargeAssignmentFee } from './charge-assignment-fee';
import { payCompletionReward } from './pay-completion-reward';
import { readManagementEarnings } from './read-management-earnings';

describe('the earnings dashboard', () => {
  it('keeps the day’s figures as the ledger is written: management earnings = fees − rewards', async () => {
    const { deps } = memoryAccountingDeps({ clock: () => new Date(`${day}T23:00:00.000Z`) });
    for (const _popug of [1, 2]) {
      const [task, popug] = [randomUUID(), randomUUID()];
      await reacted(deps, (changes) => chargeAssignmentFee(deps, assignment(task, popug), changes));
      await reacted(deps, (changes) =>
        payCompletionReward(deps, { id: task, user_id: popug, completed_at: at(10) }, changes),
      );
    }
    const dashboard = await readManagementEarnings(deps, { from: '2026-03-01', to: day });
    expect(dashboard.days).toEqual([
      { date: day, fees_cents: 3000, rewards_cents: 6000, management_earnings_cents: -3000 },
      { date: '2026-03-02', fees_cents: 0, rewards_cents: 0, management_earnings_cents: 0 },
      { date: '2026-03-01', fees_cents: 0, rewards_cents: 0, management_earnings_cents: 0 },
    ]);
    expect(dashboard.today).toEqual({ date: day, management_earnings_cents: -3000 });
  });
});
