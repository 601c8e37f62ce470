import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cents } from '#shared/money';
import { emptyFact, type TaskCreated } from '../domain/task-fact';
import { memoryAnalytics } from '../test-support/memory-analytics';
import { readMostExpensive } from './most-expensive';
import { recordMovement } from './record-movement';
import { recordTaskCreated } from './record-task-created';

const DAY = '2026-03-02';
const createdOf = (id: string, reward: number): TaskCreated => ({
  task_id: id,
  title: `Task ${reward}`,
  jira_id: `UBERPOP-${reward}`,
});
/** Accounting's reward of the task: its completion time and business date, once per task. */
const rewardOf = (id: string, reward: number) => ({
  transaction_id: `${id.slice(0, 8)}-0000-4000-8000-000000000000`,
  user_id: randomUUID(),
  task_id: id,
  amount_cents: reward,
  balance_cents: reward,
  business_date: DAY,
  at: `${DAY}T10:00:00.000Z`,
});

describe('the most expensive task, from the reward movement and the title', () => {
  it("ranks a reward before its title arrives, shows the title once it does, and keeps the day's dearest", async () => {
    const memory = memoryAnalytics();
    const created = (id: string, reward: number) =>
      memory.react((deps, changes) => recordTaskCreated(deps, changes, createdOf(id, reward)));
    const rewarded = (id: string, reward: number) =>
      memory.react((deps, changes) =>
        recordMovement(deps, changes, 'reward', rewardOf(id, reward)),
      );
    const top = async () =>
      (await readMostExpensive(memory.deps, { period: 'day', date: DAY })).top;
    const [dear, cheap] = [randomUUID(), randomUUID()];
    await rewarded(dear, 3900);
    expect(await top()).toEqual({
      task_id: dear,
      title: '',
      jira_id: null,
      reward_cents: 3900,
      completed_at: `${DAY}T10:00:00.000Z`,
    });
    await created(dear, 3900);
    // A redelivery: refused at commit by its movement's fact, it changes nothing.
    await expect(rewarded(dear, 3900)).rejects.toMatchObject({
      guards: ['movement_not_counted_yet'],
    });
    await created(dear, 3900);
    await created(cheap, 2100);
    await rewarded(cheap, 2100);
    expect(await top()).toEqual({
      task_id: dear,
      title: 'Task 3900',
      jira_id: 'UBERPOP-3900',
      reward_cents: 3900,
      completed_at: `${DAY}T10:00:00.000Z`,
    });
  });

  it('ranks a fact the former pieces left priced and completed when its title comes, once', async () => {
    const memory = memoryAnalytics();
    const id = randomUUID();
    const former = {
      ...emptyFact(id),
      version: 2,
      legacy: {
        reward_cents: cents(4200),
        completed_at: `${DAY}T09:00:00.000Z`,
        completed_on: DAY,
        counted_on: null,
      },
    };
    memory.facts.facts.seed(id, former);
    const created = () =>
      memory.react((deps, changes) => recordTaskCreated(deps, changes, createdOf(id, 4200)));
    await created();
    await created(); // a redelivery: already titled and counted
    const answer = await readMostExpensive(memory.deps, { period: 'day', date: DAY });
    expect(answer.top).toMatchObject({ task_id: id, title: 'Task 4200', reward_cents: 4200 });
    expect(memory.facts.facts.get(id)?.legacy?.counted_on).toBe(DAY);
  });
});
