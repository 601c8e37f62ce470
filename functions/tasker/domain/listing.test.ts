import { describe, expect, it } from 'vitest';
import { resolveListScope } from './listing';
import { Refusal } from '#shared/refusal';

const worker = { id: 'w1', role: 'worker' as const };
const manager = { id: 'm1', role: 'manager' as const };

describe('who may list which tasks', () => {
  it('lists the caller’s own tasks by default', () => {
    expect(resolveListScope(worker, {})).toEqual({ kind: 'assignee', assigneeId: 'w1' });
    expect(resolveListScope(worker, { assignee: 'w1', status: 'open' })).toEqual({
      kind: 'assignee',
      assigneeId: 'w1',
      status: 'open',
    });
  });

  it('lets managers and admins list everyone’s or one employee’s tasks', () => {
    expect(resolveListScope(manager, { assignee: 'all', status: 'completed' })).toEqual({
      kind: 'everyone',
      status: 'completed',
    });
    expect(resolveListScope({ id: 'a', role: 'admin' }, { assignee: 'w1' })).toEqual({
      kind: 'assignee',
      assigneeId: 'w1',
    });
  });

  it('refuses a worker another employee’s list or everyone’s', () => {
    expect(() => resolveListScope(worker, { assignee: 'all' })).toThrow(Refusal);
    expect(() => resolveListScope(worker, { assignee: 'w2' })).toThrow(/only their own tasks/);
  });
});
