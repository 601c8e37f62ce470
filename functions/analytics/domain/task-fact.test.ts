import { describe, expect, it } from 'vitest';
import { cents } from '#shared/money';
import { emptyFact, legacyReadyToRank, titled, type TaskFact } from './task-fact';

const ID = '3f2b1c9e-8d7a-4b6c-9e5f-1a2b3c4d5e6f';
const created = { task_id: ID, title: 'Fix beak', jira_id: 'UBERPOP-42' };
/** A fact the former pieces wrote: priced and completed, waiting for its title. */
const formerFact: TaskFact = {
  ...emptyFact(ID),
  version: 2,
  legacy: {
    reward_cents: cents(2800),
    completed_at: '2026-03-03T10:00:00Z',
    completed_on: '2026-03-03',
    counted_on: null,
  },
};

describe('a task fact', () => {
  it('takes the first title: a repeat or the other version changes nothing', () => {
    const fact = titled(emptyFact(ID), created)!;
    expect(fact).toMatchObject({ title: 'Fix beak', jira_id: 'UBERPOP-42' });
    expect(titled(fact, { ...created, title: 'Renamed', jira_id: null })).toBeUndefined();
  });

  it('ranks a former fact once its title comes, and only once', () => {
    expect(legacyReadyToRank(formerFact)).toBeUndefined(); // no title yet
    const named = titled(formerFact, created)!;
    expect(legacyReadyToRank(named)).toEqual({
      task_id: ID,
      reward_cents: 2800,
      completed_at: '2026-03-03T10:00:00Z',
      completed_on: '2026-03-03',
    });
    const counted = { ...named, legacy: { ...named.legacy!, counted_on: '2026-03-03' } };
    expect(legacyReadyToRank(counted)).toBeUndefined();
  });

  it('leaves a new fact and a former one without a price or completion to the reward', () => {
    expect(legacyReadyToRank(titled(emptyFact(ID), created)!)).toBeUndefined();
    const unpriced = { ...formerFact, legacy: { ...formerFact.legacy!, reward_cents: null } };
    expect(legacyReadyToRank(titled(unpriced, created)!)).toBeUndefined();
  });
});
