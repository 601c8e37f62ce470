import { describe, expect, it } from 'vitest';
import { seededRandomInt } from '#shared/random';
import { jobToJoin, jobToStart, newShuffleJob, progressOf } from './shuffle-job';
import { planChunk } from './shuffle-plan';
import type { Task } from './task';

let ids = 0;
const newId = () => `id-${++ids}`;

const task = (overrides: Partial<Task>): Task => ({
  id: 't',
  title: 'T',
  jira_id: null,
  description: '',
  status: 'open',
  assignee_id: 'a',
  assignment_id: 'x',
  assignment_seq: 1,
  assigned_at: '2024-01-01T00:00:00Z',
  created_at: '2024-01-01T00:00:00Z',
  completed_at: null,
  last_shuffle_job: null,
  ...overrides,
});

describe('reshuffle planning', () => {
  it('moves open tasks to a new assignment, leaves completed ones, and counts its own earlier moves', () => {
    const plan = planChunk(
      [
        task({ id: 'open', assignment_seq: 3 }),
        task({ id: 'done', status: 'completed' }),
        task({ id: 'moved', last_shuffle_job: 'job-1' }),
      ],
      ['b', 'c'],
      { jobId: 'job-1', random: seededRandomInt(1), now: new Date('2024-01-02T00:00:00Z'), newId },
    );
    expect(plan.completed).toBe(1);
    expect(plan.alreadyMoved).toBe(1);
    expect(plan.moves).toHaveLength(1);
    expect(plan.moves[0]!.assignment).toMatchObject({ assignment_seq: 4 });
    expect(['b', 'c']).toContain(plan.moves[0]!.assignment.assignee_id);
  });

  it('cannot move open tasks when nobody is assignable', () => {
    const job = { jobId: 'j', random: seededRandomInt(1), now: new Date(), newId };
    expect(() => planChunk([task({})], [], job)).toThrow(
      expect.objectContaining({ kind: 'no_assignable_employee' }),
    );
    // Nothing left to move: an empty pool does not matter.
    expect(planChunk([task({ status: 'completed' })], [], job).completed).toBe(1);
  });

  it('counts the moves that changed hands apart from those that drew the same worker', () => {
    const tasks = Array.from({ length: 40 }, (_, i) => task({ id: `t${i}`, assignee_id: 'a' }));
    const job = { jobId: 'job-2', random: seededRandomInt(3), now: new Date(), newId };
    const plan = planChunk(tasks, ['a', 'b'], job);
    const toOthers = plan.moves.filter((move) => move.assignment.assignee_id !== 'a').length;
    // Two candidates, forty draws: both outcomes occur, and only moves to `b` change hands.
    expect(toOthers).toBeGreaterThan(0);
    expect(toOthers).toBeLessThan(40);
    expect(plan.changedHands).toBe(toOthers);
  });

  it('starts the oldest waiting job only when the lane is free', () => {
    expect(jobToStart({ running_job: null, queue: ['j1', 'j2'] })).toBe('j1');
    expect(jobToStart({ running_job: 'j0', queue: ['j1'] })).toBeUndefined();
    expect(jobToStart({ running_job: null, queue: [] })).toBeUndefined();
  });

  it('joins a press to the job waiting and not started, never to the running one', () => {
    expect(jobToJoin({ running_job: 'j0', queue: ['j1'] })).toBe('j1');
    expect(jobToJoin({ running_job: null, queue: ['j1'] })).toBe('j1');
    expect(jobToJoin({ running_job: 'j0', queue: [] })).toBeUndefined();
  });

  it('reports progress against the open tasks at the start, capped at 1', () => {
    const job = { ...newShuffleJob('j', 'm', new Date()), status: 'running' as const };
    expect(progressOf({ ...job, open_tasks_at_start: 200, processed: 50 })).toBe(0.25);
    expect(progressOf({ ...job, open_tasks_at_start: 200, processed: 250 })).toBe(1);
    expect(progressOf({ ...job, status: 'done', open_tasks_at_start: 0 })).toBe(1);
  });
});
